"""API shapes of the acquirer (a Stripe-like subset)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from common.money import CurrencyCode, PositiveAmount
from sandbox_provider.models import ChargeStatus

Reference = Annotated[str, Field(min_length=1, max_length=255)]


class TokenCreate(BaseModel):
    number: str = Field(max_length=40)
    exp_month: StrictInt
    exp_year: StrictInt
    cvc: str = Field(max_length=8)
    holder_name: str | None = Field(default=None, max_length=200)

    def __repr__(self) -> str:  # a failing request must never print the number or CVC
        return "TokenCreate(...)"

    __str__ = __repr__


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    fingerprint: str


class ChargeCreate(BaseModel):
    reference: Reference
    token: str = Field(min_length=1, max_length=32)
    amount: PositiveAmount
    currency: CurrencyCode
    capture: StrictBool = True


class ChargeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    reference: str
    status: ChargeStatus
    amount: int
    captured_amount: int
    refunded_amount: int
    currency: str
    failure_code: str | None
    failure_message: str | None
    created_at: dt.datetime


class ChargeBatchCreate(BaseModel):
    """Several charges in one call, each answered on its own (as ``POST /v1/charges`` would)."""

    charges: list[ChargeCreate] = Field(min_length=1, max_length=500)


class ItemError(BaseModel):
    code: str
    detail: str


class ChargeBatchItem(BaseModel):
    status: int  # the HTTP status POST /v1/charges would have answered for this item
    charge: ChargeRead | None = None
    error: ItemError | None = None


class ChargeBatchRead(BaseModel):
    results: list[ChargeBatchItem]


class CaptureCreate(BaseModel):
    amount: PositiveAmount | None = None


class RefundCreate(BaseModel):
    reference: Reference
    charge_id: str = Field(min_length=1, max_length=32)
    amount: PositiveAmount


class RefundRead(BaseModel):
    """A refund and the totals of its charge after it."""

    id: str
    reference: str
    charge_id: str
    amount: int
    currency: str
    status: str = "succeeded"
    charge: ChargeRead
    created_at: dt.datetime


class BehaviourUpdate(BaseModel):
    latency_ms: int | None = Field(default=None, ge=0, le=60_000)
    fail_next: int | None = Field(default=None, ge=0, le=10_000)
    drop_response_next: int | None = Field(default=None, ge=0, le=10_000)
    hang_ms: int | None = Field(default=None, ge=0, le=120_000)


class BehaviourRead(BaseModel):
    latency_ms: int
    fail_next: int
    drop_response_next: int
    hang_ms: int
