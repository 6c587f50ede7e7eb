"""Every query of the webhooks service."""
