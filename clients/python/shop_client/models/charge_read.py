from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.charge_read_status import ChargeReadStatus

T = TypeVar("T", bound="ChargeRead")


@_attrs_define
class ChargeRead:
    """
    Attributes:
        amount (int):
        attempts (int):
        created_at (datetime.datetime):
        currency (str):
        failure_code (None | str):
        id (UUID):
        next_attempt_at (datetime.datetime | None):
        payment_id (None | UUID):
        period (int):
        period_end (datetime.datetime):
        period_start (datetime.datetime):
        status (ChargeReadStatus):
        subscription_id (UUID):
        user_id (UUID):
    """

    amount: int
    attempts: int
    created_at: datetime.datetime
    currency: str
    failure_code: None | str
    id: UUID
    next_attempt_at: datetime.datetime | None
    payment_id: None | UUID
    period: int
    period_end: datetime.datetime
    period_start: datetime.datetime
    status: ChargeReadStatus
    subscription_id: UUID
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        currency = self.currency

        failure_code: None | str
        failure_code = self.failure_code

        id = str(self.id)

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        payment_id: None | str
        if isinstance(self.payment_id, UUID):
            payment_id = str(self.payment_id)
        else:
            payment_id = self.payment_id

        period = self.period

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        status = self.status.value

        subscription_id = str(self.subscription_id)

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "attempts": attempts,
                "created_at": created_at,
                "currency": currency,
                "failure_code": failure_code,
                "id": id,
                "next_attempt_at": next_attempt_at,
                "payment_id": payment_id,
                "period": period,
                "period_end": period_end,
                "period_start": period_start,
                "status": status,
                "subscription_id": subscription_id,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        id = UUID(d.pop("id"))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

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

        period = d.pop("period")

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        status = ChargeReadStatus(d.pop("status"))

        subscription_id = UUID(d.pop("subscription_id"))

        user_id = UUID(d.pop("user_id"))

        charge_read = cls(
            amount=amount,
            attempts=attempts,
            created_at=created_at,
            currency=currency,
            failure_code=failure_code,
            id=id,
            next_attempt_at=next_attempt_at,
            payment_id=payment_id,
            period=period,
            period_end=period_end,
            period_start=period_start,
            status=status,
            subscription_id=subscription_id,
            user_id=user_id,
        )

        charge_read.additional_properties = d
        return charge_read

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
