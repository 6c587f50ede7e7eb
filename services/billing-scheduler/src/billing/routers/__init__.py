"""HTTP routes, thin: parse, call the service, return. Each declares its error responses."""
