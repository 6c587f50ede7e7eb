"""The dunning policy by decline code."""

import datetime as dt

import pytest

from billing.policy import HARD_DECLINES, SOFT_DECLINES, kind, retry_at

FAILED = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
DAYS = (1.0, 3.0, 5.0)


@pytest.mark.parametrize("code", sorted(SOFT_DECLINES))
def test_soft_declines_retry_on_the_schedule_then_stop(code):
    assert kind(code) == "soft"
    retries = [retry_at(code, attempts=n, failed_at=FAILED, retry_days=DAYS) for n in (1, 2, 3, 4)]
    assert retries == [
        FAILED + dt.timedelta(days=1),
        FAILED + dt.timedelta(days=3),
        FAILED + dt.timedelta(days=5),
        None,
    ]


@pytest.mark.parametrize("code", [*sorted(HARD_DECLINES), "something_new"])
def test_hard_and_unknown_declines_are_never_retried(code):
    assert kind(code) == "hard"
    assert retry_at(code, attempts=1, failed_at=FAILED, retry_days=DAYS) is None
