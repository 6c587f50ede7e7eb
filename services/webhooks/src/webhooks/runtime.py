"""What the webhooks routes need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from webhooks.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
