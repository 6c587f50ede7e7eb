"""API shapes of subscriptions, charges and the test clock."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from common.money import CurrencyCode, PositiveAmount

Frequency = Literal["daily", "weekly", "monthly", "yearly"]
SubscriptionStatus = Literal["active", "paused", "past_due", "cancelled"]
ChargeStatus = Literal["requested", "succeeded", "retrying", "failed"]


def _calendar_year(value: dt.datetime) -> dt.datetime:
    # Far beyond any billing need, and far enough from datetime's year 9999 that period
    # arithmetic and the test clock never overflow.
    if not 2000 <= value.year <= 2999:
        raise ValueError("the year must lie between 2000 and 2999")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_calendar_year)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubscriptionCreate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "item": "Coffee beans, 1 kg",
                    "item_id": "coffee-beans-1kg",
                    "amount": 2500,
                    "currency": "USD",
                    "frequency": "monthly",
                    "payment_method_id": "3f1c2a4e-8b7d-4c6a-9e21-5d0f7b9a1c34",
                    "start_at": "2026-12-15T09:00:00Z",
                }
            ]
        },
    )

    item: str = Field(min_length=1, max_length=200)
    item_id: str = Field(min_length=1, max_length=200)
    amount: PositiveAmount
    currency: CurrencyCode
    frequency: Frequency
    payment_method_id: uuid.UUID
    start_at: Instant | None = Field(
        default=None,
        description="First charge (default now); the past only within the catch-up limit",
    )


class SubscriptionUpdate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"payment_method_id": "7a9e4c1b-2d3f-4e5a-8b6c-0f1e2d3c4b5a"}]
        },
    )

    payment_method_id: uuid.UUID


class SubscriptionCancel(_Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"at_period_end": True}]}
    )

    at_period_end: bool = False


class Period(BaseModel):
    index: int
    start: dt.datetime
    end: dt.datetime


class SubscriptionRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    item: str
    item_id: str
    amount: int
    currency: str
    frequency: Frequency
    payment_method_id: uuid.UUID
    status: SubscriptionStatus
    start_at: dt.datetime
    next_charge_at: dt.datetime | None
    current_period: Period | None
    cancel_at_period_end: bool
    cancelled_at: dt.datetime | None
    created_at: dt.datetime


class ChargeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    subscription_id: uuid.UUID
    user_id: uuid.UUID
    period: int
    period_start: dt.datetime
    period_end: dt.datetime
    amount: int
    currency: str
    status: ChargeStatus
    attempts: int
    payment_id: uuid.UUID | None
    failure_code: str | None
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime


class TestClockSet(_Strict):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"now": "2027-01-15T09:00:00Z"}]}
    )

    now: Instant


class TestClockRead(BaseModel):
    now: dt.datetime
