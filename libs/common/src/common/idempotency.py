"""Idempotency keys for POSTs that move money or create orders, stored in the service's database.

Same key and body: the first response is replayed. Same key, different body: 422. Same key while
the first request is still running: the second waits on the key's row lock (the database's
``lock_timeout``) and then replays, or gets 409 if the first is still running after that.
The key row, the effect and the recorded response commit in one transaction, so a failed
request leaves no key behind and can be retried.

A hot path whose effect is one INSERT can use :meth:`IdempotentRequest.respond_in_statement`:
the key, its recorded response and the effect are then one SQL statement on the driver (one
round trip, no transaction of its own to open and commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from common.driver import driver_connection
from common.errors import Conflict, Unprocessable
from common.platform_tables import idempotency_key

LOCK_NOT_AVAILABLE = "55P03"
REPLAY_HEADER = "Idempotent-Replayed"


class IdempotencyKeyReused(Unprocessable):
    default_message = "This Idempotency-Key was already used with a different request body."


class IdempotencyKeyInFlight(Conflict):
    default_message = "A request with this Idempotency-Key is still being processed; retry later."


def _request_fingerprint(method: str, path: str, body: bytes) -> str:
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":"))
        payload = canonical.encode()
    except (ValueError, RecursionError):
        payload = body
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + payload).hexdigest()


def _is_lock_timeout(exc: DBAPIError) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == LOCK_NOT_AVAILABLE or (
        getattr(getattr(orig, "__cause__", None), "sqlstate", None) == LOCK_NOT_AVAILABLE
    )


class IdempotentRequest:
    """Wraps one handler's effect so that it happens once per ``(caller, Idempotency-Key)``."""

    def __init__(self, request: Request, key: str | None) -> None:
        self._request = request
        self.key = key

    async def respond(
        self,
        session: AsyncSession,
        *,
        caller: str,
        status_code: int,
        produce: Callable[[], Awaitable[BaseModel]],
    ) -> Response:
        if self.key is None:
            return _json(status_code, await produce())
        fingerprint = await self.fingerprint()
        try:
            claimed = await session.scalar(
                insert(idempotency_key)
                .values(caller=caller, key=self.key, request_hash=fingerprint)
                .on_conflict_do_nothing()
                .returning(idempotency_key.c.key)
            )
        except DBAPIError as exc:
            if _is_lock_timeout(exc):
                raise IdempotencyKeyInFlight() from exc
            raise
        if claimed is None:
            return await self._replay(session, caller=caller, fingerprint=fingerprint)
        result = await produce()
        response = _json(status_code, result)
        await session.execute(
            update(idempotency_key)
            .where(idempotency_key.c.caller == caller, idempotency_key.c.key == self.key)
            .values(response_status=status_code, response_body=response.body)
        )
        return response

    async def respond_in_statement(
        self,
        session: AsyncSession,
        *,
        caller: str,
        status_code: int,
        result: BaseModel,
        insert: str,
        arguments: Sequence[Any],
        returning: str = "1",
    ) -> Response:
        """Answer ``result`` after running ``insert`` once per key, in a single statement.

        ``insert`` is ``INSERT INTO <table> (<columns>) SELECT <values>`` (no WHERE, no
        RETURNING; its parameters ``$1``..``$n`` are ``arguments``). With a key, one statement
        claims the key with ``result`` already recorded as its response and runs the insert
        only if the claim succeeded: they commit together or not at all. ``returning`` is
        evaluated for each inserted row only (a ``pg_notify`` fires only for new work). A key
        already claimed replays its response, as :meth:`respond` does."""
        response = _json(status_code, result)
        async with driver_connection(session) as connection:
            if self.key is None:
                await connection.fetchval(_unkeyed(insert, returning), *arguments)
                return response
            fingerprint = await self.fingerprint()
            claim = (caller, self.key, fingerprint, status_code, response.body)
            try:
                claimed = await connection.fetchval(
                    _keyed(insert, returning, len(arguments)), *arguments, *claim
                )
            except asyncpg.LockNotAvailableError as exc:
                raise IdempotencyKeyInFlight() from exc
            if claimed:
                return response
            row = await connection.fetchrow(_STORED, caller, self.key)
        if row is None:  # the claim's holder rolled back meanwhile: the client may retry
            raise IdempotencyKeyInFlight()
        return _stored(
            row["request_hash"], row["response_status"], row["response_body"], fingerprint
        )

    async def stored(self, session: AsyncSession, *, caller: str) -> Response | None:
        """The replay of this key's recorded response (422 if its body differed), or None when
        the key is new: for a hot path that refuses a request before it claims the key, so
        that a retry of an accepted request still replays whatever changed since."""
        if self.key is None:
            return None
        async with driver_connection(session) as connection:
            row = await connection.fetchrow(_STORED, caller, self.key)
        if row is None:
            return None
        fingerprint = await self.fingerprint()
        return _stored(
            row["request_hash"], row["response_status"], row["response_body"], fingerprint
        )

    async def fingerprint(self) -> str:
        body = await self._request.body()
        return _request_fingerprint(self._request.method, self._request.url.path, body)

    async def _replay(self, session: AsyncSession, *, caller: str, fingerprint: str) -> Response:
        row = (
            await session.execute(
                select(idempotency_key).where(
                    idempotency_key.c.caller == caller, idempotency_key.c.key == self.key
                )
            )
        ).one()
        return _stored(row.request_hash, row.response_status, row.response_body, fingerprint)


_STORED = (
    "SELECT request_hash, response_status, response_body FROM idempotency_key"
    " WHERE caller = $1 AND key = $2"
)


def _unkeyed(insert: str, returning: str) -> str:
    return f"WITH effect AS ({insert} RETURNING {returning}) SELECT count(*) FROM effect"


def _keyed(insert: str, returning: str, used: int) -> str:
    caller, key, fingerprint, status, body = (f"${used + n}" for n in range(1, 6))
    return (
        "WITH claim AS (INSERT INTO idempotency_key"
        " (caller, key, request_hash, response_status, response_body)"
        f" VALUES ({caller}::varchar, {key}::varchar, {fingerprint}::varchar,"
        f" {status}::smallint, {body}::bytea)"
        " ON CONFLICT DO NOTHING RETURNING 1),"
        f" effect AS ({insert} WHERE EXISTS (SELECT FROM claim) RETURNING {returning})"
        # reads the effect too, so that its RETURNING is evaluated (a wake-up is sent)
        " SELECT EXISTS (SELECT FROM claim) AND (SELECT count(*) FROM effect) >= 0"
    )


def _stored(
    request_hash: str, response_status: int | None, response_body: bytes | None, fingerprint: str
) -> Response:
    if request_hash != fingerprint:
        raise IdempotencyKeyReused()
    if response_status is None:
        raise IdempotencyKeyInFlight()
    return Response(
        content=response_body,
        status_code=response_status,
        media_type="application/json",
        headers={REPLAY_HEADER: "true"},
    )


def _json(status_code: int, result: BaseModel) -> Response:
    return Response(
        content=result.model_dump_json().encode(),
        status_code=status_code,
        media_type="application/json",
    )


async def _idempotent_request(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            description="Makes retries safe: the first response is replayed for 24 h.",
        ),
    ] = None,
) -> IdempotentRequest:
    return IdempotentRequest(request, idempotency_key)


IdempotencyDep = Annotated[IdempotentRequest, Depends(_idempotent_request)]


async def purge_expired_keys(session: AsyncSession, *, older_than: dt.datetime) -> int:
    result = await session.execute(
        delete(idempotency_key).where(idempotency_key.c.created_at < older_than)
    )
    return int(getattr(result, "rowcount", 0) or 0)
