"""What follows an attempt: the DESIGN.md schedule with jitter, Retry-After as a floor,
one-off manual attempts, and 410 as the end."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest

from webhooks.delivery.client import Attempt, _retry_after
from webhooks.delivery.schedule import after
from webhooks.settings import DEFAULT_RETRY_SCHEDULE, Settings

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
SETTINGS = Settings()


def _attempt(status: int | None, retry_after: float | None = None) -> Attempt:
    return Attempt(NOW, status, 5, "", None if status else "timed out", retry_after)


def _delay(state) -> float:
    return (state.next_attempt_at - NOW).total_seconds()


def test_the_default_schedule_is_designs():
    assert DEFAULT_RETRY_SCHEDULE == (5, 300, 1800, 7200, 18000, 36000, 36000)


@pytest.mark.parametrize("retries", range(7))
def test_each_retry_follows_the_schedule_with_jitter(retries):
    base = DEFAULT_RETRY_SCHEDULE[retries]
    delays = {
        _delay(after(_attempt(500), retries=retries, manual=False, settings=SETTINGS))
        for _ in range(20)
    }
    assert all(base * 0.8 <= d <= base * 1.2 for d in delays)
    assert len(delays) > 1  # jittered, so retries of many deliveries spread out


def test_after_the_last_retry_the_delivery_fails():
    state = after(_attempt(None), retries=7, manual=False, settings=SETTINGS)
    assert state.status == "failed"


def test_success_ends_it():
    state = after(_attempt(204), retries=3, manual=False, settings=SETTINGS)
    assert (state.status, state.retries) == ("succeeded", 3)


@pytest.mark.parametrize("status", [301, 302, 307, 400, 404, 429, 500, 503, None])
def test_anything_but_2xx_is_retried(status):
    assert after(_attempt(status), retries=0, manual=False, settings=SETTINGS).status == "pending"


def test_410_and_manual_attempts_are_not_retried():
    assert after(_attempt(410), retries=0, manual=False, settings=SETTINGS).status == "failed"
    assert after(_attempt(500), retries=0, manual=True, settings=SETTINGS).status == "failed"


def test_retry_after_is_a_floor_capped_at_a_day():
    later = after(_attempt(503, retry_after=120), retries=0, manual=False, settings=SETTINGS)
    assert _delay(later) == 120
    sooner = after(_attempt(503, retry_after=1), retries=2, manual=False, settings=SETTINGS)
    assert _delay(sooner) >= 1800 * 0.8
    huge = after(_attempt(503, retry_after=10**9), retries=0, manual=False, settings=SETTINGS)
    assert _delay(huge) == 86400


def test_retry_after_reads_seconds_and_http_dates():
    assert _retry_after("30", NOW) == 30
    date = email.utils.format_datetime(NOW + dt.timedelta(minutes=2), usegmt=True)
    assert _retry_after(date, NOW) == 120
    assert _retry_after("soon", NOW) is None
    assert _retry_after(None, NOW) is None
