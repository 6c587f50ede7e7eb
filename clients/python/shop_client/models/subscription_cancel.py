from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionCancel")


@_attrs_define
class SubscriptionCancel:
    """
    Attributes:
        at_period_end (bool | Unset):  Default: False.
    """

    at_period_end: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        at_period_end = self.at_period_end

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if at_period_end is not UNSET:
            field_dict["at_period_end"] = at_period_end

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at_period_end = d.pop("at_period_end", UNSET)

        subscription_cancel = cls(
            at_period_end=at_period_end,
        )

        return subscription_cancel
