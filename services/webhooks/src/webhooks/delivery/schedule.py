"""What follows an attempt: success, a retry after a jittered delay (at least what the
receiver's ``Retry-After`` asks), or failure once the schedule is spent."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from webhooks.delivery.client import Attempt
from webhooks.settings import Settings


@dataclass(frozen=True, slots=True)
class NextState:
    status: str  # succeeded | pending | failed
    next_attempt_at: dt.datetime
    retries: int


def after(attempt: Attempt, *, retries: int, manual: bool, settings: Settings) -> NextState:
    """``retries`` is how many automatic attempts already failed; a manual attempt is a
    one-off that leaves the schedule as it was."""
    now = attempt.attempted_at
    if attempt.succeeded:
        return NextState("succeeded", now, retries)
    schedule = settings.retry_schedule_seconds
    if manual or attempt.gone or retries >= len(schedule):
        return NextState("failed", now, retries)
    jitter = settings.retry_jitter
    delay = schedule[retries] * random.uniform(1 - jitter, 1 + jitter)
    if attempt.retry_after is not None:
        delay = max(delay, min(attempt.retry_after, settings.max_retry_after_seconds))
    return NextState("pending", now + dt.timedelta(seconds=delay), retries + 1)
