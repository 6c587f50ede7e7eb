"""The acquirer's own records: tokenized cards, charges and refunds."""

from __future__ import annotations

import secrets
from typing import Literal

from sqlalchemy import CHAR, BigInteger, Boolean, CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from common.db import ModelBase, TimestampMixin, new_metadata

ChargeStatus = Literal["authorized", "captured", "declined", "voided", "refunded"]


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


class Card(TimestampMixin, Base):
    """A tokenized card. Holding the number is the acquirer's job; it is never logged."""

    __tablename__ = "card"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[str] = mapped_column(String(19))
    brand: Mapped[str] = mapped_column(String(16))
    last4: Mapped[str] = mapped_column(CHAR(4))
    exp_month: Mapped[int] = mapped_column(SmallInteger)
    exp_year: Mapped[int] = mapped_column(SmallInteger)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    holder_name: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:  # never the number
        return f"Card(token={self.token!r}, brand={self.brand!r}, last4={self.last4!r})"


class Charge(TimestampMixin, Base):
    __tablename__ = "charge"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("captured_amount BETWEEN 0 AND amount", name="captured_within_amount"),
        CheckConstraint(
            "refunded_amount BETWEEN 0 AND captured_amount", name="refunded_within_captured"
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference: Mapped[str] = mapped_column(String(255), unique=True)
    token: Mapped[str] = mapped_column(ForeignKey("card.token"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(CHAR(3))
    capture: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    captured_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    failure_code: Mapped[str | None] = mapped_column(String(64))
    failure_message: Mapped[str | None] = mapped_column(String(255))


class Refund(TimestampMixin, Base):
    __tablename__ = "refund"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference: Mapped[str] = mapped_column(String(255), unique=True)
    charge_id: Mapped[str] = mapped_column(ForeignKey("charge.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
