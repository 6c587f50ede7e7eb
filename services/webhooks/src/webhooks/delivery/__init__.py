"""Sending deliveries: the guarded HTTP client, the retry schedule and the dispatcher."""
