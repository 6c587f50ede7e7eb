"""ORM models: endpoints, their deliveries (one per event and endpoint), every attempt of a
delivery, and the per-resource sequence counters."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from common.db import IdMixin, ModelBase, TimestampMixin, new_metadata, utcnow


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


class Endpoint(IdMixin, TimestampMixin, Base):
    """A user's destination URL and the event types it subscribes to.

    The secret signs every delivery; after a rotation the previous one signs beside it until
    ``previous_secret_expires_at``. Both are stored encrypted (``webhooks.encryption``, the
    endpoint's id as associated data), never in plaintext. ``failing_since`` is the first
    failure after the last success: an endpoint failing for too long is disabled.
    """

    __tablename__ = "endpoint"
    __table_args__ = (
        Index("ix_endpoint_user_id_created_at", "user_id", "created_at"),
        Index("ix_endpoint_event_types", "event_types", postgresql_using="gin"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    url: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(200)))
    all_users: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    secret_ciphertext: Mapped[str] = mapped_column(Text)
    previous_secret_ciphertext: Mapped[str | None] = mapped_column(Text, nullable=True)
    previous_secret_expires_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    failing_since: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    last_success_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )

    @property
    def status(self) -> str:
        return "enabled" if self.enabled else "disabled"


class Delivery(IdMixin, TimestampMixin, Base):
    """One event for one endpoint. Its id is the ``webhook-id`` header and ``payload`` the exact
    body, both the same on every attempt.

    ``pending`` deliveries are due at ``next_attempt_at``; a worker that takes one holds it
    until ``claimed_until`` (a lease: a crashed worker's delivery comes due again).
    ``retries`` counts automatic failures so far (the position in the retry schedule);
    ``manual`` marks a one-off attempt asked for through the API.
    """

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_delivery_endpoint_id_created_at", "endpoint_id", "created_at"),
        Index("ix_delivery_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    )

    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("endpoint.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    event_type: Mapped[str] = mapped_column(String(200))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    retries: Mapped[int] = mapped_column(Integer, default=0)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    last_status_code: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeliveryAttempt(IdMixin, Base):
    """One HTTP request of a delivery: when, the answer's status (None when there was none),
    how long it took, and the first bytes of the response (or why there was no response)."""

    __tablename__ = "delivery_attempt"
    __table_args__ = (Index("ix_delivery_attempt_delivery_id", "delivery_id", "attempted_at"),)

    delivery_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("delivery.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    trigger: Mapped[str] = mapped_column(String(20))
    status_code: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    duration_ms: Mapped[int] = mapped_column(Integer)
    response_excerpt: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class ResourceSequence(Base):
    """The last ``sequence`` given to an event about one resource (``order:<id>``...)."""

    __tablename__ = "resource_sequence"

    resource: Mapped[str] = mapped_column(String(120), primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger)
