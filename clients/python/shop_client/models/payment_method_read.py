from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentMethodRead")


@_attrs_define
class PaymentMethodRead:
    """
    Attributes:
        brand (str):
        created_at (datetime.datetime):
        exp_month (int):
        exp_year (int):
        fingerprint (str):
        id (UUID):
        last4 (str):
    """

    brand: str
    created_at: datetime.datetime
    exp_month: int
    exp_year: int
    fingerprint: str
    id: UUID
    last4: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        brand = self.brand

        created_at = self.created_at.isoformat()

        exp_month = self.exp_month

        exp_year = self.exp_year

        fingerprint = self.fingerprint

        id = str(self.id)

        last4 = self.last4

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "brand": brand,
                "created_at": created_at,
                "exp_month": exp_month,
                "exp_year": exp_year,
                "fingerprint": fingerprint,
                "id": id,
                "last4": last4,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        brand = d.pop("brand")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        exp_month = d.pop("exp_month")

        exp_year = d.pop("exp_year")

        fingerprint = d.pop("fingerprint")

        id = UUID(d.pop("id"))

        last4 = d.pop("last4")

        payment_method_read = cls(
            brand=brand,
            created_at=created_at,
            exp_month=exp_month,
            exp_year=exp_year,
            fingerprint=fingerprint,
            id=id,
            last4=last4,
        )

        payment_method_read.additional_properties = d
        return payment_method_read

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
