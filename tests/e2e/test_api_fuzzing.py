"""Property-based fuzzing of every documented operation through the gateway (schemathesis):
whatever a client sends, with or without admin rights, the platform never answers 5xx."""

import asyncio
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.e2e.shop import Shopper

# The run is bounded by its own subprocess timeout (400 s), above the suite-wide 120 s.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(450)]
ST = Path(sys.executable).with_name("st")


async def _throwaway_admin(gateway) -> dict[str, str]:
    """An admin of its own, promoted by the built-in one: fuzzing may delete or demote it."""
    shop = Shopper(gateway)
    name = f"fuzz{uuid.uuid4().hex[:8]}"
    body = {"email": f"{name}@example.com", "username": name, "password": "correct-horse-42"}
    user = (await gateway.post("/api/auth/register", json=body)).json()
    promoted = await gateway.patch(
        f"/api/auth/users/{user['id']}", headers=await shop.admin(), json={"role": "admin"}
    )
    assert promoted.status_code == 200, promoted.text
    login = await gateway.post("/api/auth/token", json=body)
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


class TestNoServerErrors:
    @pytest.mark.timeout(450)  # above the run's own 400 s limit; every service adds operations
    async def test_generated_requests_never_get_a_5xx(self, gateway, platform):
        admin = await _throwaway_admin(gateway)
        result = await asyncio.to_thread(
            subprocess.run,
            [
                str(ST),
                "run",
                f"{platform.gateway_url}/openapi.json",
                "--checks",
                "not_a_server_error",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                "8",
                "--seed",
                "20261125",
                "--workers",
                "2",
                "--request-timeout",
                "20",
                "-H",
                f"Authorization: {admin['Authorization']}",
            ],
            capture_output=True,
            text=True,
            timeout=400,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
