"""Payments' expected failures; each renders as problem+json with ``code`` = the snake-case name."""

from __future__ import annotations

from common.errors import (
    BadRequest,
    Conflict,
    DependencyUnavailable,
    Forbidden,
    NotFound,
    Unauthorized,
    Unprocessable,
)


class PaymentNotFound(NotFound):
    default_message = "Payment not found."


class PaymentMethodNotFound(NotFound):
    default_message = "Payment method not found."


class OrderNotFound(NotFound):
    default_message = "Order not found."


class ProviderNotFound(NotFound):
    default_message = "No such payment provider."


class InvalidCardNumber(Unprocessable):
    default_message = "The card number is not valid."


class CardExpired(Unprocessable):
    default_message = "The card has expired."


class InvalidExpiry(Unprocessable):
    default_message = "The expiry date is not valid."


class InvalidCvc(Unprocessable):
    default_message = "The security code (CVC) must have 3 or 4 digits."


class CardRejected(Unprocessable):
    default_message = "The card was rejected by the payment provider."


class AmountMismatch(Unprocessable):
    default_message = "The amount and currency must equal the order's total."


class CurrencyMismatch(Unprocessable):
    default_message = "The wallet holds another currency."


class CaptureExceedsAuthorized(Unprocessable):
    default_message = "The capture amount exceeds the authorized amount."


class PartialCaptureOfOrderPayment(Unprocessable):
    default_message = (
        "A payment for an order is captured in full only: an order is paid only when its whole "
        "total is captured."
    )


class WalletCaptureIsImmediate(Unprocessable):
    default_message = "Wallet payments settle at once; manual capture is for cards."


class InvalidCoin(Unprocessable):
    default_message = "Only coins of 5, 10, 20, 50 or 100 are accepted."


class OrderNotPayable(Conflict):
    default_message = "The order cannot be paid now."


class OrderPaymentInProgress(Conflict):
    default_message = "A payment for this order is already being processed or has succeeded."


class PaymentNotCapturable(Conflict):
    default_message = "Only a payment that requires capture can be captured."


class PaymentNotCancelable(Conflict):
    default_message = "Only a payment that requires capture can be canceled."


class PaymentNotRefundable(Conflict):
    default_message = "Only a succeeded payment can be refunded."


class RefundExceedsCaptured(Conflict):
    default_message = "The refunds would exceed the captured amount."


class RefundExceedsShare(Conflict):
    default_message = "The refunds would exceed your share of this payment."


class InsufficientFunds(Conflict):
    default_message = "The wallet balance is too low for this payment."


class ProviderRefused(Conflict):
    default_message = "The payment provider refused the operation."


class NotPaymentOwner(Forbidden):
    default_message = "Only the payer or an admin can do this."


class RefundForbidden(Forbidden):
    default_message = (
        "The payer cannot refund its own payment: cancel the order before it ships (a full "
        "refund) or ask the seller in the order's message thread."
    )


class WalletForbidden(Forbidden):
    default_message = "Only buyers have a wallet."


class InvalidCallbackSignature(Unauthorized):
    default_message = "The notification's signature is invalid or too old."


class MalformedCallback(BadRequest):
    default_message = "The notification is malformed."


class ProviderUnavailable(DependencyUnavailable):
    default_message = "The payment provider is unavailable; retry later."
