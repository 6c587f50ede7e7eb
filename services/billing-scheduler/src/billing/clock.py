"""Billing's clock: every time-driven rule reads it (see common.clock)."""

from __future__ import annotations

from billing.models import clock
from billing.settings import Settings
from common.clock import Clock


def billing_clock(settings: Settings) -> Clock:
    return Clock(clock, movable=settings.test_clock)
