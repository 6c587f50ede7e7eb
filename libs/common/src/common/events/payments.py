"""Events produced by the payments service."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import Field

from common.events.base import Event

PaymentMethodKind = Literal["card", "wallet"]


class PaymentEvent(Event):
    payment_id: uuid.UUID
    user_id: uuid.UUID
    order_id: uuid.UUID | None = None
    amount: int
    currency: str
    method: PaymentMethodKind = "card"
    metadata: dict[str, Any] = Field(default_factory=dict)


class PaymentSucceeded(PaymentEvent):
    """Money was taken: ``captured_amount`` of ``amount`` (less than it after a partial capture)."""

    routing_key = "payments.payment.succeeded"
    captured_amount: int


class PaymentFailed(PaymentEvent):
    routing_key = "payments.payment.failed"
    failure_code: str
    failure_message: str = ""


class PaymentCaptured(PaymentEvent):
    routing_key = "payments.payment.captured"
    captured_amount: int


class PaymentCanceled(PaymentEvent):
    routing_key = "payments.payment.canceled"


class RefundEvent(Event):
    refund_id: uuid.UUID
    payment_id: uuid.UUID
    user_id: uuid.UUID
    order_id: uuid.UUID | None = None
    amount: int
    currency: str


class RefundSucceeded(RefundEvent):
    """``fully_refunded`` once ``total_refunded`` reaches the captured amount."""

    routing_key = "payments.refund.succeeded"
    total_refunded: int
    captured_amount: int
    fully_refunded: bool


class RefundFailed(RefundEvent):
    routing_key = "payments.refund.failed"
    failure_code: str
