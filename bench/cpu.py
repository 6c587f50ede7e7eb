"""CPU time per process, read from each process's own accounting (``/proc/<pid>/stat``).

The platform's processes are found from the ones the bench started (with their children:
uvicorn's workers); PostgreSQL's are the backends serving the run's own databases; RabbitMQ
and Redis are single shared processes (other users of the machine count in them too).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def pids_named(command: str) -> list[int]:
    """Processes whose executable name is ``command`` (e.g. ``beam.smp``)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == command:
                    pids.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return pids


@dataclass
class CpuMeter:
    """Snapshots per group of processes; ``groups`` maps a name to a function listing pids."""

    groups: Mapping[str, Callable[[], Iterable[int]]]
    _start: dict[str, dict[int, float]] = field(default_factory=dict)

    def snapshot(self) -> dict[str, dict[int, float]]:
        return {
            name: {pid: process_cpu(pid) for pid in pids()} for name, pids in self.groups.items()
        }

    def start(self) -> None:
        self._start = self.snapshot()

    def stop(self) -> dict[str, float]:
        """CPU seconds each group used since :meth:`start` (a process born since counts whole)."""
        end = self.snapshot()
        used = {}
        for name, now in end.items():
            before = self._start.get(name, {})
            used[name] = sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in now.items())
        return used
