"""Token signing keys: created at first start, rotated and retired by the ``auth-keys`` command."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.ext.asyncio import AsyncSession

from auth.models import SigningKey
from auth.repository import keys as key_repo
from common.db import utcnow


class KeyOperationRefused(Exception):
    """A key operation that cannot be done (the CLI prints it)."""


def generate_key(now: dt.datetime | None = None) -> SigningKey:
    """A fresh 2048-bit RSA key pair with a ``kid`` that sorts by creation time."""
    created = now or utcnow()
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    kid = f"{created:%Y%m%d%H%M%S}-{secrets.token_hex(4)}"
    return SigningKey(kid=kid, private_pem=pem, created_at=created)


async def ensure_key(session: AsyncSession) -> bool:
    """Create the first signing key if there is none; True when one was created."""
    await key_repo.lock(session)
    if await key_repo.published(session):
        return False
    session.add(generate_key())
    await session.flush()
    return True


async def rotate(session: AsyncSession) -> SigningKey:
    """Add a new signing key; older keys stay published (tokens they signed keep verifying)."""
    await key_repo.lock(session)
    key = generate_key()
    session.add(key)
    await session.flush()
    return key


async def retire(session: AsyncSession, *, kid: str) -> None:
    """Stop publishing a key: tokens it signed stop verifying once caches refresh."""
    await key_repo.lock(session)
    live = await key_repo.published(session)
    if kid not in {key.kid for key in live}:
        raise KeyOperationRefused(f"no published key with kid {kid!r}")
    if len(live) == 1:
        raise KeyOperationRefused("refusing to retire the only published key; rotate first")
    await key_repo.retire(session, kid, now=utcnow())


async def listing(session: AsyncSession) -> Sequence[SigningKey]:
    return await key_repo.all_keys(session)
