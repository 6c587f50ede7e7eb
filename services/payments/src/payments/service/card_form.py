"""The hosted page's card form: what the customer typed, and every problem with it, per field,
in the words a customer understands (Stripe's wording, no "check digit mismatch").

The number and the CVC are never shown again; the expiry and the name are, so a customer
trying another card after a decline only retypes what must change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from common.cards import card_digits, luhn_valid
from payments.service.cards import MAX_YEARS_AHEAD

_EXPIRY = re.compile(r"^\s*(\d{1,2})\s*[/\-. ]?\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True)
class CardForm:
    number: str
    exp_month: str
    exp_year: str
    cvc: str
    holder_name: str

    @classmethod
    def from_fields(
        cls, *, number: str, exp: str, exp_month: str, exp_year: str, cvc: str, holder_name: str
    ) -> CardForm:
        """``exp`` is the page's one "MM / YY" field; separate month and year are accepted
        too (a form without the page's script, or an older client)."""
        if exp.strip():
            match = _EXPIRY.match(exp)
            exp_month, exp_year = (match.group(1), match.group(2)) if match else (exp, "")
        return cls(number, exp_month.strip(), exp_year.strip(), cvc.strip(), holder_name.strip())

    @property
    def expiry_text(self) -> str:
        """The expiry as the page shows it again: ``MM / YY``."""
        if not (self.exp_month or self.exp_year):
            return ""
        year = self.exp_year[-2:] if len(self.exp_year) == 4 else self.exp_year
        month = self.exp_month.zfill(2) if self.exp_month.isdigit() else self.exp_month
        return f"{month} / {year}" if year else month

    def safe_fields(self) -> dict[str, str]:
        """What may be shown again on the page: never the number or the CVC."""
        return {"exp": self.expiry_text, "holder_name": self.holder_name}

    def month(self) -> int:
        return int(self.exp_month)

    def year(self) -> int:
        year = int(self.exp_year)
        return year + 2000 if len(self.exp_year) == 2 else year

    def field_errors(self, *, today: dt.date | None = None) -> dict[str, str]:
        """Every problem, keyed by the form field it belongs to (empty: the card may go on)."""
        errors: dict[str, str] = {}
        digits = card_digits(self.number)
        if not self.number.strip():
            errors["number"] = "Enter your card number."
        elif digits is None or len(digits) < 13:
            errors["number"] = "Your card number is incomplete."
        elif not luhn_valid(digits):
            errors["number"] = "Your card number is invalid."
        expiry = self._expiry_error(today or dt.datetime.now(dt.UTC).date())
        if expiry is not None:
            errors["exp"] = expiry
        cvc_length = 4 if digits is not None and digits[:2] in ("34", "37") else 3
        if not self.cvc:
            errors["cvc"] = "Enter your card's security code."
        elif not (self.cvc.isascii() and self.cvc.isdigit()) or len(self.cvc) < cvc_length:
            errors["cvc"] = "Your card's security code is incomplete."
        elif len(self.cvc) > cvc_length:
            errors["cvc"] = "Your card's security code is invalid."
        return errors

    def _expiry_error(self, today: dt.date) -> str | None:
        if not (self.exp_month or self.exp_year):
            return "Enter your card's expiration date."
        digits_only = all(p.isascii() and p.isdigit() for p in (self.exp_month, self.exp_year))
        if not digits_only or len(self.exp_year) not in (2, 4):
            return "Your card's expiration date is incomplete."
        if not 1 <= self.month() <= 12:
            return "Your card's expiration month is invalid."
        if (self.year(), self.month()) < (today.year, today.month):
            return "Your card's expiration date is in the past."
        if self.year() > today.year + MAX_YEARS_AHEAD:
            return "Your card's expiration year is invalid."
        return None
