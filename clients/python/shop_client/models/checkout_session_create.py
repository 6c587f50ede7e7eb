from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="CheckoutSessionCreate")


@_attrs_define
class CheckoutSessionCreate:
    """
    Attributes:
        cancel_url (str):
        order_id (UUID):
        success_url (str):
    """

    cancel_url: str
    order_id: UUID
    success_url: str

    def to_dict(self) -> dict[str, Any]:
        cancel_url = self.cancel_url

        order_id = str(self.order_id)

        success_url = self.success_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cancel_url": cancel_url,
                "order_id": order_id,
                "success_url": success_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancel_url = d.pop("cancel_url")

        order_id = UUID(d.pop("order_id"))

        success_url = d.pop("success_url")

        checkout_session_create = cls(
            cancel_url=cancel_url,
            order_id=order_id,
            success_url=success_url,
        )

        return checkout_session_create
