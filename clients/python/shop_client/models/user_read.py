from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_read_role import UserReadRole

T = TypeVar("T", bound="UserRead")


@_attrs_define
class UserRead:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):
        email_verified (bool):
        id (UUID):
        is_active (bool):
        role (UserReadRole):
        updated_at (datetime.datetime):
        username (str):
    """

    created_at: datetime.datetime
    email: str
    email_verified: bool
    id: UUID
    is_active: bool
    role: UserReadRole
    updated_at: datetime.datetime
    username: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        email_verified = self.email_verified

        id = str(self.id)

        is_active = self.is_active

        role = self.role.value

        updated_at = self.updated_at.isoformat()

        username = self.username

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "email_verified": email_verified,
                "id": id,
                "is_active": is_active,
                "role": role,
                "updated_at": updated_at,
                "username": username,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        email_verified = d.pop("email_verified")

        id = UUID(d.pop("id"))

        is_active = d.pop("is_active")

        role = UserReadRole(d.pop("role"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        username = d.pop("username")

        user_read = cls(
            created_at=created_at,
            email=email,
            email_verified=email_verified,
            id=id,
            is_active=is_active,
            role=role,
            updated_at=updated_at,
            username=username,
        )

        user_read.additional_properties = d
        return user_read

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
