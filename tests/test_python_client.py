"""The committed client (clients/python) is what `make client` generates from today's merged
OpenAPI document: an API change without `make client` fails here, with the diff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.timeout(600)
def test_the_committed_client_is_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "clients" / "generate.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, (done.stdout[-6000:] + done.stderr[-4000:]) or "no output"
    assert "clients/python is current" in done.stdout
