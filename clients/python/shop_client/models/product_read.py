from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductRead")


@_attrs_define
class ProductRead:
    """
    Attributes:
        archived (bool):
        available (int):
        created_at (datetime.datetime):
        currency (str):
        description (str):
        id (UUID):
        name (str):
        price (int):
        reserved (int):
        seller_id (UUID):
        stock (int):
        updated_at (datetime.datetime):
    """

    archived: bool
    available: int
    created_at: datetime.datetime
    currency: str
    description: str
    id: UUID
    name: str
    price: int
    reserved: int
    seller_id: UUID
    stock: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        available = self.available

        created_at = self.created_at.isoformat()

        currency = self.currency

        description = self.description

        id = str(self.id)

        name = self.name

        price = self.price

        reserved = self.reserved

        seller_id = str(self.seller_id)

        stock = self.stock

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "archived": archived,
                "available": available,
                "created_at": created_at,
                "currency": currency,
                "description": description,
                "id": id,
                "name": name,
                "price": price,
                "reserved": reserved,
                "seller_id": seller_id,
                "stock": stock,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived")

        available = d.pop("available")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        description = d.pop("description")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        price = d.pop("price")

        reserved = d.pop("reserved")

        seller_id = UUID(d.pop("seller_id"))

        stock = d.pop("stock")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        product_read = cls(
            archived=archived,
            available=available,
            created_at=created_at,
            currency=currency,
            description=description,
            id=id,
            name=name,
            price=price,
            reserved=reserved,
            seller_id=seller_id,
            stock=stock,
            updated_at=updated_at,
        )

        product_read.additional_properties = d
        return product_read

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
