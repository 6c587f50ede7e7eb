"""HTTP routes: endpoints, deliveries, the event-type catalog."""
