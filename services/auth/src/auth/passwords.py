"""Password hashing (argon2id through passlib) and the password policy.

Hashing runs in a worker thread: at the default cost one hash takes tens of milliseconds of
CPU, which must not stall the event loop serving other requests.
"""

from __future__ import annotations

import asyncio
from functools import cache
from importlib import resources

from passlib.hash import argon2

MIN_LENGTH = 8
MAX_LENGTH = 256


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords (lower case)."""
    text = resources.files("auth").joinpath("common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_password_strength(password: str) -> str:
    """Pydantic ``AfterValidator``: 8..256 characters and not one of the common passwords."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"the password must have at most {MAX_LENGTH} characters")
    if password.lower() in common_passwords() or len(set(password)) == 1:
        raise ValueError("this password is too common; choose another")
    return password


class PasswordHasher:
    """argon2id with costs from settings (tests use cheap ones); knows a dummy hash so that a
    sign-in for an unknown user costs as much as one with a wrong password."""

    def __init__(self, *, time_cost: int, memory_cost: int, parallelism: int) -> None:
        self._handler = argon2.using(
            type="ID", time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism
        )
        self._dummy = self._handler.hash("dummy password for unknown accounts")

    def hash_sync(self, password: str) -> str:
        return str(self._handler.hash(password))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self.hash_sync, password)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Checks ``password``; with no hash (unknown account) checks a dummy and fails."""
        target = password_hash or self._dummy
        try:
            ok = await asyncio.to_thread(self._handler.verify, password, target)
        except (ValueError, TypeError):
            return False
        return bool(ok) and password_hash is not None
