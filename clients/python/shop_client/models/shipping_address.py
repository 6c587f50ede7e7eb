from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShippingAddress")


@_attrs_define
class ShippingAddress:
    """
    Attributes:
        city (str):
        country (str):
        line1 (str):
        name (str):
        postal_code (str):
        line2 (None | str | Unset):
        phone (None | str | Unset):
        state (None | str | Unset):
    """

    city: str
    country: str
    line1: str
    name: str
    postal_code: str
    line2: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    state: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        country = self.country

        line1 = self.line1

        name = self.name

        postal_code = self.postal_code

        line2: None | str | Unset
        if isinstance(self.line2, Unset):
            line2 = UNSET
        else:
            line2 = self.line2

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "city": city,
                "country": country,
                "line1": line1,
                "name": name,
                "postal_code": postal_code,
            }
        )
        if line2 is not UNSET:
            field_dict["line2"] = line2
        if phone is not UNSET:
            field_dict["phone"] = phone
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        city = d.pop("city")

        country = d.pop("country")

        line1 = d.pop("line1")

        name = d.pop("name")

        postal_code = d.pop("postal_code")

        def _parse_line2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line2 = _parse_line2(d.pop("line2", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        shipping_address = cls(
            city=city,
            country=country,
            line1=line1,
            name=name,
            postal_code=postal_code,
            line2=line2,
            phone=phone,
            state=state,
        )

        return shipping_address
