from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus

if TYPE_CHECKING:
    from ..models.order_line_read import OrderLineRead
    from ..models.shipping_address import ShippingAddress
    from ..models.status_entry import StatusEntry


T = TypeVar("T", bound="OrderRead")


@_attrs_define
class OrderRead:
    """
    Attributes:
        created_at (datetime.datetime):
        currency (str):
        id (UUID):
        lines (list[OrderLineRead]): A seller sees its own lines only.
        paid_amount (int | None): null for a seller: the whole order's money
        payment_id (None | UUID):
        refunded_amount (int | None): null for a seller
        rejection_code (None | str):
        rejection_reason (None | str):
        reservation_expires_at (datetime.datetime | None):
        revision (int):
        shipping_address (ShippingAddress):
        status (OrderStatus):
        status_history (list[StatusEntry]):
        total (int): Authoritative once the catalog confirmed the lines. A seller sees the sum of its own lines only.
        updated_at (datetime.datetime):
        user_id (UUID):
    """

    created_at: datetime.datetime
    currency: str
    id: UUID
    lines: list[OrderLineRead]
    paid_amount: int | None
    payment_id: None | UUID
    refunded_amount: int | None
    rejection_code: None | str
    rejection_reason: None | str
    reservation_expires_at: datetime.datetime | None
    revision: int
    shipping_address: ShippingAddress
    status: OrderStatus
    status_history: list[StatusEntry]
    total: int
    updated_at: datetime.datetime
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        currency = self.currency

        id = str(self.id)

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        paid_amount: int | None
        paid_amount = self.paid_amount

        payment_id: None | str
        if isinstance(self.payment_id, UUID):
            payment_id = str(self.payment_id)
        else:
            payment_id = self.payment_id

        refunded_amount: int | None
        refunded_amount = self.refunded_amount

        rejection_code: None | str
        rejection_code = self.rejection_code

        rejection_reason: None | str
        rejection_reason = self.rejection_reason

        reservation_expires_at: None | str
        if isinstance(self.reservation_expires_at, datetime.datetime):
            reservation_expires_at = self.reservation_expires_at.isoformat()
        else:
            reservation_expires_at = self.reservation_expires_at

        revision = self.revision

        shipping_address = self.shipping_address.to_dict()

        status = self.status.value

        status_history = []
        for status_history_item_data in self.status_history:
            status_history_item = status_history_item_data.to_dict()
            status_history.append(status_history_item)

        total = self.total

        updated_at = self.updated_at.isoformat()

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "lines": lines,
                "paid_amount": paid_amount,
                "payment_id": payment_id,
                "refunded_amount": refunded_amount,
                "rejection_code": rejection_code,
                "rejection_reason": rejection_reason,
                "reservation_expires_at": reservation_expires_at,
                "revision": revision,
                "shipping_address": shipping_address,
                "status": status,
                "status_history": status_history,
                "total": total,
                "updated_at": updated_at,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_line_read import OrderLineRead  # noqa: PLC0415
        from ..models.shipping_address import ShippingAddress  # noqa: PLC0415
        from ..models.status_entry import StatusEntry  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = UUID(d.pop("id"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_paid_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        paid_amount = _parse_paid_amount(d.pop("paid_amount"))

        def _parse_payment_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_id_type_0 = UUID(data)

                return payment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        def _parse_refunded_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        refunded_amount = _parse_refunded_amount(d.pop("refunded_amount"))

        def _parse_rejection_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rejection_code = _parse_rejection_code(d.pop("rejection_code"))

        def _parse_rejection_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason"))

        def _parse_reservation_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reservation_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return reservation_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        reservation_expires_at = _parse_reservation_expires_at(d.pop("reservation_expires_at"))

        revision = d.pop("revision")

        shipping_address = ShippingAddress.from_dict(d.pop("shipping_address"))

        status = OrderStatus(d.pop("status"))

        status_history = []
        _status_history = d.pop("status_history")
        for status_history_item_data in _status_history:
            status_history_item = StatusEntry.from_dict(status_history_item_data)

            status_history.append(status_history_item)

        total = d.pop("total")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_id = UUID(d.pop("user_id"))

        order_read = cls(
            created_at=created_at,
            currency=currency,
            id=id,
            lines=lines,
            paid_amount=paid_amount,
            payment_id=payment_id,
            refunded_amount=refunded_amount,
            rejection_code=rejection_code,
            rejection_reason=rejection_reason,
            reservation_expires_at=reservation_expires_at,
            revision=revision,
            shipping_address=shipping_address,
            status=status,
            status_history=status_history,
            total=total,
            updated_at=updated_at,
            user_id=user_id,
        )

        order_read.additional_properties = d
        return order_read

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
