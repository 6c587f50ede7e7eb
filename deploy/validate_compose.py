"""Validate deploy/compose.yml without a Docker engine.

Checks what `docker compose config` would reject (unknown keys, missing image/build, bad
depends_on, undeclared volumes, malformed ports) and that the containers run the same
processes as `make run` (the service registry's Procfile), with commands that exist as console
scripts, and that every registered service has its database URL and gateway route configured.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

from common import registry
from common.metrics import WORKER_METRICS_OFFSET
from gateway.settings import Settings as GatewaySettings

ROOT = Path(__file__).resolve().parent.parent
SERVICE_KEYS = {
    "build",
    "image",
    "command",
    "environment",
    "depends_on",
    "ports",
    "expose",
    "volumes",
    "healthcheck",
    "restart",
    "deploy",
}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
PORT = re.compile(r"^\d{1,5}(:\d{1,5})?$")


def console_scripts() -> set[str]:
    scripts: set[str] = set()
    for pyproject in [*ROOT.glob("services/*/pyproject.toml"), ROOT / "gateway/pyproject.toml"]:
        project = tomllib.loads(pyproject.read_text())["project"]
        scripts.update(project.get("scripts", {}))
    return scripts


def procfile_commands() -> set[str]:
    commands = set()
    for line in registry.procfile().splitlines():
        if ":" in line:
            command = line.split(":", 1)[1].split()[0]
            commands.add(Path(command).name)
    return commands - {"python"}


def validate(path: Path) -> list[str]:
    document: dict[str, Any] = yaml.safe_load(path.read_text())
    errors: list[str] = []
    services: dict[str, Any] = document.get("services") or {}
    volumes = set((document.get("volumes") or {}).keys())
    scripts = console_scripts()
    commands: set[str] = set()
    if not services:
        errors.append("no services")
    for name, spec in services.items():
        unknown = set(spec) - SERVICE_KEYS
        if unknown:
            errors.append(f"{name}: unknown keys {sorted(unknown)}")
        if "image" not in spec and "build" not in spec:
            errors.append(f"{name}: needs image or build")
        depends = spec.get("depends_on") or {}
        for dependency, rule in depends.items() if isinstance(depends, dict) else []:
            if dependency not in services:
                errors.append(f"{name}: depends on unknown service {dependency}")
            if rule.get("condition") not in CONDITIONS:
                errors.append(f"{name}: bad condition for {dependency}")
        for port in spec.get("ports", []) + spec.get("expose", []):
            if not PORT.match(str(port)):
                errors.append(f"{name}: bad port {port!r}")
        for volume in spec.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if not source.startswith((".", "/")) and source not in volumes:
                errors.append(f"{name}: volume {source} is not declared")
        command = spec.get("command")
        if isinstance(command, list) and command and "build" in spec:
            if command[0] not in scripts | {"python", "sh"}:
                errors.append(f"{name}: command {command[0]} is not a console script")
            commands.add(command[0])
        for key, value in (spec.get("environment") or {}).items():
            if not isinstance(value, str | int | float | bool):
                errors.append(f"{name}: environment {key} must be a scalar")
    missing = procfile_commands() - commands
    if missing:
        errors.append(f"processes in the Procfile but not in compose: {sorted(missing)}")
    errors += _registry_settings(services)
    errors += _monitoring(path.parent, services)
    return errors


def _expected_scrapes() -> dict[str, int]:
    """Compose service -> the port Prometheus must scrape it on: each api on its port, each
    worker on its metrics port (common.metrics: api port + offset), the gateway on its
    operations port."""
    expected = {"gateway": GatewaySettings.model_fields["ops_port"].default}
    for entry in registry.SERVICES:
        for process, script in entry.processes.items():
            is_worker = script.endswith("-worker")
            expected[process] = entry.port + (WORKER_METRICS_OFFSET if is_worker else 0)
    return expected


def _monitoring(deploy: Path, services: dict[str, Any]) -> list[str]:
    """Prometheus scrapes every process (api, worker, acquirer, gateway) on its metrics port,
    and Grafana is provisioned with it and the dashboard (every panel has a query)."""
    errors = [f"no {name} service" for name in ("prometheus", "grafana") if name not in services]
    config = yaml.safe_load((deploy / "prometheus/prometheus.yml").read_text())
    scraped = {
        (name, target["port"])
        for job in config["scrape_configs"]
        for target in job.get("dns_sd_configs", [])
        for name in target["names"]
    }
    for process, port in _expected_scrapes().items():
        if process in services and (process, port) not in scraped:
            errors.append(f"prometheus: {process} is not scraped on port {port}")
    dashboard = json.loads((deploy / "grafana/dashboards/shop.json").read_text())
    for panel in dashboard["panels"]:
        if not all(target.get("expr") for target in panel.get("targets", [])) or not panel.get(
            "targets"
        ):
            errors.append(f"grafana: panel {panel.get('title')!r} has no query")
    return errors


def _registry_settings(services: dict[str, Any]) -> list[str]:
    """Every registered service has a database URL, and the gateway a URL per routed service."""
    migrate_env = (services.get("migrate") or {}).get("environment") or {}
    gateway_env = (services.get("gateway") or {}).get("environment") or {}
    errors = [
        f"migrate: no {entry.prefix}_DATABASE_URL for {entry.directory}"
        for entry in registry.SERVICES
        if f"{entry.prefix}_DATABASE_URL" not in migrate_env
    ]
    errors += [
        f"gateway: no GATEWAY_{name.upper()}_URL for /api/{name}"
        for name in registry.routed()
        if f"GATEWAY_{name.upper()}_URL" not in gateway_env
    ]
    return errors


def validate_kubernetes(directory: Path) -> list[str]:
    """Every manifest is well formed and every Procfile process runs as a Deployment."""
    errors: list[str] = []
    scripts = console_scripts()
    commands: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if not document:
                continue
            where = (
                f"{path.name}: {document.get('kind')} {document.get('metadata', {}).get('name')}"
            )
            for key in ("apiVersion", "kind", "metadata"):
                if key not in document:
                    errors.append(f"{where}: missing {key}")
            if document.get("kind") != "Deployment":
                continue
            for container in document["spec"]["template"]["spec"]["containers"]:
                command = container.get("command", [""])[0]
                if command not in scripts:
                    errors.append(f"{where}: command {command} is not a console script")
                commands.add(command)
            labels = document["spec"]["template"]["metadata"]["labels"]
            if document["spec"]["selector"]["matchLabels"] != labels:
                errors.append(f"{where}: selector does not match the pod labels")
    missing = procfile_commands() - commands
    if missing:
        errors.append(f"processes in the Procfile but not in Kubernetes: {sorted(missing)}")
    return errors


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "deploy/compose.yml"
    errors = validate(path) + validate_kubernetes(ROOT / "deploy/k8s")
    for error in errors:
        print(f"compose: {error}")
    if not errors:
        print(f"{path.name}: valid")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
