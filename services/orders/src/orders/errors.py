"""Orders' expected failures; each renders as problem+json with ``code`` = snake-cased name."""

from __future__ import annotations

from typing import Any

from common.errors import Conflict, Forbidden, NotFound, Unprocessable


class OrderNotFound(NotFound):
    default_message = "The order does not exist."


class CartItemNotFound(NotFound):
    default_message = "The cart item does not exist."


class OrderLineNotFound(NotFound):
    default_message = "The order has no line for this product."


class OrderActionForbidden(Forbidden):
    default_message = "You may see this order but not do this to it."


class OrderTotalTooLarge(Unprocessable):
    default_message = "The order's total would not fit in 64 bits of minor units."


class ProductUnavailable(Unprocessable):
    default_message = "A product is unknown or no longer sold."


class CurrencyMismatch(Unprocessable):
    default_message = "All products of one order (or cart) must be priced in one currency."


class QuantityTooLarge(Unprocessable):
    default_message = "A line's quantity would exceed 10000."


class CartEmpty(Conflict):
    default_message = "The cart is empty."


class OrderNotEditable(Conflict):
    default_message = "The order's lines can change only while it is pending or awaiting payment."


class CannotRemoveLastLine(Conflict):
    default_message = "An order keeps at least one line; cancel the order instead."


class IllegalTransition(Conflict):
    """An order (or its lines' shipping) cannot move from ``source`` to ``target``."""

    def __init__(self, source: str, target: str) -> None:
        super().__init__(
            f"An order cannot go from '{source}' to '{target}'.",
            errors=[{"loc": ["status"], "msg": f"illegal transition {source} -> {target}"}],
        )
        self.source = source
        self.target = target


def field_error(loc: list[str | int], msg: str) -> list[dict[str, Any]]:
    return [{"loc": [str(part) for part in loc], "msg": msg}]
