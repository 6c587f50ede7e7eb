"""The one list of the platform's services: everything that starts, routes, migrates, type-checks
or tests "every service" reads it (the gateway, ``make run``'s Procfile, the Makefile, devtools,
the e2e platform, the contract tests), and ``tests/test_registry.py`` checks the files that
cannot read it (compose, Kubernetes, pyproject) against it.

Adding a service is a folder under ``services/`` plus one line in ``SERVICES`` below; the
registry test then names every remaining place that must mention it.

    python -m common.registry procfile      # what deploy/Procfile must hold
    python -m common.registry dirs          # service folders with a database, in order
    python -m common.registry mypy          # "-p common -p auth ..." for `make typecheck`
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

VENV_BIN = ".venv/bin"


@dataclass(frozen=True, slots=True)
class Service:
    """One deployable service of the repository.

    ``name`` is the path segment after ``/api/`` at the gateway and the prefix of its process
    names (``payments-api``, ``payments-worker``); ``env_prefix`` is its settings' prefix.
    """

    name: str
    directory: str
    package: str
    port: int
    env_prefix: str = ""
    routed: bool = True
    """Reachable through the gateway under ``/api/<name>``."""
    worker: bool = True
    """Has a ``<name>-worker`` process (outbox relay, consumers, due work)."""
    consumes: bool = True
    """Its worker declares a ``<name>.events`` queue (the e2e platform waits for it)."""
    api_script: str = ""
    api_process: str = ""

    @property
    def prefix(self) -> str:
        return self.env_prefix or self.name.upper()

    @property
    def processes(self) -> dict[str, str]:
        """Process name -> console script, as ``make run`` starts them."""
        processes = {self.api_process or f"{self.name}-api": self.api_script or f"{self.name}-api"}
        if self.worker:
            processes[f"{self.name}-worker"] = f"{self.name}-worker"
        return processes

    @property
    def queue(self) -> str:
        """The suffix of its event queue (``<queue_prefix><service_name>.events``)."""
        return f"{self.package}.events"


SERVICES: tuple[Service, ...] = (
    Service("auth", "services/auth", "auth", 8001, consumes=False),
    Service("catalog", "services/catalog", "catalog", 8002),
    Service("orders", "services/orders", "orders", 8003),
    Service("payments", "services/payments", "payments", 8004),
    Service("billing", "services/billing-scheduler", "billing", 8005),
    Service(
        "sandbox",
        "services/sandbox-provider",
        "sandbox_provider",
        8010,
        routed=False,
        worker=False,
        consumes=False,
        api_script="sandbox-provider",
        api_process="sandbox",
    ),
    Service("webhooks", "services/webhooks", "webhooks", 8006),
)

GATEWAY_PORT = 8000
"""The gateway is not a service of this list: it fronts them (``gateway/``, package gateway)."""
DEV_PROCESSES = {"mail": "python -m common.devtools mailcatcher --port 1025"}
"""Processes of ``make run`` only (a local mail catcher); production uses real ones."""


def service(name: str) -> Service:
    for candidate in SERVICES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def routed() -> dict[str, int]:
    """Gateway prefix -> default local port, for every service reachable through the gateway."""
    return {s.name: s.port for s in SERVICES if s.routed}


def packages() -> list[str]:
    """Every import package of the workspace: common, the services, the gateway."""
    return ["common", *(s.package for s in SERVICES), "gateway"]


def procfile() -> str:
    """The Procfile ``make run`` (honcho) and the e2e platform start."""
    lines = [f"{name}: {VENV_BIN}/{command}" for name, command in DEV_PROCESSES.items()]
    for entry in SERVICES:
        lines += [f"{name}: {VENV_BIN}/{script}" for name, script in entry.processes.items()]
    lines.append(f"gateway: {VENV_BIN}/gateway")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "procfile":
        sys.stdout.write(procfile())
    elif command == "dirs":
        print(" ".join(s.directory for s in SERVICES))
    elif command == "mypy":
        print(" ".join(f"-p {package}" for package in packages()))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
