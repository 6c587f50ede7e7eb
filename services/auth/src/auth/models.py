"""ORM models of the auth service: users, their credentials, signing keys and outgoing mail."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from common.db import IdMixin, ModelBase, TimestampMixin, new_metadata, utcnow


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


TZ = DateTime(timezone=True)


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("role IN ('buyer', 'seller', 'admin')", name="role"),
        # Usernames are unique regardless of case ("Ada" and "ada" are one account).
        Index("uq_user_username_lower", func.lower(text("username")), unique=True),
    )

    email: Mapped[str] = mapped_column(String(320), unique=True)
    username: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="buyer", server_default="buyer")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SigningKey(Base):
    """An RS256 key pair; the newest key that is not retired signs, every unretired one is
    published in the JWKS so tokens signed before a rotation keep verifying."""

    __tablename__ = "signing_key"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, default=utcnow, server_default=func.now())
    retired_at: Mapped[dt.datetime | None] = mapped_column(TZ)


class RefreshToken(IdMixin, Base):
    """One opaque refresh token (only its SHA-256 is stored). Tokens rotated from one login
    share a ``family_id``; presenting a rotated one again revokes the family."""

    __tablename__ = "refresh_token"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, default=utcnow, server_default=func.now())
    expires_at: Mapped[dt.datetime] = mapped_column(TZ, index=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(TZ)


class VerificationCode(IdMixin, Base):
    """A 6-digit code sent by email (stored as an HMAC), single use, with a bounded number of
    tries. ``purpose`` is ``email_verification`` or ``password_reset``."""

    __tablename__ = "verification_code"
    __table_args__ = (
        CheckConstraint("purpose IN ('email_verification', 'password_reset')", name="purpose"),
        Index("ix_verification_code_user_purpose", "user_id", "purpose"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("user.id", ondelete="CASCADE")
    )
    purpose: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(320))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(TZ, default=utcnow, server_default=func.now())
    expires_at: Mapped[dt.datetime] = mapped_column(TZ)
    used_at: Mapped[dt.datetime | None] = mapped_column(TZ)


class ApiKey(IdMixin, Base):
    """A server-to-server key ``sk_...``; only its SHA-256 is stored (the key is high-entropy)."""

    __tablename__ = "api_key"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    last4: Mapped[str] = mapped_column(String(4))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        TZ, default=utcnow, server_default=func.now(), index=True
    )
    last_used_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(TZ)


class EmailMessage(IdMixin, Base):
    """Mail waiting for (or done with) delivery: written in the transaction that decides to send
    it, delivered over SMTP by the worker, retried with backoff."""

    __tablename__ = "email_message"
    __table_args__ = (
        Index(
            "ix_email_message_pending", "next_attempt_at", postgresql_where=text("sent_at IS NULL")
        ),
    )

    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(TZ, default=utcnow, server_default=func.now())
    next_attempt_at: Mapped[dt.datetime] = mapped_column(
        TZ, default=utcnow, server_default=func.now()
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sent_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    failed_at: Mapped[dt.datetime | None] = mapped_column(TZ)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class PasswordResetRequest(IdMixin, Base):
    """A reset asked for an address, known or not: the request only writes this row (the same
    work for every address, so neither the answer nor its timing tells which exist); the
    worker looks the address up and mails a code if an active account uses it."""

    __tablename__ = "password_reset_request"

    email: Mapped[str] = mapped_column(String(320))
    requested_at: Mapped[dt.datetime] = mapped_column(
        TZ, default=utcnow, server_default=func.now(), index=True
    )
