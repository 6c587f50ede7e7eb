"""Business rules of the auth service; functions take the session first and never commit."""
