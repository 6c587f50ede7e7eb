"""A minimal service built on common, used to test the platform pieces end to end.

It is also the smallest complete example of how a service wires settings, models, migrations,
routes with idempotency, the outbox and an inbox handler.
"""
