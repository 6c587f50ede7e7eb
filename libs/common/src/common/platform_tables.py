"""Tables every service database has: the transactional outbox, the inbox and idempotency keys.

They live on their own MetaData; each service's Alembic env targets ``[Base.metadata,
platform_metadata]`` and its first revision calls :func:`create_platform_tables`.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from common.db import new_metadata

platform_metadata = new_metadata()

outbox = Table(
    "outbox",
    platform_metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("routing_key", String(200), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("last_error", Text, nullable=True),
    # Set while one publisher holds the row (the writer's fast path or a relay batch): nobody
    # else sends it until then (common.messaging.relay, common.messaging.fastpath).
    Column("leased_until", DateTime(timezone=True), nullable=True),
    Index("ix_outbox_unsent", "created_at", postgresql_where=text("sent_at IS NULL")),
)

inbox = Table(
    "inbox",
    platform_metadata,
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("handler", String(200), nullable=False),
    Column("routing_key", String(200), nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("event_id", "handler", name="pk_inbox"),
)

idempotency_key = Table(
    "idempotency_key",
    platform_metadata,
    Column("caller", String(100), nullable=False),
    Column("key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("response_status", SmallInteger, nullable=True),
    Column("response_body", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("caller", "key", name="pk_idempotency_key"),
    Index("ix_idempotency_key_created_at", "created_at"),
)
