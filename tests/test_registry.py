"""The service registry (common.registry) is the one list of services: the files that cannot read
it must agree with it, and each failure names the line to add."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from common import registry

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SERVICES = registry.SERVICES


def _distribution(service: registry.Service) -> str:
    return str(
        tomllib.loads((ROOT / service.directory / "pyproject.toml").read_text())["project"]["name"]
    )


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
class TestEachServiceIsWiredIn:
    def test_its_folder_and_console_scripts_exist(self, service):
        project = tomllib.loads((ROOT / service.directory / "pyproject.toml").read_text())
        scripts = set(project["project"].get("scripts", {}))
        assert set(service.processes.values()) <= scripts, f"{service.directory}/pyproject.toml"
        assert (ROOT / service.directory / "src" / service.package / "settings.py").exists()
        assert (ROOT / service.directory / "alembic.ini").exists()

    def test_the_workspace_installs_and_type_checks_it(self, service):
        distribution = _distribution(service)
        assert distribution in PYPROJECT["project"]["dependencies"], (
            f'pyproject.toml [project] dependencies: add "{distribution}"'
        )
        assert distribution in PYPROJECT["tool"]["uv"]["sources"], (
            f"pyproject.toml [tool.uv.sources]: add {distribution} = {{ workspace = true }}"
        )
        mypy_path = PYPROJECT["tool"]["mypy"]["mypy_path"].split(":")
        assert f"{service.directory}/src" in mypy_path, "pyproject.toml [tool.mypy] mypy_path"

    def test_import_rules_and_sorting_know_it(self, service):
        lint = PYPROJECT["tool"]
        assert service.package in lint["ruff"]["lint"]["isort"]["known-first-party"]
        assert service.package in lint["importlinter"]["root_packages"]
        contracts = {c["name"]: c for c in lint["importlinter"]["contracts"]}
        independent = contracts["Services are independent of each other"]["modules"]
        assert service.package in independent, "import-linter: services independent"
        forbidden = contracts["common imports no service"]["forbidden_modules"]
        assert service.package in forbidden, "import-linter: common imports no service"

    def test_compose_and_kubernetes_run_its_processes(self, service):
        compose = yaml.safe_load((ROOT / "deploy/compose.yml").read_text())["services"]
        manifests = [
            doc
            for doc in yaml.safe_load_all((ROOT / "deploy/k8s/platform.yaml").read_text())
            if doc
        ]
        deployments = {d["metadata"]["name"] for d in manifests if d["kind"] == "Deployment"}
        config = next(d for d in manifests if d["kind"] == "ConfigMap")["data"]
        for process in service.processes:
            assert process in compose, f"deploy/compose.yml: add the {process} service"
            assert process in deployments, f"deploy/k8s/platform.yaml: add a {process} Deployment"
        assert f"{service.prefix}_DATABASE_URL" in config, "k8s ConfigMap: database URL"
        if service.routed:
            assert f"GATEWAY_{service.name.upper()}_URL" in config, "k8s ConfigMap: gateway URL"


def test_the_procfile_is_generated_from_the_registry():
    expected = registry.procfile()
    assert (ROOT / "deploy/Procfile").read_text() == expected, (
        "run: uv run --no-sync python -m common.registry procfile > deploy/Procfile"
    )


def test_names_ports_and_packages_are_unique():
    for attribute in ("name", "directory", "package", "port", "prefix"):
        values = [getattr(s, attribute) for s in SERVICES]
        assert len(values) == len(set(values)), attribute
    assert registry.GATEWAY_PORT not in {s.port for s in SERVICES}


def test_every_service_folder_is_registered():
    folders = {f"services/{p.name}" for p in (ROOT / "services").iterdir() if p.is_dir()}
    assert folders == {s.directory for s in SERVICES}, "add the folder to common.registry"


def test_the_cli_prints_what_the_makefile_reads(capsys):
    assert registry.main(["mypy"]) == 0
    assert capsys.readouterr().out.split() == [
        word for package in registry.packages() for word in ("-p", package)
    ]
    assert registry.main(["dirs"]) == 0
    assert capsys.readouterr().out.split() == [s.directory for s in SERVICES]
