from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.wallet_reset_read_coins import WalletResetReadCoins


T = TypeVar("T", bound="WalletResetRead")


@_attrs_define
class WalletResetRead:
    """
    Attributes:
        coins (WalletResetReadCoins):
        refunded (int):
        remaining (int): What no coin can pay out (under 5); stays in the wallet
    """

    coins: WalletResetReadCoins
    refunded: int
    remaining: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coins = self.coins.to_dict()

        refunded = self.refunded

        remaining = self.remaining

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coins": coins,
                "refunded": refunded,
                "remaining": remaining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.wallet_reset_read_coins import WalletResetReadCoins  # noqa: PLC0415

        d = dict(src_dict)
        coins = WalletResetReadCoins.from_dict(d.pop("coins"))

        refunded = d.pop("refunded")

        remaining = d.pop("remaining")

        wallet_reset_read = cls(
            coins=coins,
            refunded=refunded,
            remaining=remaining,
        )

        wallet_reset_read.additional_properties = d
        return wallet_reset_read

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
