from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CartLineRead")


@_attrs_define
class CartLineRead:
    """
    Attributes:
        archived (bool): The product is no longer sold; remove the line.
        currency (str):
        id (UUID):
        line_total (int):
        name (str):
        orderable (bool): False when archived or priced in another currency.
        product_id (UUID):
        quantity (int):
        seller_id (UUID):
        unit_price (int):
    """

    archived: bool
    currency: str
    id: UUID
    line_total: int
    name: str
    orderable: bool
    product_id: UUID
    quantity: int
    seller_id: UUID
    unit_price: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        currency = self.currency

        id = str(self.id)

        line_total = self.line_total

        name = self.name

        orderable = self.orderable

        product_id = str(self.product_id)

        quantity = self.quantity

        seller_id = str(self.seller_id)

        unit_price = self.unit_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "archived": archived,
                "currency": currency,
                "id": id,
                "line_total": line_total,
                "name": name,
                "orderable": orderable,
                "product_id": product_id,
                "quantity": quantity,
                "seller_id": seller_id,
                "unit_price": unit_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived")

        currency = d.pop("currency")

        id = UUID(d.pop("id"))

        line_total = d.pop("line_total")

        name = d.pop("name")

        orderable = d.pop("orderable")

        product_id = UUID(d.pop("product_id"))

        quantity = d.pop("quantity")

        seller_id = UUID(d.pop("seller_id"))

        unit_price = d.pop("unit_price")

        cart_line_read = cls(
            archived=archived,
            currency=currency,
            id=id,
            line_total=line_total,
            name=name,
            orderable=orderable,
            product_id=product_id,
            quantity=quantity,
            seller_id=seller_id,
            unit_price=unit_price,
        )

        cart_line_read.additional_properties = d
        return cart_line_read

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
