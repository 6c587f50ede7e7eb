from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.line_shipping import LineShipping
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderLineRead")


@_attrs_define
class OrderLineRead:
    """
    Attributes:
        amount (int):
        name (str):
        product_id (UUID):
        quantity (int):
        seller_id (UUID):
        unit_price (int):
        shipping_status (LineShipping | Unset):
    """

    amount: int
    name: str
    product_id: UUID
    quantity: int
    seller_id: UUID
    unit_price: int
    shipping_status: LineShipping | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        name = self.name

        product_id = str(self.product_id)

        quantity = self.quantity

        seller_id = str(self.seller_id)

        unit_price = self.unit_price

        shipping_status: str | Unset = UNSET
        if not isinstance(self.shipping_status, Unset):
            shipping_status = self.shipping_status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "name": name,
                "product_id": product_id,
                "quantity": quantity,
                "seller_id": seller_id,
                "unit_price": unit_price,
            }
        )
        if shipping_status is not UNSET:
            field_dict["shipping_status"] = shipping_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        name = d.pop("name")

        product_id = UUID(d.pop("product_id"))

        quantity = d.pop("quantity")

        seller_id = UUID(d.pop("seller_id"))

        unit_price = d.pop("unit_price")

        _shipping_status = d.pop("shipping_status", UNSET)
        shipping_status: LineShipping | Unset
        if isinstance(_shipping_status, Unset):
            shipping_status = UNSET
        else:
            shipping_status = LineShipping(_shipping_status)

        order_line_read = cls(
            amount=amount,
            name=name,
            product_id=product_id,
            quantity=quantity,
            seller_id=seller_id,
            unit_price=unit_price,
            shipping_status=shipping_status,
        )

        order_line_read.additional_properties = d
        return order_line_read

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
