from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CheckoutSessionRead")


@_attrs_define
class CheckoutSessionRead:
    """
    Attributes:
        amount (int):
        currency (str):
        expires_at (datetime.datetime):
        id (UUID):
        order_id (UUID):
        url (str):
    """

    amount: int
    currency: str
    expires_at: datetime.datetime
    id: UUID
    order_id: UUID
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        expires_at = self.expires_at.isoformat()

        id = str(self.id)

        order_id = str(self.order_id)

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "expires_at": expires_at,
                "id": id,
                "order_id": order_id,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = UUID(d.pop("id"))

        order_id = UUID(d.pop("order_id"))

        url = d.pop("url")

        checkout_session_read = cls(
            amount=amount,
            currency=currency,
            expires_at=expires_at,
            id=id,
            order_id=order_id,
            url=url,
        )

        checkout_session_read.additional_properties = d
        return checkout_session_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
