"""API shapes of the catalog: product create/replace/update/read, stock adjustment, filters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, field_validator

from common.money import Amount, CurrencyCode, PositiveAmount
from common.pagination import Page

MAX_STOCK_DELTA = 10**15

ProductName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=10_000)]


class ProductCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Desk lamp",
                    "description": "Warm white LED, adjustable arm",
                    "price": 1500,
                    "currency": "USD",
                    "stock": 25,
                }
            ]
        }
    )

    name: ProductName
    description: Description = ""
    price: PositiveAmount
    currency: CurrencyCode
    stock: Amount


class ProductReplace(ProductCreate):
    """PUT: every field of the product (description defaults to empty)."""


class ProductUpdate(BaseModel):
    """PATCH: only the fields sent change; ``null`` is refused rather than guessed at."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"price": 1299, "stock": 40}]})

    name: ProductName | None = None
    description: Description | None = None
    price: PositiveAmount | None = None
    currency: CurrencyCode | None = None
    stock: Amount | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_nulls(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may not be null; leave the field out to keep it")
        return value


class StockAdjust(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"delta": 10}]})

    delta: Annotated[
        StrictInt,
        Field(
            ge=-MAX_STOCK_DELTA,
            le=MAX_STOCK_DELTA,
            description="Units to add (positive) or remove (negative); never zero",
        ),
    ]

    @field_validator("delta")
    @classmethod
    def _non_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("must not be zero")
        return value


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str
    price: int
    currency: str
    stock: int
    reserved: int
    available: int
    seller_id: uuid.UUID
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime


ProductList = Page[ProductRead]


class ProductFilters(BaseModel):
    q: str | None = None
    seller_id: uuid.UUID | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool | None = None
