"""Shared plumbing for the platform's services. Holds no business logic of any one service."""
