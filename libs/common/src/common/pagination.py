"""Keyset pagination: ``?limit=&cursor=`` -> ``{items, next_cursor}``, newest first.

The cursor encodes the last row's ``(created_at, id)``; it is opaque to clients and stays
stable when new rows are inserted, unlike an offset.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from common.errors import Unprocessable

ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    items: list[ItemT]
    next_cursor: str | None


class PageParams(BaseModel):
    limit: int = 20
    cursor: str | None = None


def _page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Page size, 1..100")] = 20,
    cursor: Annotated[str | None, Query(description="Opaque cursor from next_cursor")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageDep = Annotated[PageParams, Depends(_page_params)]


def encode_cursor(created_at: dt.datetime, row_id: uuid.UUID) -> str:
    raw = f"{created_at.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, row_id = base64.urlsafe_b64decode(padded).decode().split("|", 1)
        at = dt.datetime.fromisoformat(created)
        if at.tzinfo is None:
            raise ValueError("a cursor's time has a UTC offset")
        # A date near year 1 or 9999 with an offset falls outside what PostgreSQL can compare.
        return at.astimezone(dt.UTC), uuid.UUID(row_id)
    except (ValueError, UnicodeDecodeError, OverflowError) as exc:
        raise Unprocessable(
            "The cursor is not valid.", errors=[{"loc": ["query", "cursor"], "msg": "invalid"}]
        ) from exc


async def paginate(
    session: AsyncSession,
    statement: Select[Any],
    params: PageParams,
    *,
    created_at: InstrumentedAttribute[dt.datetime],
    id_column: InstrumentedAttribute[uuid.UUID],
) -> tuple[Sequence[Any], str | None]:
    """Run ``statement`` (already filtered) one page at a time; returns rows and the next cursor."""
    if params.cursor:
        at, last_id = decode_cursor(params.cursor)
        statement = statement.where(tuple_(created_at, id_column) < tuple_(at, last_id))
    statement = statement.order_by(created_at.desc(), id_column.desc()).limit(params.limit + 1)
    rows = (await session.scalars(statement)).all()
    if len(rows) <= params.limit:
        return rows, None
    last = rows[params.limit - 1]
    return rows[: params.limit], encode_cursor(
        getattr(last, created_at.key), getattr(last, id_column.key)
    )
