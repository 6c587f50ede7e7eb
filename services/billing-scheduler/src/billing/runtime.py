"""What the billing routes need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from billing.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    # The process's shared client (common.app), to check with payments that a card is the caller's.
    http: httpx.AsyncClient
