from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_type_read_schema import EventTypeReadSchema


T = TypeVar("T", bound="EventTypeRead")


@_attrs_define
class EventTypeRead:
    """
    Attributes:
        description (str):
        schema (EventTypeReadSchema):
        type_ (str):
    """

    description: str
    schema: EventTypeReadSchema
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        schema = self.schema.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "schema": schema,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_type_read_schema import EventTypeReadSchema  # noqa: PLC0415

        d = dict(src_dict)
        description = d.pop("description")

        schema = EventTypeReadSchema.from_dict(d.pop("schema"))

        type_ = d.pop("type")

        event_type_read = cls(
            description=description,
            schema=schema,
            type_=type_,
        )

        event_type_read.additional_properties = d
        return event_type_read

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
