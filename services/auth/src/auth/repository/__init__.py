"""Every query of the auth service, one module per aggregate."""
