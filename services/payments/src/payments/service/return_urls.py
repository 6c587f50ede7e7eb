"""Where a checkout may send the customer back to: ``success_url`` and ``cancel_url``.

https only, so the redirect (which carries the session id) is never readable on the way;
plain http only to a loopback address outside production, for a shop developed locally.
Never credentials in the URL: they would end up in the customer's browser history.
"""

from __future__ import annotations

import ipaddress

from pydantic import HttpUrl

from common.errors import Unprocessable


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def problem(url: HttpUrl, *, allow_http_loopback: bool) -> str | None:
    """Why ``url`` may not be a return URL, or None when it may."""
    if url.username or url.password:
        return "must not contain a user name or password"
    if url.scheme == "https":
        return None
    if allow_http_loopback and _is_loopback(url.host or ""):
        return None
    if allow_http_loopback:
        return "must use https (plain http only for localhost)"
    return "must use https"


def check(urls: dict[str, HttpUrl], *, allow_http_loopback: bool) -> None:
    """422 listing every return URL that is refused, each under its own field."""
    errors = [
        {"loc": ["body", name], "msg": f"{name} {reason}"}
        for name, url in urls.items()
        if (reason := problem(url, allow_http_loopback=allow_http_loopback)) is not None
    ]
    if errors:
        raise Unprocessable("The return URLs are not acceptable.", errors=errors)
