"""Which service answers a path, which routes are public, and which are login-class routes.

``/api/<service>/<rest>`` goes to ``<service>_url/<rest>``. Paths under a service's
``/internal/`` are service-to-service only, and its operations endpoints (metrics, readiness,
its own docs) are for operators on internal addresses: neither is ever routed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from yarl import URL

API_PREFIX = "/api/"
# First path segments of a service that the gateway never forwards.
PRIVATE_SEGMENTS = frozenset(
    {"internal", "metrics", "readyz", "healthz", "docs", "redoc", "openapi.json"}
)


@dataclass(frozen=True, slots=True)
class PublicRoute:
    """A route reachable without credentials: its methods and its path template."""

    methods: frozenset[str]
    template: str

    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", self.template)
        regex = "".join(
            (".+" if part.endswith(":path}") else "[^/]+")
            if part.startswith("{")
            else re.escape(part)
            for part in parts
        )
        return re.compile(f"{regex}/?")


_GET = frozenset({"GET", "HEAD"})
_POST = frozenset({"POST"})

# Everything a caller may reach without a token. Every other path needs a valid access
# token or API key. If a public route's request carries credentials the gateway cannot
# verify, it is forwarded untouched and the service decides (a public service route ignores
# them; one that reads them optionally verifies them itself).
PUBLIC_ROUTES: tuple[PublicRoute, ...] = (
    PublicRoute(_POST, "/api/auth/register"),
    PublicRoute(_POST, "/api/auth/token"),
    PublicRoute(_POST, "/api/auth/token/refresh"),
    PublicRoute(_POST, "/api/auth/password-reset"),
    PublicRoute(_POST, "/api/auth/password-reset/confirm"),
    PublicRoute(_GET, "/api/auth/.well-known/jwks.json"),
    PublicRoute(_GET, "/api/catalog/products"),
    PublicRoute(_GET, "/api/catalog/products/{product_id}"),
    PublicRoute(_GET | _POST, "/api/payments/checkout/{session_id}"),
    PublicRoute(_GET | _POST, "/api/payments/checkout/{session_id}/{rest:path}"),
    PublicRoute(_POST, "/api/payments/providers/{provider}/callback"),
    PublicRoute(_GET, "/api/webhooks/event-types"),
)

# Credential-guessing targets: limited per client IP by the login limit, not the general one.
LOGIN_ROUTES: tuple[PublicRoute, ...] = (
    PublicRoute(_POST, "/api/auth/token"),
    PublicRoute(_POST, "/api/auth/password-reset"),
    PublicRoute(_POST, "/api/auth/password-reset/confirm"),
)


class _Matcher:
    """Matches (method, path) against a route table, looking only at the path's service."""

    def __init__(self, routes: tuple[PublicRoute, ...]) -> None:
        self._by_service: dict[str, list[tuple[frozenset[str], re.Pattern[str]]]] = {}
        for route in routes:
            service = route.template.split("/")[2]
            self._by_service.setdefault(service, []).append((route.methods, route.pattern()))

    def __call__(self, method: str, path: str) -> bool:
        end = path.find("/", len(API_PREFIX))
        routes = self._by_service.get(path[len(API_PREFIX) : end] if end > 0 else "")
        return routes is not None and any(
            method in methods and pattern.fullmatch(path) is not None for methods, pattern in routes
        )


is_public = _Matcher(PUBLIC_ROUTES)
is_login = _Matcher(LOGIN_ROUTES)


@dataclass(frozen=True, slots=True)
class Upstream:
    """One service behind the gateway."""

    name: str
    prefix: str  # "/api/orders"
    scheme: str
    authority: str  # host:port
    base_path: str  # path the service is mounted under at its origin ("" normally)

    @classmethod
    def from_url(cls, name: str, url: str) -> Upstream:
        parts = urlsplit(url)
        prefix = f"{API_PREFIX}{name}"
        return cls(name, prefix, parts.scheme, parts.netloc, parts.path.rstrip("/"))

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.authority}{self.base_path}"

    def url(self, raw_rest: str, query_string: bytes) -> URL:
        return URL.build(
            scheme=self.scheme,
            authority=self.authority,
            path=self.base_path + raw_rest,
            query_string=query_string.decode("latin-1"),
            encoded=True,
        )

    def public_location(self, location: str) -> str:
        """Rewrite a redirect that points into the service so it points through the gateway."""
        origin = self.origin
        if location.startswith(origin):
            rest = location[len(origin) :]
            if rest == "" or rest[0] in "/?":
                return self.prefix + rest
        elif location.startswith("/") and not location.startswith("//"):
            if location.startswith(self.base_path):
                return self.prefix + location[len(self.base_path) :]
        return location


@dataclass(frozen=True, slots=True)
class Target:
    upstream: Upstream
    raw_rest: str  # percent-encoded path at the service, e.g. "/cart"


class RouteTable:
    def __init__(self, services: dict[str, str]) -> None:
        self.upstreams = {name: Upstream.from_url(name, url) for name, url in services.items()}

    def resolve(self, path: str, raw_path: bytes | None) -> Target | None:
        """The service and the path it sees, or None (unknown prefix, internal, dot segments)."""
        if not path.startswith(API_PREFIX):
            return None
        slash = path.find("/", len(API_PREFIX))
        name = path[len(API_PREFIX) :] if slash < 0 else path[len(API_PREFIX) : slash]
        upstream = self.upstreams.get(name)
        if upstream is None:
            return None
        rest = "/" if slash < 0 else path[slash:]
        segments = [segment for segment in rest.split("/") if segment]
        if segments and (segments[0] in PRIVATE_SEGMENTS or "." in segments or ".." in segments):
            return None
        prefix = upstream.prefix.encode()
        if raw_path is not None and raw_path.startswith(prefix):
            raw_rest = raw_path[len(prefix) :].decode("latin-1") or "/"
            if raw_rest[0] != "/":  # the separating slash itself was percent-encoded
                raw_rest = quote(rest)
        else:
            raw_rest = quote(rest)
        return Target(upstream, raw_rest)
