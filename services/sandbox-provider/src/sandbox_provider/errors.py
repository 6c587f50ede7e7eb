"""The sandbox's typed errors; each renders as problem+json with ``code`` = snake-cased name."""

from __future__ import annotations

from common.errors import Conflict, DependencyUnavailable, NotFound, Unauthorized, Unprocessable


class InvalidApiKey(Unauthorized):
    default_message = "Missing or invalid secret key: send 'Authorization: Bearer <key>'."


class InvalidNumber(Unprocessable):
    default_message = "The card number is not valid."


class InvalidExpiryMonth(Unprocessable):
    default_message = "The expiry month is not valid."


class InvalidExpiryYear(Unprocessable):
    default_message = "The expiry year is not valid."


class ExpiredCard(Unprocessable):
    default_message = "The card has expired."


class InvalidCvc(Unprocessable):
    default_message = "The security code is not valid."


class UnknownToken(Unprocessable):
    default_message = "No card has this token."


class ChargeNotFound(NotFound):
    default_message = "No charge matches."


class ReferenceReused(Conflict):
    default_message = "This reference was already used with different parameters."


class ChargeNotCapturable(Conflict):
    default_message = "Only an authorized charge can be captured, once."


class CaptureExceedsAuthorized(Conflict):
    default_message = "The capture amount exceeds the authorized amount."


class ChargeNotVoidable(Conflict):
    default_message = "Only an authorized, uncaptured charge can be voided."


class ChargeNotRefundable(Conflict):
    default_message = "Only a captured charge can be refunded."


class RefundExceedsCaptured(Conflict):
    default_message = "Refunds cannot exceed the captured amount."


class ProcessingError(DependencyUnavailable):
    default_message = "The card network did not answer; retry with the same reference."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, headers={"Retry-After": "1"})
