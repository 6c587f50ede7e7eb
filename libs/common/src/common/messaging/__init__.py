"""The event bus: outbox (publish in the caller's transaction), relay, and the inbox consumer."""
