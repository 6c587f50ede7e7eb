from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.checkout_session_read_status import CheckoutSessionReadStatus
from ..types import UNSET, Unset

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
        status (CheckoutSessionReadStatus): complete once its payment succeeded (or is authorized); expired past
            expires_at without one; open otherwise
        url (str):
        payment_id (None | Unset | UUID): The payment made on the page (the latest attempt), if any
    """

    amount: int
    currency: str
    expires_at: datetime.datetime
    id: UUID
    order_id: UUID
    status: CheckoutSessionReadStatus
    url: str
    payment_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        expires_at = self.expires_at.isoformat()

        id = str(self.id)

        order_id = str(self.order_id)

        status = self.status.value

        url = self.url

        payment_id: None | str | Unset
        if isinstance(self.payment_id, Unset):
            payment_id = UNSET
        elif isinstance(self.payment_id, UUID):
            payment_id = str(self.payment_id)
        else:
            payment_id = self.payment_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "expires_at": expires_at,
                "id": id,
                "order_id": order_id,
                "status": status,
                "url": url,
            }
        )
        if payment_id is not UNSET:
            field_dict["payment_id"] = payment_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = UUID(d.pop("id"))

        order_id = UUID(d.pop("order_id"))

        status = CheckoutSessionReadStatus(d.pop("status"))

        url = d.pop("url")

        def _parse_payment_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_id_type_0 = UUID(data)

                return payment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        payment_id = _parse_payment_id(d.pop("payment_id", UNSET))

        checkout_session_read = cls(
            amount=amount,
            currency=currency,
            expires_at=expires_at,
            id=id,
            order_id=order_id,
            status=status,
            url=url,
            payment_id=payment_id,
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
