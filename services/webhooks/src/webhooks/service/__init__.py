"""The webhooks service's rules: endpoints, fan-out of events, deliveries."""
