from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.callback_received import CallbackReceived


T = TypeVar("T", bound="CallbacksReceived")


@_attrs_define
class CallbacksReceived:
    """The answer to a delivery of several notices: one entry per notice, in order.

    Attributes:
        received (list[CallbackReceived]):
    """

    received: list[CallbackReceived]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        received = []
        for received_item_data in self.received:
            received_item = received_item_data.to_dict()
            received.append(received_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "received": received,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_received import CallbackReceived  # noqa: PLC0415

        d = dict(src_dict)
        received = []
        _received = d.pop("received")
        for received_item_data in _received:
            received_item = CallbackReceived.from_dict(received_item_data)

            received.append(received_item)

        callbacks_received = cls(
            received=received,
        )

        callbacks_received.additional_properties = d
        return callbacks_received

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
