from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WalletDeposit")


@_attrs_define
class WalletDeposit:
    """One coin per call: ``{"coin": 50}`` (``{"amount": 50}`` is accepted too).

    Attributes:
        amount (int | None | Unset):
        coin (int | None | Unset):
    """

    amount: int | None | Unset = UNSET
    coin: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount: int | None | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        coin: int | None | Unset
        if isinstance(self.coin, Unset):
            coin = UNSET
        else:
            coin = self.coin

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount is not UNSET:
            field_dict["amount"] = amount
        if coin is not UNSET:
            field_dict["coin"] = coin

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))

        def _parse_coin(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        coin = _parse_coin(d.pop("coin", UNSET))

        wallet_deposit = cls(
            amount=amount,
            coin=coin,
        )

        return wallet_deposit
