"""Card-number arithmetic shared by the payments service's pre-checks and the sandbox acquirer.
Pure functions, no I/O; nothing here logs or keeps a number."""

from __future__ import annotations


def card_digits(raw: str) -> str | None:
    """The digits of a card number as people type it (spaces and dashes dropped), or None when
    it is not 12 to 19 ASCII digits."""
    number = raw.replace(" ", "").replace("-", "")
    if not (number.isascii() and number.isdigit() and 12 <= len(number) <= 19):
        return None
    return number


def luhn_valid(number: str) -> bool:
    """The Luhn (mod 10) check digit test every card number passes."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0
