from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BodyCheckoutPayCheckoutSessionIdPost")


@_attrs_define
class BodyCheckoutPayCheckoutSessionIdPost:
    """
    Attributes:
        cvc (str | Unset):  Default: ''.
        exp (str | Unset):  Default: ''.
        exp_month (str | Unset):  Default: ''.
        exp_year (str | Unset):  Default: ''.
        holder_name (str | Unset):  Default: ''.
        number (str | Unset):  Default: ''.
    """

    cvc: str | Unset = ""
    exp: str | Unset = ""
    exp_month: str | Unset = ""
    exp_year: str | Unset = ""
    holder_name: str | Unset = ""
    number: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cvc = self.cvc

        exp = self.exp

        exp_month = self.exp_month

        exp_year = self.exp_year

        holder_name = self.holder_name

        number = self.number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cvc is not UNSET:
            field_dict["cvc"] = cvc
        if exp is not UNSET:
            field_dict["exp"] = exp
        if exp_month is not UNSET:
            field_dict["exp_month"] = exp_month
        if exp_year is not UNSET:
            field_dict["exp_year"] = exp_year
        if holder_name is not UNSET:
            field_dict["holder_name"] = holder_name
        if number is not UNSET:
            field_dict["number"] = number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cvc = d.pop("cvc", UNSET)

        exp = d.pop("exp", UNSET)

        exp_month = d.pop("exp_month", UNSET)

        exp_year = d.pop("exp_year", UNSET)

        holder_name = d.pop("holder_name", UNSET)

        number = d.pop("number", UNSET)

        body_checkout_pay_checkout_session_id_post = cls(
            cvc=cvc,
            exp=exp,
            exp_month=exp_month,
            exp_year=exp_year,
            holder_name=holder_name,
            number=number,
        )

        body_checkout_pay_checkout_session_id_post.additional_properties = d
        return body_checkout_pay_checkout_session_id_post

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
