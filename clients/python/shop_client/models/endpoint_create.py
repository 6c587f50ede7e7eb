from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointCreate")


@_attrs_define
class EndpointCreate:
    """
    Attributes:
        event_types (list[str]):
        url (str):
        all_users (bool | Unset): Admins only: receive every user's events, not just yours. Default: False.
        description (str | Unset):  Default: ''.
    """

    event_types: list[str]
    url: str
    all_users: bool | Unset = False
    description: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        event_types = self.event_types

        url = self.url

        all_users = self.all_users

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_types": event_types,
                "url": url,
            }
        )
        if all_users is not UNSET:
            field_dict["all_users"] = all_users
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = cast(list[str], d.pop("event_types"))

        url = d.pop("url")

        all_users = d.pop("all_users", UNSET)

        description = d.pop("description", UNSET)

        endpoint_create = cls(
            event_types=event_types,
            url=url,
            all_users=all_users,
            description=description,
        )

        return endpoint_create
