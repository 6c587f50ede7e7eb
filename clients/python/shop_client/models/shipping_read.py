from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..models.shipping_read_status import ShippingReadStatus

if TYPE_CHECKING:
    from ..models.line_shipping_read import LineShippingRead
    from ..models.shipping_address import ShippingAddress


T = TypeVar("T", bound="ShippingRead")


@_attrs_define
class ShippingRead:
    """
    Attributes:
        address (ShippingAddress):
        carrier (None | str):
        delivered_at (datetime.datetime | None):
        lines (list[LineShippingRead]): A seller sees its own lines only.
        order_status (OrderStatus):
        shipped_at (datetime.datetime | None):
        status (ShippingReadStatus): How far the lines the caller sees have come
        tracking_number (None | str):
    """

    address: ShippingAddress
    carrier: None | str
    delivered_at: datetime.datetime | None
    lines: list[LineShippingRead]
    order_status: OrderStatus
    shipped_at: datetime.datetime | None
    status: ShippingReadStatus
    tracking_number: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        address = self.address.to_dict()

        carrier: None | str
        carrier = self.carrier

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        order_status = self.order_status.value

        shipped_at: None | str
        if isinstance(self.shipped_at, datetime.datetime):
            shipped_at = self.shipped_at.isoformat()
        else:
            shipped_at = self.shipped_at

        status = self.status.value

        tracking_number: None | str
        tracking_number = self.tracking_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "carrier": carrier,
                "delivered_at": delivered_at,
                "lines": lines,
                "order_status": order_status,
                "shipped_at": shipped_at,
                "status": status,
                "tracking_number": tracking_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_shipping_read import LineShippingRead  # noqa: PLC0415
        from ..models.shipping_address import ShippingAddress  # noqa: PLC0415

        d = dict(src_dict)
        address = ShippingAddress.from_dict(d.pop("address"))

        def _parse_carrier(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        carrier = _parse_carrier(d.pop("carrier"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineShippingRead.from_dict(lines_item_data)

            lines.append(lines_item)

        order_status = OrderStatus(d.pop("order_status"))

        def _parse_shipped_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                shipped_at_type_0 = datetime.datetime.fromisoformat(data)

                return shipped_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        shipped_at = _parse_shipped_at(d.pop("shipped_at"))

        status = ShippingReadStatus(d.pop("status"))

        def _parse_tracking_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking_number = _parse_tracking_number(d.pop("tracking_number"))

        shipping_read = cls(
            address=address,
            carrier=carrier,
            delivered_at=delivered_at,
            lines=lines,
            order_status=order_status,
            shipped_at=shipped_at,
            status=status,
            tracking_number=tracking_number,
        )

        shipping_read.additional_properties = d
        return shipping_read

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
