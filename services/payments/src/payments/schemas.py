"""API shapes: requests (``*Create``) and responses (``*Read``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

from common.money import CurrencyCode, PositiveAmount
from payments.models import PaymentStatus, RefundStatus

MetadataValue = StrictStr | StrictInt | bool | None


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PaymentMethodCreate(_Request):
    """Card details. They go to the provider to be tokenized and are never stored or echoed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": "4242424242424242",
                    "exp_month": 12,
                    "exp_year": 2030,
                    "cvc": "123",
                    "holder_name": "Ada Lovelace",
                }
            ]
        }
    )

    number: StrictStr = Field(max_length=32, description="Card number; spaces and dashes ok")
    exp_month: StrictInt = Field(ge=1, le=12)
    exp_year: StrictInt = Field(ge=2000, le=2199, description="Four-digit year")
    cvc: StrictStr = Field(max_length=8)
    holder_name: StrictStr | None = Field(default=None, max_length=100)


class PaymentMethodRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    fingerprint: str
    created_at: dt.datetime


class PaymentCreate(_Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "amount": 3000,
                    "currency": "USD",
                    "payment_method_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                    "order_id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                    "description": "Order of 2 desk lamps",
                    "capture": "automatic",
                }
            ]
        }
    )

    amount: PositiveAmount
    currency: CurrencyCode
    payment_method_id: uuid.UUID | Literal["wallet"]
    order_id: uuid.UUID | None = None
    description: StrictStr | None = Field(default=None, max_length=500)
    capture: Literal["automatic", "manual"] = "automatic"
    metadata: dict[str, MetadataValue] = Field(default_factory=dict)

    @field_validator("metadata")
    @classmethod
    def _small_metadata(cls, value: dict[str, MetadataValue]) -> dict[str, MetadataValue]:
        if len(value) > 50:
            raise ValueError("metadata has at most 50 keys")
        if any(len(key) > 40 for key in value):
            raise ValueError("metadata keys have at most 40 characters")
        if any(isinstance(item, str) and len(item) > 500 for item in value.values()):
            raise ValueError("metadata values have at most 500 characters")
        return value


class TimelineEntry(BaseModel):
    status: str
    at: dt.datetime
    detail: str | None = None


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    order_id: uuid.UUID | None
    status: PaymentStatus
    amount: int
    currency: str
    captured_amount: int
    refunded_amount: int
    method: Literal["card", "wallet"]
    payment_method_id: uuid.UUID | None
    card_brand: str | None
    card_last4: str | None
    capture: Literal["automatic", "manual"] = Field(
        validation_alias=AliasChoices("capture_method", "capture")
    )
    description: str | None
    metadata: dict[str, Any] = Field(validation_alias=AliasChoices("metadata_", "metadata"))
    failure_code: str | None
    failure_message: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class WalletPaymentRead(PaymentRead):
    """A wallet payment settles at once: what it spent and what is left in the wallet."""

    spent: int
    wallet_balance: int


class RefundSummary(BaseModel):
    captured: int
    refunded: int
    pending: int
    refundable: int


class PaymentDetail(PaymentRead):
    timeline: list[TimelineEntry]
    refunds: RefundSummary


class CaptureCreate(_Request):
    model_config = ConfigDict(json_schema_extra={"examples": [{"amount": 3000}]})

    amount: PositiveAmount | None = None


class RefundCreate(_Request):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": 1000, "reason": "One lamp arrived broken"}]}
    )

    amount: PositiveAmount | None = Field(default=None, description="Default: all that is left")
    reason: StrictStr | None = Field(default=None, max_length=500)


class RefundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    payment_id: uuid.UUID
    amount: int
    currency: str
    status: RefundStatus
    reason: str | None
    failure_code: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class WalletRead(BaseModel):
    balance: int
    currency: str


class WalletDeposit(_Request):
    """One coin per call: ``{"coin": 50}`` (``{"amount": 50}`` is accepted too)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"coin": 100}]})

    coin: StrictInt | None = None
    amount: StrictInt | None = None

    @model_validator(mode="after")
    def _one_coin(self) -> WalletDeposit:
        if (self.coin is None) == (self.amount is None):
            raise ValueError("give exactly one of coin or amount")
        return self

    @property
    def value(self) -> int:
        value = self.coin if self.coin is not None else self.amount
        assert value is not None
        return value


class WalletDepositRead(WalletRead):
    deposited: int


class WalletResetRead(BaseModel):
    refunded: int
    coins: dict[str, int]
    remaining: int = Field(description="What no coin can pay out (under 5); stays in the wallet")


class LedgerMismatch(BaseModel):
    account: str
    currency: str
    stored: int
    computed: int


class BalanceCheck(BaseModel):
    ok: bool
    currencies: dict[str, int]
    mismatched_accounts: list[LedgerMismatch]


class CheckoutSessionCreate(_Request):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "order_id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                    "success_url": "https://shop.example/thanks",
                    "cancel_url": "https://shop.example/basket",
                }
            ]
        }
    )

    order_id: uuid.UUID
    success_url: HttpUrl
    cancel_url: HttpUrl


class CheckoutSessionRead(BaseModel):
    id: uuid.UUID
    status: Literal["open", "complete", "expired"] = Field(
        description="complete once its payment succeeded (or is authorized); expired past "
        "expires_at without one; open otherwise"
    )
    url: str
    order_id: uuid.UUID
    payment_id: uuid.UUID | None = Field(
        None, description="The payment made on the page (the latest attempt), if any"
    )
    amount: int
    currency: str
    expires_at: dt.datetime


class CallbackReceived(BaseModel):
    received: bool = True
    reference: str
    status: str | None
