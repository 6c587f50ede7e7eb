"""The HTTP side of a delivery: one signed POST, never following redirects, through a
resolver that refuses internal addresses, summarised as an :class:`Attempt`."""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from webhooks import signing
from webhooks.ssrf import DestinationRefused, IPNetwork, check_addresses, parse_destination


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one request gave: a status code (None when no answer came), how long it took,
    the first bytes of the answer or why there was none, and a ``Retry-After`` in seconds."""

    attempted_at: dt.datetime
    status_code: int | None
    duration_ms: int
    excerpt: str
    error: str | None
    retry_after: float | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


class GuardedResolver(AbstractResolver):
    """Resolves through the system resolver and refuses a name if any of its addresses is
    refused: aiohttp connects only to addresses this returned, so what was checked is what
    is reached (no window for DNS rebinding between check and connect)."""

    def __init__(self, allowed: Sequence[IPNetwork]) -> None:
        self._allowed = tuple(allowed)
        self._resolver = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._resolver.resolve(host, port, family)
        addresses = [ipaddress.ip_address(result["host"].split("%", 1)[0]) for result in results]
        check_addresses(host, addresses, self._allowed)
        return results

    async def close(self) -> None:
        await self._resolver.close()


@lru_cache(maxsize=4096)
def _literal_refusal(url: str, allowed: tuple[IPNetwork, ...]) -> str | None:
    """The guard for URLs whose host is an address (aiohttp does not resolve those)."""
    try:
        destination = parse_destination(url)
        if destination.address is not None:
            check_addresses(destination.host, [destination.address], allowed)
    except DestinationRefused as exc:
        return str(exc)
    return None


def open_session(
    *, allowed: Sequence[IPNetwork], timeout: float, limit: int
) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(
        limit=limit,
        resolver=GuardedResolver(allowed),
        ttl_dns_cache=10,
        enable_cleanup_closed=True,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=timeout),
        trust_env=False,
        auto_decompress=False,
        skip_auto_headers=("Accept-Encoding",),
    )


async def send(
    http: aiohttp.ClientSession,
    *,
    url: str,
    webhook_id: str,
    body: bytes,
    secrets: Sequence[str],
    allowed: tuple[IPNetwork, ...],
    excerpt_bytes: int,
) -> Attempt:
    """POST ``body`` to ``url``, signed with each of ``secrets`` at the current time."""
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    refused = _literal_refusal(url, allowed)
    if refused is not None:
        return Attempt(now, None, 0, "", f"destination refused: {refused}", None)
    text = body.decode()
    headers = signing.headers(secrets, webhook_id=webhook_id, timestamp=now, body=text)
    try:
        async with http.post(url, data=body, headers=headers, allow_redirects=False) as response:
            excerpt = await _read_excerpt(response, excerpt_bytes)
            status = response.status
            retry_after = _retry_after(response.headers.get("Retry-After"), now)
    except DestinationRefused as exc:
        return Attempt(now, None, _ms(started), "", f"destination refused: {exc}", None)
    except TimeoutError:
        return Attempt(now, None, _ms(started), "", "timed out", None)
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        return Attempt(now, None, _ms(started), "", _describe(exc), None)
    return Attempt(now, status, _ms(started), excerpt, None, retry_after)


async def _read_excerpt(response: aiohttp.ClientResponse, limit: int) -> str:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = await response.content.read(limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _retry_after(value: str | None, now: dt.datetime) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _describe(exc: BaseException) -> str:
    cause: Any = exc
    while cause is not None:
        if isinstance(cause, DestinationRefused):
            return f"destination refused: {cause}"
        cause = cause.__cause__ or getattr(cause, "os_error", None)
    return f"{type(exc).__name__}: {exc}"[:500]


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)
