"""Billing's expected failures; each renders as problem+json with ``code`` = snake-cased name."""

from __future__ import annotations

from common.errors import Conflict, DependencyUnavailable, NotFound, Unprocessable


class SubscriptionNotFound(NotFound):
    default_message = "The subscription does not exist."


class PaymentMethodNotFound(Unprocessable):
    """Someone else's card and an unknown id give this same answer."""

    default_message = "The payment method does not exist."

    def __init__(self) -> None:
        super().__init__(errors=[{"loc": ["body", "payment_method_id"], "msg": "unknown card"}])


class StartTooFarInPast(Unprocessable):
    default_message = "start_at lies further in the past than the catch-up limit allows."

    def __init__(self, days: int) -> None:
        super().__init__(
            f"start_at may lie at most {days} days in the past.",
            errors=[{"loc": ["body", "start_at"], "msg": f"more than {days} days ago"}],
        )


class SubscriptionTerminated(Conflict):
    default_message = "The subscription is cancelled; it cannot change any more."


class SubscriptionNotPausable(Conflict):
    default_message = "Only an active subscription can be paused."


class PaymentsUnavailable(DependencyUnavailable):
    default_message = "The payments service did not answer; try again."
