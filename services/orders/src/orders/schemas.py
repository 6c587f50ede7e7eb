"""API shapes of the orders service (requests are strict: quantities are JSON integers)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from common.money import Quantity
from orders.state import Fulfilment, LineShipping, OrderStatus


def _country(value: str) -> str:
    code = value.upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return code


Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
CountryCode = Annotated[str, Field(examples=["DE"]), AfterValidator(_country)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()\-.]{3,30}$")
]


class ShippingAddress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text200
    line1: Text200
    line2: Text200 | None = None
    city: Text100
    state: Text100 | None = None
    postal_code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)
    ]
    country: CountryCode
    phone: Phone | None = None


class LineItem(BaseModel):
    """A product and how many of it (a strict positive integer, at most 10000)."""

    product_id: uuid.UUID
    quantity: Quantity


class OrderCreate(BaseModel):
    """Either ``items`` or ``from_cart: true`` (the caller's cart, emptied by the order)."""

    items: Annotated[list[LineItem], Field(min_length=1, max_length=100)] | None = None
    from_cart: StrictBool = False
    shipping_address: ShippingAddress

    @model_validator(mode="after")
    def _one_source(self) -> OrderCreate:
        if (self.items is None) == (not self.from_cart):
            raise ValueError("give either a non-empty 'items' list or 'from_cart': true")
        return self


class QuantityUpdate(BaseModel):
    quantity: Quantity


class OrderCancel(BaseModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class ShippingUpdate(BaseModel):
    status: Literal["shipped", "delivered"]
    carrier: Text100 | None = None
    tracking_number: Text100 | None = None


class MessageCreate(BaseModel):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class CartLineRead(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    quantity: int
    unit_price: int
    line_total: int
    currency: str
    archived: bool = Field(description="The product is no longer sold; remove the line.")
    orderable: bool = Field(description="False when archived or priced in another currency.")


class CartRead(BaseModel):
    items: list[CartLineRead]
    currency: str | None
    total: int = Field(description="Sum of the orderable lines, in minor units of `currency`.")
    item_count: int


class OrderLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    product_id: uuid.UUID
    seller_id: uuid.UUID
    name: str
    quantity: int
    unit_price: int
    amount: int
    shipping_status: LineShipping = LineShipping.NOT_SHIPPED


class LineShippingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    product_id: uuid.UUID
    seller_id: uuid.UUID
    status: LineShipping = Field(validation_alias="shipping_status")
    carrier: str | None
    tracking_number: str | None
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None


class StatusEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status: OrderStatus
    at: dt.datetime
    note: str | None


class OrderRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    status: OrderStatus
    revision: int
    currency: str
    total: int = Field(
        description="Authoritative once the catalog confirmed the lines. A seller sees the sum "
        "of its own lines only."
    )
    lines: list[OrderLineRead] = Field(description="A seller sees its own lines only.")
    shipping_address: ShippingAddress
    status_history: list[StatusEntry]
    reservation_expires_at: dt.datetime | None
    rejection_code: str | None
    rejection_reason: str | None
    payment_id: uuid.UUID | None
    paid_amount: int | None = Field(description="null for a seller: the whole order's money")
    refunded_amount: int | None = Field(description="null for a seller")
    created_at: dt.datetime
    updated_at: dt.datetime


class ShippingRead(BaseModel):
    status: Fulfilment = Field(description="How far the lines the caller sees have come")
    order_status: OrderStatus
    carrier: str | None
    tracking_number: str | None
    shipped_at: dt.datetime | None
    delivered_at: dt.datetime | None
    address: ShippingAddress
    lines: list[LineShippingRead] = Field(description="A seller sees its own lines only.")


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    author_id: uuid.UUID
    author_role: Literal["buyer", "seller", "admin"]
    body: str
    created_at: dt.datetime
