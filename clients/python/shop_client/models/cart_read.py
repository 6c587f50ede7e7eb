from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cart_line_read import CartLineRead


T = TypeVar("T", bound="CartRead")


@_attrs_define
class CartRead:
    """
    Attributes:
        currency (None | str):
        item_count (int):
        items (list[CartLineRead]):
        total (int): Sum of the orderable lines, in minor units of `currency`.
    """

    currency: None | str
    item_count: int
    items: list[CartLineRead]
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency: None | str
        currency = self.currency

        item_count = self.item_count

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "item_count": item_count,
                "items": items,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_line_read import CartLineRead  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        item_count = d.pop("item_count")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CartLineRead.from_dict(items_item_data)

            items.append(items_item)

        total = d.pop("total")

        cart_read = cls(
            currency=currency,
            item_count=item_count,
            items=items,
            total=total,
        )

        cart_read.additional_properties = d
        return cart_read

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
