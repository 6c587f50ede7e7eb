from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.balance_check_currencies import BalanceCheckCurrencies
    from ..models.ledger_mismatch import LedgerMismatch


T = TypeVar("T", bound="BalanceCheck")


@_attrs_define
class BalanceCheck:
    """
    Attributes:
        currencies (BalanceCheckCurrencies):
        mismatched_accounts (list[LedgerMismatch]):
        ok (bool):
    """

    currencies: BalanceCheckCurrencies
    mismatched_accounts: list[LedgerMismatch]
    ok: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currencies = self.currencies.to_dict()

        mismatched_accounts = []
        for mismatched_accounts_item_data in self.mismatched_accounts:
            mismatched_accounts_item = mismatched_accounts_item_data.to_dict()
            mismatched_accounts.append(mismatched_accounts_item)

        ok = self.ok

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currencies": currencies,
                "mismatched_accounts": mismatched_accounts,
                "ok": ok,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance_check_currencies import BalanceCheckCurrencies  # noqa: PLC0415
        from ..models.ledger_mismatch import LedgerMismatch  # noqa: PLC0415

        d = dict(src_dict)
        currencies = BalanceCheckCurrencies.from_dict(d.pop("currencies"))

        mismatched_accounts = []
        _mismatched_accounts = d.pop("mismatched_accounts")
        for mismatched_accounts_item_data in _mismatched_accounts:
            mismatched_accounts_item = LedgerMismatch.from_dict(mismatched_accounts_item_data)

            mismatched_accounts.append(mismatched_accounts_item)

        ok = d.pop("ok")

        balance_check = cls(
            currencies=currencies,
            mismatched_accounts=mismatched_accounts,
            ok=ok,
        )

        balance_check.additional_properties = d
        return balance_check

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
