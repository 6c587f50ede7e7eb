"""What the catalog's routes need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
