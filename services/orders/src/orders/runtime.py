"""What the orders routes need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from orders.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    # The process's shared client (common.app), for read-your-writes lookups on the catalog.
    http: httpx.AsyncClient
