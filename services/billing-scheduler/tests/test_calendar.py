"""Billing periods in UTC: clamped month ends that do not drift, Feb 29 yearly, skipping."""

import datetime as dt

import pytest

from billing.calendar import first_period_from, period_bounds, period_start


def _at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=dt.UTC)


class TestMonthly:
    def test_month_ends_clamp_and_come_back_over_a_year(self):
        starts = [period_start(_at(2027, 1, 31), "monthly", n).date() for n in range(13)]
        assert [d.isoformat() for d in starts] == [
            "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30",
            "2027-07-31", "2027-08-31", "2027-09-30", "2027-10-31", "2027-11-30", "2027-12-31",
            "2028-01-31",
        ]  # fmt: skip

    def test_a_leap_february_ends_on_the_29th(self):
        assert period_start(_at(2028, 1, 31), "monthly", 1) == _at(2028, 2, 29)

    def test_the_day_and_time_of_day_are_kept(self):
        assert period_start(_at(2027, 3, 15, 23), "monthly", 10) == _at(2028, 1, 15, 23)


class TestYearly:
    def test_feb_29_falls_on_feb_28_in_common_years_and_returns(self):
        starts = [period_start(_at(2028, 2, 29), "yearly", n) for n in range(5)]
        assert starts == [
            _at(2028, 2, 29), _at(2029, 2, 28), _at(2030, 2, 28), _at(2031, 2, 28),
            _at(2032, 2, 29),
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [("daily", _at(2027, 1, 4)), ("weekly", _at(2027, 1, 22)), ("monthly", _at(2027, 4, 1))],
)
def test_each_frequency_steps_from_the_anchor(frequency, expected):
    assert period_start(_at(2027, 1, 1), frequency, 3) == expected


def test_a_period_ends_where_the_next_starts():
    assert period_bounds(_at(2027, 1, 31), "monthly", 0) == (_at(2027, 1, 31), _at(2027, 2, 28))


def test_times_are_utc_whatever_the_input_offset():
    paris = dt.timezone(dt.timedelta(hours=1))
    anchor = dt.datetime(2027, 1, 1, 0, 30, tzinfo=paris)
    assert period_start(anchor, "daily", 1) == _at(2027, 1, 1, 0).replace(minute=30) - dt.timedelta(
        hours=1
    ) + dt.timedelta(days=1)
    assert period_start(anchor, "daily", 1).tzinfo == dt.UTC


def test_resuming_skips_the_periods_that_started_while_paused():
    anchor = _at(2027, 1, 1)
    assert first_period_from(anchor, "daily", _at(2027, 1, 5, 10), 2) == 5
    assert first_period_from(anchor, "daily", _at(2027, 1, 2, 8), 2) == 2
