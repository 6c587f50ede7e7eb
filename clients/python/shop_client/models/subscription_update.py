from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubscriptionUpdate")


@_attrs_define
class SubscriptionUpdate:
    """
    Attributes:
        payment_method_id (UUID):
    """

    payment_method_id: UUID

    def to_dict(self) -> dict[str, Any]:
        payment_method_id = str(self.payment_method_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payment_method_id": payment_method_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_method_id = UUID(d.pop("payment_method_id"))

        subscription_update = cls(
            payment_method_id=payment_method_id,
        )

        return subscription_update
