from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.line_item import LineItem
    from ..models.shipping_address import ShippingAddress


T = TypeVar("T", bound="OrderCreate")


@_attrs_define
class OrderCreate:
    """Either ``items`` or ``from_cart: true`` (the caller's cart, emptied by the order).

    Attributes:
        shipping_address (ShippingAddress):
        from_cart (bool | Unset):  Default: False.
        items (list[LineItem] | None | Unset):
    """

    shipping_address: ShippingAddress
    from_cart: bool | Unset = False
    items: list[LineItem] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        shipping_address = self.shipping_address.to_dict()

        from_cart = self.from_cart

        items: list[dict[str, Any]] | None | Unset
        if isinstance(self.items, Unset):
            items = UNSET
        elif isinstance(self.items, list):
            items = []
            for items_type_0_item_data in self.items:
                items_type_0_item = items_type_0_item_data.to_dict()
                items.append(items_type_0_item)

        else:
            items = self.items

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shipping_address": shipping_address,
            }
        )
        if from_cart is not UNSET:
            field_dict["from_cart"] = from_cart
        if items is not UNSET:
            field_dict["items"] = items

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_item import LineItem  # noqa: PLC0415
        from ..models.shipping_address import ShippingAddress  # noqa: PLC0415

        d = dict(src_dict)
        shipping_address = ShippingAddress.from_dict(d.pop("shipping_address"))

        from_cart = d.pop("from_cart", UNSET)

        def _parse_items(data: object) -> list[LineItem] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                items_type_0 = []
                _items_type_0 = data
                for items_type_0_item_data in _items_type_0:
                    items_type_0_item = LineItem.from_dict(items_type_0_item_data)

                    items_type_0.append(items_type_0_item)

                return items_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[LineItem] | None | Unset, data)

        items = _parse_items(d.pop("items", UNSET))

        order_create = cls(
            shipping_address=shipping_address,
            from_cart=from_cart,
            items=items,
        )

        order_create.additional_properties = d
        return order_create

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
