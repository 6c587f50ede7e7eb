"""The queries of ``POST /api/payments`` for a card payment without an order, in hand-written
SQL on the request's driver connection (:mod:`common.driver`): the busiest write of the service,
where the ORM cost several times what the database did.

The INSERT is built once from the ``payment`` table's columns, so a new column cannot be
forgotten silently: :func:`arguments` refuses values that miss one. Parameters are cast to the
column's base type (``text``, not ``varchar(n)``), so a value too long for its column is still
refused by the database rather than cut by the cast.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from common.driver import driver_connection
from payments.models import Payment
from payments.repository.jobs import NOTIFY_CHANNEL

_OWN_CARD = (
    "SELECT id, token, brand, last4 FROM payment_method"
    " WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
)

_COLUMNS = {column.key: column for column in Payment.__table__.columns}
_UNSET_ON_CREATE = frozenset(
    {
        "provider_ref",
        "failure_code",
        "failure_message",
        "last_error",
        "void_requested_at",
        "refused_by_order_at",
    }
)
_JSON = frozenset(key for key, column in _COLUMNS.items() if isinstance(column.type, JSONB))


def _cast(sql_type: TypeEngine[Any]) -> str:
    for kind, name in (
        (UUID, "uuid"),
        (JSONB, "jsonb"),
        (DateTime, "timestamptz"),
        (BigInteger, "bigint"),
        (Integer, "integer"),
        (String, "text"),
    ):
        if isinstance(sql_type, kind):
            return name
    raise TypeError(f"no cast for {sql_type!r}")


_ATTRIBUTES = {
    attribute.key: attribute.columns[0].key
    for attribute in Payment.__mapper__.column_attrs
    if attribute.columns[0].key not in _UNSET_ON_CREATE
}
"""Mapped attribute (``metadata_``) -> column (``metadata``) of every column a new payment sets."""

INSERT_PAYMENT = "INSERT INTO payment ({}) SELECT {}".format(
    ", ".join(f'"{column}"' for column in _ATTRIBUTES.values()),
    ", ".join(
        f"${n}::{_cast(_COLUMNS[column].type)}" for n, column in enumerate(_ATTRIBUTES.values(), 1)
    ),
)
"""Shaped for :meth:`common.idempotency.IdempotentRequest.respond_in_statement`."""

WAKE_WORKERS = f"pg_notify('{NOTIFY_CHANNEL}', '')"
"""Delivered on commit, once per transaction: the worker charges the new payment now."""


def arguments(values: dict[str, Any]) -> list[Any]:
    """The parameters of :data:`INSERT_PAYMENT` for a payment given as its attributes."""
    return [
        json.dumps(values[key]) if column in _JSON else values[key]
        for key, column in _ATTRIBUTES.items()
    ]


async def own_card(
    session: AsyncSession, method_id: uuid.UUID, *, user_id: uuid.UUID
) -> asyncpg.Record | None:
    """The caller's saved card (not deleted): ``id, token, brand, last4``."""
    async with driver_connection(session) as connection:
        row: asyncpg.Record | None = await connection.fetchrow(_OWN_CARD, method_id, user_id)
        return row
