"""One OpenAPI 3.1 document for the whole platform, merged from every running service's own.

Paths get their gateway prefix (``/products`` of catalog -> ``/api/catalog/products``),
component names get the service's namespace (``ProductRead`` -> ``catalog.ProductRead``, with
every ``$ref`` rewritten), operations are tagged by service, and the security scheme is the
gateway's: OAuth2 password flow against ``/api/auth/token`` (the docs UI's Authorize button)
or a bearer token / API key, required on every route that is not public (public operations
carry ``security: []``). The problem schemas every service shares (``Problem``,
``ValidationProblem``) stay one component, and the answers the gateway itself may give (401,
413, 429, 502-504) are added to every operation they apply to.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
import structlog

from common.errors import PROBLEM_JSON
from common.openapi import problem_schemas
from gateway.openapi_text import DESCRIPTION, GATEWAY_RESPONSES, PROBLEM_COMPONENTS
from gateway.routes import Upstream, is_public

log = structlog.get_logger("gateway.openapi")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SECURITY_SCHEMES: dict[str, Any] = {
    "OAuth2PasswordBearer": {
        "type": "oauth2",
        "description": "Log in with a username (or email) and password.",
        "flows": {"password": {"tokenUrl": "/api/auth/token", "scopes": {}}},
    },
    "HTTPBearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token, or an API key (`sk_...`).",
    },
}
SECURITY: list[dict[str, list[str]]] = [{"OAuth2PasswordBearer": []}, {"HTTPBearer": []}]
_MIN_REBUILD_INTERVAL = 1.0


def _rewrite_refs(node: Any, namespace: str, *, in_mapping: bool = False) -> Any:
    """A copy of ``node`` whose ``#/components/<kind>/<name>`` refs carry the namespace."""
    if isinstance(node, dict):
        return {
            key: (
                _namespaced_ref(value, namespace)
                if (key == "$ref" or in_mapping) and isinstance(value, str)
                else _rewrite_refs(value, namespace, in_mapping=key == "mapping")
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item, namespace) for item in node]
    return node


def _namespaced_ref(ref: str, namespace: str) -> str:
    parts = ref.split("/")
    if len(parts) == 4 and parts[:2] == ["#", "components"] and parts[3] not in PROBLEM_COMPONENTS:
        return f"#/components/{parts[2]}/{namespace}.{parts[3]}"
    return ref


def _is_internal(path: str) -> bool:
    segments = [segment for segment in path.split("/") if segment]
    return bool(segments) and segments[0] == "internal"


def merge(documents: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """The merged document; a service whose document is None is listed as unavailable."""
    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    webhooks: dict[str, Any] = {}
    tags: list[dict[str, str]] = []
    unavailable = [name for name, document in documents.items() if document is None]
    for name, document in documents.items():
        if document is None:
            continue
        title = document.get("info", {}).get("title", name)
        tags.append({"name": name, "description": f"{title} (`/api/{name}`)"})
        for kind, entries in document.get("components", {}).items():
            if kind == "securitySchemes":
                continue
            target = components.setdefault(kind, {})
            for key, value in entries.items():
                shared = kind == "schemas" and key in PROBLEM_COMPONENTS
                target[key if shared else f"{name}.{key}"] = _rewrite_refs(value, name)
        for path, item in document.get("paths", {}).items():
            if _is_internal(path) or not isinstance(item, dict):
                continue
            full = f"/api/{name}{path}" if path != "/" else f"/api/{name}"
            paths[full] = _operations(_rewrite_refs(item, name), name, full)
        for key, item in document.get("webhooks", {}).items():
            webhooks[f"{name}.{key}"] = _operations(_rewrite_refs(item, name), name, None)
    components["securitySchemes"] = SECURITY_SCHEMES
    components["responses"] = {**components.get("responses", {}), **GATEWAY_RESPONSES}
    components["schemas"] = {**components.get("schemas", {}), **problem_schemas()}
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "Shop platform API",
            "version": "1.0.0",
            "description": _description(documents, unavailable),
        },
        "paths": paths,
        "components": components,
        "security": SECURITY,
        "tags": tags,
    }
    if webhooks:
        merged["webhooks"] = webhooks
    return merged


def _operations(item: dict[str, Any], service: str, path: str | None) -> dict[str, Any]:
    for method in HTTP_METHODS:
        operation = item.get(method)
        if not isinstance(operation, dict):
            continue
        operation["tags"] = [service]
        if "operationId" in operation:
            operation["operationId"] = f"{service}_{operation['operationId']}"
        public = path is not None and is_public(method.upper(), path)
        operation["security"] = [] if public else SECURITY
        _gateway_responses(operation, public=public, has_path_params="{" in (path or ""))
    return item


def _gateway_responses(operation: dict[str, Any], *, public: bool, has_path_params: bool) -> None:
    """What the gateway may answer before (or instead of) the service, when not documented."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    added = {"429": "RateLimited", "502": "BadGateway", "503": "ServiceUnavailable"}
    added["504"] = "GatewayTimeout"
    if not public:
        added["401"] = "Unauthorized"
    if "requestBody" in operation:
        added["413"] = "ContentTooLarge"
    if has_path_params:
        added["404"] = "NotFound"
    for status, name in added.items():
        own = responses.setdefault(status, {"$ref": f"#/components/responses/{name}"})
        content = own.get("content")
        if content and PROBLEM_JSON not in content:  # an HTML page's own error page
            content[PROBLEM_JSON] = {"schema": {"$ref": "#/components/schemas/Problem"}}
    operation["responses"] = dict(sorted(responses.items()))


def _description(documents: dict[str, Any], unavailable: list[str]) -> str:
    available = [name for name in documents if name not in unavailable]
    lines = [DESCRIPTION, "", f"Services in this document: {', '.join(available) or 'none'}."]
    if unavailable:
        lines.append(
            f"Unavailable when this document was built (their routes are missing): "
            f"{', '.join(unavailable)}."
        )
    return "\n".join(lines)


_RETRY_MISSING_SECONDS = 1.0


class OpenAPISource:
    """Fetches every service's ``/openapi.json``, merges them, and caches the result."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        upstreams: dict[str, Upstream],
        *,
        cache_seconds: float,
        fetch_timeout: float,
    ) -> None:
        self._http = http
        self._upstreams = upstreams
        self._cache_seconds = cache_seconds
        self._timeout = aiohttp.ClientTimeout(total=fetch_timeout)
        self._body: bytes | None = None
        self._built_at = 0.0
        self._lock = asyncio.Lock()
        self._documents: dict[str, tuple[dict[str, Any] | None, float]] = {}

    async def document(self, *, refresh: bool = False) -> bytes:
        """The merged document as JSON, rebuilt when older than the cache period or when asked
        to (at most once a second: the endpoint is public)."""
        if refresh and time.monotonic() - self._built_at < _MIN_REBUILD_INTERVAL:
            refresh = False
        if not refresh and self._fresh():
            assert self._body is not None
            return self._body
        async with self._lock:
            if refresh or not self._fresh():
                await self.rebuild()
        assert self._body is not None
        return self._body

    def _fresh(self) -> bool:
        return self._body is not None and time.monotonic() - self._built_at < self._ttl()

    def _ttl(self) -> float:
        """A service that was down is asked again soon (it may just be starting)."""
        missing = any(document is None for document, _ in self._documents.values())
        return min(self._cache_seconds, _RETRY_MISSING_SECONDS) if missing else self._cache_seconds

    def _stale(self, name: str, now: float) -> bool:
        document, fetched_at = self._documents.get(name, (None, -1e9))
        limit = self._cache_seconds if document is not None else _RETRY_MISSING_SECONDS
        return now - fetched_at >= limit

    async def rebuild(self) -> None:
        now = time.monotonic()
        stale = [name for name in self._upstreams if self._stale(name, now)]
        fetched = await asyncio.gather(*(self._fetch(self._upstreams[n]) for n in stale))
        for name, document in zip(stale, fetched, strict=True):
            self._documents[name] = (document, now)
        merged = merge({name: self._documents[name][0] for name in self._upstreams})
        self._body = json.dumps(merged, separators=(",", ":")).encode()
        self._built_at = time.monotonic()

    async def _fetch(self, upstream: Upstream) -> dict[str, Any] | None:
        url = f"{upstream.origin}/openapi.json"
        try:
            async with self._http.get(url, timeout=self._timeout) as response:
                if response.status != 200:
                    log.warning(
                        "openapi_unavailable", upstream=upstream.name, status=response.status
                    )
                    return None
                document = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.info("openapi_unavailable", upstream=upstream.name, error=repr(exc))
            return None
        return document if isinstance(document, dict) else None
