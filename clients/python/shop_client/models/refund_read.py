from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_read_status import RefundReadStatus

T = TypeVar("T", bound="RefundRead")


@_attrs_define
class RefundRead:
    """
    Attributes:
        amount (int):
        created_at (datetime.datetime):
        currency (str):
        failure_code (None | str):
        id (UUID):
        payment_id (UUID):
        reason (None | str):
        status (RefundReadStatus):
        updated_at (datetime.datetime):
    """

    amount: int
    created_at: datetime.datetime
    currency: str
    failure_code: None | str
    id: UUID
    payment_id: UUID
    reason: None | str
    status: RefundReadStatus
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        created_at = self.created_at.isoformat()

        currency = self.currency

        failure_code: None | str
        failure_code = self.failure_code

        id = str(self.id)

        payment_id = str(self.payment_id)

        reason: None | str
        reason = self.reason

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "created_at": created_at,
                "currency": currency,
                "failure_code": failure_code,
                "id": id,
                "payment_id": payment_id,
                "reason": reason,
                "status": status,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        id = UUID(d.pop("id"))

        payment_id = UUID(d.pop("payment_id"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = RefundReadStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        refund_read = cls(
            amount=amount,
            created_at=created_at,
            currency=currency,
            failure_code=failure_code,
            id=id,
            payment_id=payment_id,
            reason=reason,
            status=status,
            updated_at=updated_at,
        )

        refund_read.additional_properties = d
        return refund_read

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
