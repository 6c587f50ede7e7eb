"""What the sandbox's routes need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox_provider.faults import Behaviour
from sandbox_provider.notifications import Notifier
from sandbox_provider.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    behaviour: Behaviour
    notifier: Notifier
