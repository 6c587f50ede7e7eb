"""Webhooks: signed Standard Webhooks deliveries of platform events to the endpoints of users."""
