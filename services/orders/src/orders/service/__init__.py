"""Business rules of the orders service, one module per use case; nothing here commits."""
