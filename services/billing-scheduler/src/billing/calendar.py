"""Billing periods, in UTC. Period ``n`` of a subscription runs from ``period_start(n)`` to
``period_start(n + 1)``; every start is computed from the anchor (the first charge), never from
the previous start, so a clamped month does not drift: Jan 31 -> Feb 28 (29) -> Mar 31.
Yearly anchors on Feb 29 fall on Feb 28 in common years."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

Frequency = Literal["daily", "weekly", "monthly", "yearly"]


def _add_months(anchor: dt.datetime, months: int) -> dt.datetime:
    index = anchor.year * 12 + (anchor.month - 1) + months
    year, month = divmod(index, 12)
    day = min(anchor.day, calendar.monthrange(year, month + 1)[1])
    return anchor.replace(year=year, month=month + 1, day=day)


def period_start(anchor: dt.datetime, frequency: Frequency, n: int) -> dt.datetime:
    """Start of period ``n`` (0 is the anchor itself)."""
    anchor = anchor.astimezone(dt.UTC)
    if frequency == "daily":
        return anchor + dt.timedelta(days=n)
    if frequency == "weekly":
        return anchor + dt.timedelta(weeks=n)
    if frequency == "monthly":
        return _add_months(anchor, n)
    return _add_months(anchor, 12 * n)


def period_bounds(
    anchor: dt.datetime, frequency: Frequency, n: int
) -> tuple[dt.datetime, dt.datetime]:
    return period_start(anchor, frequency, n), period_start(anchor, frequency, n + 1)


def first_period_from(anchor: dt.datetime, frequency: Frequency, now: dt.datetime, n: int) -> int:
    """The first period at or after ``n`` that starts no earlier than ``now`` (used on resume:
    periods that passed while paused are skipped)."""
    while period_start(anchor, frequency, n) < now:
        n += 1
    return n
