"""CORS for browser front-ends: which origins may call the API, preflights answered here.

A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) never needs a token and never
reaches a service. Other requests from an allowed origin get ``Access-Control-Allow-Origin``
on whatever answers them (the service's response or the gateway's own 401/429). Credentials
are bearer tokens, never cookies, so ``Access-Control-Allow-Credentials`` is not sent.
"""

from __future__ import annotations

import re

from starlette.types import Message, Scope, Send

ALLOWED_METHODS = b"GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
# Headers a browser script may send (beyond the CORS-safelisted ones) and read back.
ALLOWED_HEADERS = frozenset(
    {"authorization", "content-type", "idempotency-key", "x-request-id", "accept-language"}
)
EXPOSED_HEADERS = b"X-Request-ID, Retry-After, Location, WWW-Authenticate"
MAX_AGE = b"600"
LOOPBACK_ORIGINS = (
    "http://localhost:*",
    "http://127.0.0.1:*",
    "http://[::1]:*",
    "https://localhost:*",
    "https://127.0.0.1:*",
    "https://[::1]:*",
)


def _pattern(origin: str) -> re.Pattern[str]:
    """``scheme://host`` exactly, or ``scheme://host:*`` for any (or no) port."""
    if origin.endswith(":*"):
        return re.compile(re.escape(origin[:-2]) + r"(:[0-9]{1,5})?")
    return re.compile(re.escape(origin.rstrip("/")))


class CorsPolicy:
    def __init__(self, origins: tuple[str, ...]) -> None:
        self._patterns = [_pattern(origin) for origin in origins]

    def allows(self, origin: str) -> bool:
        return any(pattern.fullmatch(origin) for pattern in self._patterns)

    @staticmethod
    def preflight_headers(origin: bytes, requested: bytes | None) -> list[tuple[bytes, bytes]]:
        """Headers answering an allowed preflight: the requested headers that are allowed."""
        wanted = [h.strip().lower() for h in (requested or b"").decode("latin-1").split(",")]
        allowed = ", ".join(h for h in wanted if h in ALLOWED_HEADERS)
        return [
            (b"access-control-allow-origin", origin),
            (b"access-control-allow-methods", ALLOWED_METHODS),
            (b"access-control-allow-headers", allowed.encode("latin-1")),
            (b"access-control-max-age", MAX_AGE),
            (b"vary", b"Origin"),
        ]

    @staticmethod
    def wrap(send: Send, origin: bytes) -> Send:
        """``send`` adding the allow-origin headers to the response it starts."""

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"access-control-allow-origin", origin),
                    (b"access-control-expose-headers", EXPOSED_HEADERS),
                    (b"vary", b"Origin"),
                ]
            await send(message)

        return send_with_cors


def origin_of(scope: Scope) -> bytes | None:
    return next((value for name, value in scope["headers"] if name == b"origin"), None)


def is_preflight(scope: Scope) -> bool:
    return scope["method"] == "OPTIONS" and any(
        name == b"access-control-request-method" for name, _ in scope["headers"]
    )
