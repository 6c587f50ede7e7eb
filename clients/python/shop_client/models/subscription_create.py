from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.subscription_create_frequency import SubscriptionCreateFrequency
from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionCreate")


@_attrs_define
class SubscriptionCreate:
    """
    Attributes:
        amount (int): Integer minor units
        currency (str): ISO 4217 code
        frequency (SubscriptionCreateFrequency):
        item (str):
        item_id (str):
        payment_method_id (UUID):
        start_at (datetime.datetime | None | Unset): First charge (default now); the past only within the catch-up limit
    """

    amount: int
    currency: str
    frequency: SubscriptionCreateFrequency
    item: str
    item_id: str
    payment_method_id: UUID
    start_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        frequency = self.frequency.value

        item = self.item

        item_id = self.item_id

        payment_method_id = str(self.payment_method_id)

        start_at: None | str | Unset
        if isinstance(self.start_at, Unset):
            start_at = UNSET
        elif isinstance(self.start_at, datetime.datetime):
            start_at = self.start_at.isoformat()
        else:
            start_at = self.start_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "frequency": frequency,
                "item": item,
                "item_id": item_id,
                "payment_method_id": payment_method_id,
            }
        )
        if start_at is not UNSET:
            field_dict["start_at"] = start_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        frequency = SubscriptionCreateFrequency(d.pop("frequency"))

        item = d.pop("item")

        item_id = d.pop("item_id")

        payment_method_id = UUID(d.pop("payment_method_id"))

        def _parse_start_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_at_type_0 = datetime.datetime.fromisoformat(data)

                return start_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start_at = _parse_start_at(d.pop("start_at", UNSET))

        subscription_create = cls(
            amount=amount,
            currency=currency,
            frequency=frequency,
            item=item,
            item_id=item_id,
            payment_method_id=payment_method_id,
            start_at=start_at,
        )

        return subscription_create
