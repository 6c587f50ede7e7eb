"""Events produced by the auth service."""

from __future__ import annotations

import uuid

from common.events.base import Event


class UserRegistered(Event):
    routing_key = "auth.user.registered"
    user_id: uuid.UUID
    email: str
    username: str
    role: str


class UserUpdated(Event):
    routing_key = "auth.user.updated"
    user_id: uuid.UUID
    email: str
    username: str
    role: str
    is_active: bool
    email_verified: bool


class UserDeleted(Event):
    routing_key = "auth.user.deleted"
    user_id: uuid.UUID
