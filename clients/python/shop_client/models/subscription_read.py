from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subscription_read_frequency import SubscriptionReadFrequency
from ..models.subscription_read_status import SubscriptionReadStatus

if TYPE_CHECKING:
    from ..models.period import Period


T = TypeVar("T", bound="SubscriptionRead")


@_attrs_define
class SubscriptionRead:
    """
    Attributes:
        amount (int):
        cancel_at_period_end (bool):
        cancelled_at (datetime.datetime | None):
        created_at (datetime.datetime):
        currency (str):
        current_period (None | Period):
        frequency (SubscriptionReadFrequency):
        id (UUID):
        item (str):
        item_id (str):
        next_charge_at (datetime.datetime | None):
        payment_method_id (UUID):
        start_at (datetime.datetime):
        status (SubscriptionReadStatus):
        user_id (UUID):
    """

    amount: int
    cancel_at_period_end: bool
    cancelled_at: datetime.datetime | None
    created_at: datetime.datetime
    currency: str
    current_period: None | Period
    frequency: SubscriptionReadFrequency
    id: UUID
    item: str
    item_id: str
    next_charge_at: datetime.datetime | None
    payment_method_id: UUID
    start_at: datetime.datetime
    status: SubscriptionReadStatus
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.period import Period  # noqa: PLC0415

        amount = self.amount

        cancel_at_period_end = self.cancel_at_period_end

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        created_at = self.created_at.isoformat()

        currency = self.currency

        current_period: dict[str, Any] | None
        if isinstance(self.current_period, Period):
            current_period = self.current_period.to_dict()
        else:
            current_period = self.current_period

        frequency = self.frequency.value

        id = str(self.id)

        item = self.item

        item_id = self.item_id

        next_charge_at: None | str
        if isinstance(self.next_charge_at, datetime.datetime):
            next_charge_at = self.next_charge_at.isoformat()
        else:
            next_charge_at = self.next_charge_at

        payment_method_id = str(self.payment_method_id)

        start_at = self.start_at.isoformat()

        status = self.status.value

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "cancel_at_period_end": cancel_at_period_end,
                "cancelled_at": cancelled_at,
                "created_at": created_at,
                "currency": currency,
                "current_period": current_period,
                "frequency": frequency,
                "id": id,
                "item": item,
                "item_id": item_id,
                "next_charge_at": next_charge_at,
                "payment_method_id": payment_method_id,
                "start_at": start_at,
                "status": status,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period import Period  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        cancel_at_period_end = d.pop("cancel_at_period_end")

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_current_period(data: object) -> None | Period:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                current_period_type_0 = Period.from_dict(data)

                return current_period_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Period, data)

        current_period = _parse_current_period(d.pop("current_period"))

        frequency = SubscriptionReadFrequency(d.pop("frequency"))

        id = UUID(d.pop("id"))

        item = d.pop("item")

        item_id = d.pop("item_id")

        def _parse_next_charge_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_charge_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_charge_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_charge_at = _parse_next_charge_at(d.pop("next_charge_at"))

        payment_method_id = UUID(d.pop("payment_method_id"))

        start_at = datetime.datetime.fromisoformat(d.pop("start_at"))

        status = SubscriptionReadStatus(d.pop("status"))

        user_id = UUID(d.pop("user_id"))

        subscription_read = cls(
            amount=amount,
            cancel_at_period_end=cancel_at_period_end,
            cancelled_at=cancelled_at,
            created_at=created_at,
            currency=currency,
            current_period=current_period,
            frequency=frequency,
            id=id,
            item=item,
            item_id=item_id,
            next_charge_at=next_charge_at,
            payment_method_id=payment_method_id,
            start_at=start_at,
            status=status,
            user_id=user_id,
        )

        subscription_read.additional_properties = d
        return subscription_read

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
