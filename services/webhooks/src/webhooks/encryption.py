"""Endpoint signing secrets at rest: AES-256-GCM under the keys of ``WEBHOOKS_SECRETS_KEY``.

The setting holds one key or more, newest first: the newest encrypts, every one decrypts, so a
new key is added in front and the old ones stay until ``python -m webhooks.cli
rotate-encryption-key`` has re-encrypted every row with the newest.

A stored secret is ``v1.<key id>.<base64url(nonce | ciphertext | tag)>``. The key id names the
key that encrypted it, so decrypting never tries keys in turn and the re-encryption finds the
rows an old key still holds. The endpoint's id is the associated data: a ciphertext copied onto
another endpoint's row does not decrypt there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import uuid
from collections.abc import Sequence
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12

# The development default of WEBHOOKS_SECRETS_KEY (Settings refuses it in production): it is
# public, so it protects nothing; it only lets `make run` and the tests work unconfigured.
DEV_KEY = base64.urlsafe_b64encode(b"dev-only webhooks secrets key!!!").decode()


class InvalidKey(ValueError):
    """A configured key is not 32 bytes of base64."""


class CannotDecrypt(Exception):
    """The ciphertext is malformed, its key is not configured, or it was tampered with."""


def parse_key(text: str) -> bytes:
    """A key as configured: 32 bytes in base64 (standard or URL-safe alphabet, as
    ``generate_key``, ``Fernet.generate_key()`` or ``openssl rand -base64 32`` make them)."""
    try:
        key = base64.urlsafe_b64decode(text.strip().replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError) as exc:
        raise InvalidKey("a WEBHOOKS_SECRETS_KEY key is not valid base64") from exc
    if len(key) != KEY_BYTES:
        raise InvalidKey(
            f"a WEBHOOKS_SECRETS_KEY key must be {KEY_BYTES} bytes in base64, not {len(key)}"
        )
    return key


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


def key_id(key: bytes) -> str:
    """A short, stable name for a key; it reveals nothing usable about the key."""
    return hashlib.sha256(b"webhooks-secrets-key-id:" + key).hexdigest()[:8]


class KeyRing:
    """Encrypts with the first (newest) key, decrypts with whichever key a ciphertext names."""

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys:
            raise InvalidKey("WEBHOOKS_SECRETS_KEY needs at least one key")
        self._ciphers: dict[str, AESGCM] = {}
        for key in keys:
            self._ciphers.setdefault(key_id(key), AESGCM(key))
        self.current_id = key_id(keys[0])
        self._current = self._ciphers[self.current_id]
        self._current_prefix = f"{VERSION}.{self.current_id}."

    def encrypt(self, secret: str, *, endpoint_id: uuid.UUID) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._current.encrypt(nonce, secret.encode(), endpoint_id.bytes)
        return self._current_prefix + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, stored: str, *, endpoint_id: uuid.UUID) -> str:
        version, _, rest = stored.partition(".")
        kid, _, payload = rest.partition(".")
        if version != VERSION or not payload:
            raise CannotDecrypt("not an encrypted secret")
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise CannotDecrypt(f"encrypted with key {kid}, which WEBHOOKS_SECRETS_KEY lacks")
        try:
            raw = base64.urlsafe_b64decode(payload)
            return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], endpoint_id.bytes).decode()
        except (binascii.Error, ValueError, InvalidTag) as exc:
            raise CannotDecrypt(f"does not decrypt with key {kid} for this endpoint") from exc

    def is_current(self, stored: str) -> bool:
        """Whether ``stored`` is already encrypted with the newest key."""
        return stored.startswith(self._current_prefix)

    def reencrypt(self, stored: str, *, endpoint_id: uuid.UUID) -> str:
        """``stored`` under the newest key (unchanged if it already is)."""
        if self.is_current(stored):
            return stored
        return self.encrypt(self.decrypt(stored, endpoint_id=endpoint_id), endpoint_id=endpoint_id)


@lru_cache(maxsize=8)
def keyring(keys: tuple[str, ...]) -> KeyRing:
    """The key ring of configured keys (built once per distinct setting)."""
    return KeyRing([parse_key(key) for key in keys])
