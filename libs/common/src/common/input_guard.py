"""Hostile input refused before any route sees it, the same way in every service.

PostgreSQL cannot store a NUL character, UTF-8 cannot encode a lone surrogate, a BIGINT holds
64 bits and Python's JSON parser recurses: each of these, left to reach a query or a parser,
was a 500. This middleware (installed by ``common.app.create_service_app``) answers them as
problem+json instead, for the query string and for the request body, whatever the route:

- a NUL character, a lone surrogate or bytes that are not UTF-8, in any query parameter or any
  string (or key) of a JSON or form body: 422 ``invalid_text``;
- an integer beyond 64 bits in a query parameter or a JSON body: 422 ``integer_out_of_range``;
- JSON nested deeper than ``MAX_JSON_DEPTH``: 400 ``malformed_request``.

The common case costs a few C-speed scans of the bytes: a body is parsed here only when one of
those scans finds something suspicious. The body, read once, is replayed to the app.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.errors import problem_response

MAX_JSON_DEPTH = 64
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONG_NUMBER = re.compile(rb"[0-9]{19}")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_SURROGATES = re.compile("[\ud800-\udfff]")

Loc = list[str]


class _Refusal(Exception):
    def __init__(self, status: int, code: str, detail: str, loc: Loc | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.loc = status, code, detail, loc

    def response_parts(self) -> tuple[int, str, str, list[dict[str, Any]] | None]:
        errors = [{"loc": self.loc, "msg": self.detail}] if self.loc is not None else None
        return self.status, self.detail, self.code, errors


def _bad_text(loc: Loc) -> _Refusal:
    detail = "Text may not contain NUL characters, lone surrogates or invalid UTF-8."
    return _Refusal(422, "invalid_text", detail, loc)


def _out_of_range(loc: Loc) -> _Refusal:
    return _Refusal(422, "integer_out_of_range", "Integers must fit in 64 bits.", loc)


def check_text(value: str, loc: Loc) -> None:
    if "\x00" in value or _SURROGATES.search(value):
        raise _bad_text(loc)


def _check_query(query_string: bytes) -> None:
    if not query_string:
        return
    for pair in query_string.split(b"&"):
        name, _, raw = pair.partition(b"=")
        try:
            key = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
            value = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise _bad_text(["query", name.decode("latin-1")]) from None
        loc = ["query", key]
        check_text(key, loc)
        check_text(value, loc)
        if (
            len(value) > 18
            and _INTEGER.fullmatch(value)
            and not INT64_MIN <= int(value) <= INT64_MAX
        ):
            raise _out_of_range(loc)


def _check_json(body: bytes) -> None:
    suspicious = (
        (b"\\u0000" in body or _SURROGATE_ESCAPE.search(body) is not None)
        or _LONG_NUMBER.search(body) is not None
        or body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH
    )
    if not suspicious:
        return
    try:
        document = json.loads(body)
    except RecursionError:
        document = None
        _too_deep()
    except ValueError:
        return  # not JSON: the route answers 400 malformed_request itself
    stack: list[tuple[Any, Loc]] = [(document, ["body"])]
    while stack:
        node, loc = stack.pop()
        if len(loc) > MAX_JSON_DEPTH + 1:
            _too_deep()
        if isinstance(node, str):
            check_text(node, loc)
        elif isinstance(node, bool):
            continue
        elif isinstance(node, int):
            if not INT64_MIN <= node <= INT64_MAX:
                raise _out_of_range(loc)
        elif isinstance(node, dict):
            for key, value in node.items():
                check_text(key, loc)
                stack.append((value, [*loc, key]))
        elif isinstance(node, list):
            stack.extend((item, [*loc, str(index)]) for index, item in enumerate(node))


def _too_deep() -> None:
    detail = f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels."
    raise _Refusal(400, "malformed_request", detail)


def _check_form(body: bytes) -> None:
    try:
        _check_query(body)
    except _Refusal as refusal:
        if refusal.loc:
            refusal.loc[0] = "body"
        raise


def _check_body(body: bytes, content_type: bytes) -> None:
    if b"x-www-form-urlencoded" in content_type:
        _check_form(body)
    elif b"\x00" in body:
        raise _bad_text(["body"])
    else:  # JSON, or whatever a route might parse as JSON (idempotency fingerprints do)
        _check_json(body)


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            _check_query(scope.get("query_string", b""))
            check_text(scope["path"], ["path"])
        except _Refusal as refusal:
            await _refuse(refusal, scope, receive, send)
            return
        if not _may_have_body(scope):
            await self.app(scope, receive, send)
            return
        body, disconnected = await _read_body(receive)
        if disconnected:
            return
        content_type = next((v for n, v in scope["headers"] if n == b"content-type"), b"")
        try:
            _check_body(body, content_type.lower())
        except _Refusal as refusal:
            await _refuse(refusal, scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _may_have_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
        if name == b"transfer-encoding":
            return True
    return False


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", True
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(refusal: _Refusal, scope: Scope, receive: Receive, send: Send) -> None:
    status, detail, code, errors = refusal.response_parts()
    await problem_response(status, detail, code, errors=errors)(scope, receive, send)
