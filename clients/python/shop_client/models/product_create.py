from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProductCreate")


@_attrs_define
class ProductCreate:
    """
    Attributes:
        currency (str): ISO 4217 code
        name (str):
        price (int): Integer minor units
        stock (int): Integer minor units
        description (str | Unset):  Default: ''.
    """

    currency: str
    name: str
    price: int
    stock: int
    description: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        name = self.name

        price = self.price

        stock = self.stock

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "name": name,
                "price": price,
                "stock": stock,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        name = d.pop("name")

        price = d.pop("price")

        stock = d.pop("stock")

        description = d.pop("description", UNSET)

        product_create = cls(
            currency=currency,
            name=name,
            price=price,
            stock=stock,
            description=description,
        )

        product_create.additional_properties = d
        return product_create

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
