from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_read_capture import PaymentReadCapture
from ..models.payment_read_method import PaymentReadMethod
from ..models.payment_read_status import PaymentReadStatus

if TYPE_CHECKING:
    from ..models.payment_read_metadata import PaymentReadMetadata


T = TypeVar("T", bound="PaymentRead")


@_attrs_define
class PaymentRead:
    """
    Attributes:
        amount (int):
        capture (PaymentReadCapture):
        captured_amount (int):
        card_brand (None | str):
        card_last4 (None | str):
        created_at (datetime.datetime):
        currency (str):
        description (None | str):
        failure_code (None | str):
        failure_message (None | str):
        id (UUID):
        metadata (PaymentReadMetadata):
        method (PaymentReadMethod):
        order_id (None | UUID):
        payment_method_id (None | UUID):
        refunded_amount (int):
        status (PaymentReadStatus):
        updated_at (datetime.datetime):
        user_id (UUID):
    """

    amount: int
    capture: PaymentReadCapture
    captured_amount: int
    card_brand: None | str
    card_last4: None | str
    created_at: datetime.datetime
    currency: str
    description: None | str
    failure_code: None | str
    failure_message: None | str
    id: UUID
    metadata: PaymentReadMetadata
    method: PaymentReadMethod
    order_id: None | UUID
    payment_method_id: None | UUID
    refunded_amount: int
    status: PaymentReadStatus
    updated_at: datetime.datetime
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        capture = self.capture.value

        captured_amount = self.captured_amount

        card_brand: None | str
        card_brand = self.card_brand

        card_last4: None | str
        card_last4 = self.card_last4

        created_at = self.created_at.isoformat()

        currency = self.currency

        description: None | str
        description = self.description

        failure_code: None | str
        failure_code = self.failure_code

        failure_message: None | str
        failure_message = self.failure_message

        id = str(self.id)

        metadata = self.metadata.to_dict()

        method = self.method.value

        order_id: None | str
        if isinstance(self.order_id, UUID):
            order_id = str(self.order_id)
        else:
            order_id = self.order_id

        payment_method_id: None | str
        if isinstance(self.payment_method_id, UUID):
            payment_method_id = str(self.payment_method_id)
        else:
            payment_method_id = self.payment_method_id

        refunded_amount = self.refunded_amount

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "capture": capture,
                "captured_amount": captured_amount,
                "card_brand": card_brand,
                "card_last4": card_last4,
                "created_at": created_at,
                "currency": currency,
                "description": description,
                "failure_code": failure_code,
                "failure_message": failure_message,
                "id": id,
                "metadata": metadata,
                "method": method,
                "order_id": order_id,
                "payment_method_id": payment_method_id,
                "refunded_amount": refunded_amount,
                "status": status,
                "updated_at": updated_at,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_read_metadata import PaymentReadMetadata  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        capture = PaymentReadCapture(d.pop("capture"))

        captured_amount = d.pop("captured_amount")

        def _parse_card_brand(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        card_brand = _parse_card_brand(d.pop("card_brand"))

        def _parse_card_last4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        card_last4 = _parse_card_last4(d.pop("card_last4"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        def _parse_failure_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_message = _parse_failure_message(d.pop("failure_message"))

        id = UUID(d.pop("id"))

        metadata = PaymentReadMetadata.from_dict(d.pop("metadata"))

        method = PaymentReadMethod(d.pop("method"))

        def _parse_order_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                order_id_type_0 = UUID(data)

                return order_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        order_id = _parse_order_id(d.pop("order_id"))

        def _parse_payment_method_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_method_id_type_0 = UUID(data)

                return payment_method_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id"))

        refunded_amount = d.pop("refunded_amount")

        status = PaymentReadStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_id = UUID(d.pop("user_id"))

        payment_read = cls(
            amount=amount,
            capture=capture,
            captured_amount=captured_amount,
            card_brand=card_brand,
            card_last4=card_last4,
            created_at=created_at,
            currency=currency,
            description=description,
            failure_code=failure_code,
            failure_message=failure_message,
            id=id,
            metadata=metadata,
            method=method,
            order_id=order_id,
            payment_method_id=payment_method_id,
            refunded_amount=refunded_amount,
            status=status,
            updated_at=updated_at,
            user_id=user_id,
        )

        payment_read.additional_properties = d
        return payment_read

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
