"""Idempotency keys for POSTs that move money or create orders, stored in the service's database.

Same key and body: the first response is replayed. Same key, different body: 422. Same key while
the first request is still running: the second waits on the key's row lock (the database's
``lock_timeout``) and then replays, or gets 409 if the first is still running after that.
The key row, the effect and the recorded response commit in one transaction, so a failed
request leaves no key behind and can be retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

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
        body = await self._request.body()
        fingerprint = _request_fingerprint(self._request.method, self._request.url.path, body)
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

    async def _replay(self, session: AsyncSession, *, caller: str, fingerprint: str) -> Response:
        row = (
            await session.execute(
                select(idempotency_key).where(
                    idempotency_key.c.caller == caller, idempotency_key.c.key == self.key
                )
            )
        ).one()
        if row.request_hash != fingerprint:
            raise IdempotencyKeyReused()
        if row.response_status is None:
            raise IdempotencyKeyInFlight()
        return Response(
            content=row.response_body,
            status_code=row.response_status,
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
