"""The SSRF guard: which destinations a delivery may be sent to.

A destination is refused unless every address it stands for is a public unicast address or
lies in an allow-listed network (loopback in development). The check runs when an endpoint's
URL is saved, and again on each delivery against what the name resolves to then (see
:class:`webhooks.delivery.client.GuardedResolver`), so a name re-pointed at an internal
address after it was saved (DNS rebinding) is still refused. Hosts spelled as integers, octal
or hex (``2852039166``, ``0x7f.1``, ``0177.0.0.1``) are read the way ``inet_aton`` and browsers
read them, so they are checked as the addresses they are.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolve = Callable[[str, int], Awaitable[list[IPAddress]]]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_NUMBER = re.compile(r"^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$", re.IGNORECASE)


class DestinationRefused(ValueError):
    """The URL is not a destination deliveries may go to; the message says why."""


@dataclass(frozen=True, slots=True)
class Destination:
    url: SplitResult
    host: str
    port: int
    address: IPAddress | None
    """The host as an address when it is one (in any spelling), None for a name."""


def parse_ipv4_number(host: str) -> ipaddress.IPv4Address | None:
    """``inet_aton``'s reading of a host made of 1 to 4 dot-separated numbers, each decimal,
    octal (leading 0) or hex (0x); the last number fills the remaining bytes. None for a
    name; a host that ends in a number but is no such address is refused."""
    parts = host.rstrip(".").split(".")
    if not _NUMBER.match(parts[-1]):
        return None
    # A host ending in a number is an IPv4 address to browsers (WHATWG URL), or invalid.
    if len(parts) > 4 or not all(_NUMBER.match(part) for part in parts):
        raise DestinationRefused(f"{host!r} is not a valid IPv4 address")
    values = [_number(part) for part in parts]
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (5 - len(values)):
        raise DestinationRefused(f"{host!r} is not a valid IPv4 address")
    number = last
    for index, value in enumerate(head):
        number += value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part[1:], 8)
    return int(part)


def parse_destination(url: str, *, require_https: bool = False) -> Destination:
    """Check the URL's form (http(s), a host, no credentials) and read its host."""
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url.strip()):
        raise DestinationRefused("the URL contains spaces or control characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise DestinationRefused(f"the URL is malformed: {exc}") from exc
    schemes = ("https",) if require_https else ("http", "https")
    if parts.scheme not in schemes:
        raise DestinationRefused(f"the URL's scheme must be {' or '.join(schemes)}")
    if parts.username is not None or parts.password is not None:
        raise DestinationRefused("the URL must not carry credentials")
    host = (parts.hostname or "").lower()
    if not host:
        raise DestinationRefused("the URL has no host")
    address: IPAddress | None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = parse_ipv4_number(host)
    if address is None and not _valid_name(host):
        raise DestinationRefused(f"{host[:100]!r} is not a valid host name")
    return Destination(parts, host, port or (443 if parts.scheme == "https" else 80), address)


def _valid_name(host: str) -> bool:
    labels = host.removesuffix(".").split(".")
    return len(host) <= 253 and all(
        re.fullmatch(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?", label) for label in labels
    )


def refusal(address: IPAddress, allowed: Sequence[IPNetwork] = ()) -> str | None:
    """Why deliveries may not go to ``address`` (None: they may)."""
    if any(address.version == net.version and address in net for net in allowed):
        return None
    if address in _METADATA:
        return "a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "a scoped IPv6 address"
        if address.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        embedded = address.sixtofour or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None
        )
        if embedded is not None and refusal(embedded) is not None:
            return f"an IPv6 address embedding {embedded}"
        if address in _UNIQUE_LOCAL:
            return "an IPv6 unique-local address"
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.version == 4 and address in _CGNAT, "a carrier-grade NAT address"),
        (address.is_unspecified, "the unspecified address"),
        (address.is_private, "a private address"),
        (address.is_reserved or not address.is_global, "not a public address"),
    )
    return next((reason for hit, reason in checks if hit), None)


def check_addresses(
    host: str, addresses: Iterable[IPAddress], allowed: Sequence[IPNetwork]
) -> None:
    """Refuse the destination if any address it stands for is refused."""
    for address in addresses:
        reason = refusal(address, allowed)
        if reason is not None:
            shown = host if host == str(address) else f"{host} ({address})"
            raise DestinationRefused(f"{shown} is {reason}")


async def system_resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses ``host`` resolves to, through the system resolver."""
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


async def check_url(
    url: str,
    *,
    allowed: Sequence[IPNetwork],
    require_https: bool = False,
    resolve: Resolve = system_resolve,
) -> Destination:
    """The check made when an endpoint's URL is saved. A name that does not resolve (yet) is
    accepted: whatever it resolves to is checked again at each delivery."""
    destination = parse_destination(url, require_https=require_https)
    if destination.address is not None:
        check_addresses(destination.host, [destination.address], allowed)
        return destination
    try:
        addresses = await asyncio.wait_for(resolve(destination.host, destination.port), 5.0)
    except (OSError, UnicodeError, TimeoutError):
        return destination
    check_addresses(destination.host, addresses, allowed)
    return destination
