"""HTTP routes of the auth service, mounted at the service root."""
