"""What a failed charge does next, by the payment's failure code: the dunning policy.

- soft: ``card_declined``, ``insufficient_funds``, ``processing_error``,
  ``payment_method_unavailable``. Retried after +1 d, +3 d, +5 d
  (``BILLING_DUNNING_RETRY_DAYS``); after the last failure the subscription is ``past_due``,
  then ``cancelled`` after ``BILLING_PAST_DUE_GRACE_DAYS``.
- hard: ``expired_card``, ``stolen_card``, ``lost_card``, ``incorrect_cvc``,
  ``incorrect_number``, ``fraudulent``, ``pickup_card``, ``do_not_honor`` and any code not
  listed. Never retried: ``past_due`` at once (event ``billing.subscription.past_due``), then
  ``cancelled`` after the grace period.

In both cases a new card (``PATCH /subscriptions/{id}`` with ``payment_method_id``) retries the
failed charge at once. An unknown code counts as hard: retrying a card for a reason nobody
understood risks the issuer flagging the merchant.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

DeclineKind = Literal["soft", "hard"]

SOFT_DECLINES = frozenset(
    {"card_declined", "insufficient_funds", "processing_error", "payment_method_unavailable"}
)
HARD_DECLINES = frozenset(
    {
        "expired_card",
        "stolen_card",
        "lost_card",
        "incorrect_cvc",
        "incorrect_number",
        "fraudulent",
        "pickup_card",
        "do_not_honor",
    }
)


def kind(failure_code: str) -> DeclineKind:
    return "soft" if failure_code in SOFT_DECLINES else "hard"


def retry_at(
    failure_code: str, *, attempts: int, failed_at: dt.datetime, retry_days: tuple[float, ...]
) -> dt.datetime | None:
    """When to try again after attempt number ``attempts`` failed; None: no more tries."""
    if kind(failure_code) == "hard" or attempts > len(retry_days):
        return None
    return failed_at + dt.timedelta(days=retry_days[attempts - 1])
