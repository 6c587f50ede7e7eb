from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.line_shipping import LineShipping

T = TypeVar("T", bound="LineShippingRead")


@_attrs_define
class LineShippingRead:
    """
    Attributes:
        carrier (None | str):
        delivered_at (datetime.datetime | None):
        product_id (UUID):
        seller_id (UUID):
        shipped_at (datetime.datetime | None):
        status (LineShipping):
        tracking_number (None | str):
    """

    carrier: None | str
    delivered_at: datetime.datetime | None
    product_id: UUID
    seller_id: UUID
    shipped_at: datetime.datetime | None
    status: LineShipping
    tracking_number: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        carrier: None | str
        carrier = self.carrier

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        product_id = str(self.product_id)

        seller_id = str(self.seller_id)

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
                "carrier": carrier,
                "delivered_at": delivered_at,
                "product_id": product_id,
                "seller_id": seller_id,
                "shipped_at": shipped_at,
                "status": status,
                "tracking_number": tracking_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        product_id = UUID(d.pop("product_id"))

        seller_id = UUID(d.pop("seller_id"))

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

        status = LineShipping(d.pop("status"))

        def _parse_tracking_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking_number = _parse_tracking_number(d.pop("tracking_number"))

        line_shipping_read = cls(
            carrier=carrier,
            delivered_at=delivered_at,
            product_id=product_id,
            seller_id=seller_id,
            shipped_at=shipped_at,
            status=status,
            tracking_number=tracking_number,
        )

        line_shipping_read.additional_properties = d
        return line_shipping_read

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
