"""Regenerates the typed Python client (clients/python) from the gateway's merged OpenAPI
document, or checks that the committed client is current.

The document is built in-process, exactly as the gateway builds ``/openapi.json``: each routed
service's app (from the service registry) gives ``app.openapi()``, and ``gateway.openapi.merge``
merges them. No process, database or broker is needed.

    uv run --no-sync python clients/generate.py            # rewrite clients/python
    uv run --no-sync python clients/generate.py --check    # exit 1 (with a diff) if stale
    uv run --no-sync python clients/generate.py --spec F   # only write the merged document
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import registry
from gateway.openapi import merge

CLIENTS = Path(__file__).resolve().parent
TARGET = CLIENTS / "python"
CONFIG = CLIENTS / "openapi-python-client.yaml"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def merged_document() -> dict[str, Any]:
    """The document the gateway serves at ``/openapi.json`` when every service is up."""
    documents: dict[str, dict[str, Any] | None] = {}
    for name in registry.routed():
        module = importlib.import_module(f"{registry.service(name).package}.main")
        documents[name] = module.create_app().openapi()
    return merge(documents)


def with_class_names(document: dict[str, Any]) -> dict[str, Any]:
    """The document with each component schema titled by the class name it should get.

    The generator names a model after its schema's ``title``; merged services share some names
    (each has its ``ProblemDetail``), so a name that two services use gets the service's name in
    front (``CatalogProblemDetail``), and a unique one stays as it is (``ProductRead``).
    """
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    bare = [key.partition(".")[2] or key for key in schemas]
    for key, schema in schemas.items():
        service, _, name = key.rpartition(".")
        if bare.count(name) > 1 and service:
            name = service.title().replace("_", "").replace("-", "") + name
        schema["title"] = name
    return document


def with_short_operation_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The document with FastAPI's default operation ids cut to the handler's name.

    FastAPI appends the path and method (``create_product_products_post``); the generator makes
    a module of each id, so ``catalog_create_product_products_post`` becomes
    ``catalog_create_product``. Ids a service chose itself are kept.
    """
    for path, item in document.get("paths", {}).items():
        service = path.split("/")[2]
        local = path.removeprefix(f"/api/{service}") or "/"
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            suffix = re.sub(r"\W", "_", local) + f"_{method}"
            operation_id: str = operation["operationId"]
            if operation_id.endswith(suffix) and len(operation_id) > len(suffix):
                operation["operationId"] = operation_id.removesuffix(suffix)
    return document


def with_json_bodies(document: dict[str, Any]) -> dict[str, Any]:
    """The document with JSON as the only body type where an operation accepts several.

    ``POST /api/auth/token`` also takes an OAuth2 form (for the docs UI); the generator's code
    for a body of two types does not import (openapi-python-client 0.29 leaves ``Unset``
    undefined), and a Python caller sends JSON anyway.
    """
    for item in document.get("paths", {}).values():
        for operation in item.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not isinstance(body, dict):
                continue
            content = body.get("content", {})
            if len(content) > 1 and "application/json" in content:
                body["content"] = {"application/json": content["application/json"]}
    return document


def client_document() -> dict[str, Any]:
    """The merged document as the generator gets it (see the three functions above)."""
    return with_json_bodies(with_short_operation_ids(with_class_names(merged_document())))


def generate(target: Path, spec: Path) -> None:
    """Writes the client project into ``target`` (replacing what is there)."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "python"
        subprocess.run(
            [
                str(GENERATOR),
                "generate",
                "--path",
                str(spec),
                "--config",
                str(CONFIG),
                "--meta",
                "uv",
                "--output-path",
                str(output),
                "--fail-on-warning",
            ],
            check=True,
            cwd=scratch,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(output, target, ignore=shutil.ignore_patterns(".gitignore", ".ruff_cache"))


def _files(root: Path) -> dict[str, str]:
    """The generated files (not caches that ruff, mypy or Python leave beside them)."""
    files: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        cache = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
        if path.is_file() and not cache:
            files[str(relative)] = path.read_text(errors="replace")
    return files


def differences(expected: Path, actual: Path) -> list[str]:
    """A unified diff of every file that differs between two client folders."""
    want, have = _files(expected), _files(actual)
    lines: list[str] = []
    for name in sorted(want.keys() | have.keys()):
        if want.get(name) != have.get(name):
            lines += difflib.unified_diff(
                have.get(name, "").splitlines(),
                want.get(name, "").splitlines(),
                f"committed/{name}",
                f"generated/{name}",
                lineterm="",
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only compare with clients/python")
    parser.add_argument("--spec", type=Path, help="write the merged document here and stop")
    args = parser.parse_args(argv)
    if args.spec is not None:
        args.spec.write_text(json.dumps(merged_document(), indent=2) + "\n")
        return 0
    document = json.dumps(client_document(), indent=2, sort_keys=True) + "\n"
    with tempfile.TemporaryDirectory() as scratch:
        spec = Path(scratch) / "openapi.json"
        spec.write_text(document)
        if not args.check:
            generate(TARGET, spec)
            print(f"generated {TARGET.relative_to(CLIENTS.parent)}")
            return 0
        fresh = Path(scratch) / "python"
        generate(fresh, spec)
        diff = differences(fresh, TARGET)
        if diff:
            print("\n".join(diff[:200]))
            print("clients/python is out of date: run `make client`", file=sys.stderr)
            return 1
        print("clients/python is current")
        return 0


if __name__ == "__main__":
    sys.exit(main())
