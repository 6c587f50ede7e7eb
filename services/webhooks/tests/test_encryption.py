"""The key ring that encrypts endpoint secrets, and WEBHOOKS_SECRETS_KEY: several keys, newest
first; the development default refused in production; no key ever echoed in an error."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from webhooks.encryption import (
    DEV_KEY,
    CannotDecrypt,
    InvalidKey,
    KeyRing,
    generate_key,
    key_id,
    parse_key,
)
from webhooks.settings import Settings
from webhooks.signing import new_secret

ENDPOINT = uuid.uuid4()
DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def _ring(*keys: str) -> KeyRing:
    return KeyRing([parse_key(key) for key in keys])


class TestKeyRing:
    def test_a_secret_round_trips_and_its_ciphertext_holds_no_plaintext(self):
        ring, secret = _ring(generate_key()), new_secret()
        stored = ring.encrypt(secret, endpoint_id=ENDPOINT)
        assert "whsec_" not in stored
        assert secret.removeprefix("whsec_") not in stored
        assert stored.startswith(f"v1.{ring.current_id}.")
        assert ring.decrypt(stored, endpoint_id=ENDPOINT) == secret
        assert ring.encrypt(secret, endpoint_id=ENDPOINT) != stored  # a fresh nonce each time

    def test_a_ciphertext_copied_onto_another_endpoint_does_not_decrypt(self):
        ring = _ring(generate_key())
        stored = ring.encrypt(new_secret(), endpoint_id=ENDPOINT)
        with pytest.raises(CannotDecrypt):
            ring.decrypt(stored, endpoint_id=uuid.uuid4())

    def test_a_tampered_ciphertext_does_not_decrypt(self):
        ring = _ring(generate_key())
        stored = ring.encrypt(new_secret(), endpoint_id=ENDPOINT)
        raw = bytearray(base64.urlsafe_b64decode(stored.split(".")[2]))
        raw[-1] ^= 1
        tampered = ".".join([*stored.split(".")[:2], base64.urlsafe_b64encode(raw).decode()])
        for bad in (tampered, stored[:-8], "whsec_plain", "v1.x.y"):
            with pytest.raises(CannotDecrypt):
                ring.decrypt(bad, endpoint_id=ENDPOINT)

    def test_an_old_key_still_decrypts_after_a_new_key_is_added(self):
        old, new, secret = generate_key(), generate_key(), new_secret()
        stored = _ring(old).encrypt(secret, endpoint_id=ENDPOINT)
        both = _ring(new, old)
        assert both.decrypt(stored, endpoint_id=ENDPOINT) == secret
        assert not both.is_current(stored)
        moved = both.reencrypt(stored, endpoint_id=ENDPOINT)
        assert both.is_current(moved)
        assert both.reencrypt(moved, endpoint_id=ENDPOINT) == moved
        assert _ring(new).decrypt(moved, endpoint_id=ENDPOINT) == secret

    def test_a_missing_key_is_named(self):
        old = generate_key()
        stored = _ring(old).encrypt(new_secret(), endpoint_id=ENDPOINT)
        with pytest.raises(CannotDecrypt, match=key_id(parse_key(old))):
            _ring(generate_key()).decrypt(stored, endpoint_id=ENDPOINT)

    def test_keys_are_32_bytes_in_either_base64_alphabet(self):
        raw = os.urandom(32)
        assert parse_key(base64.b64encode(raw).decode()) == raw  # openssl rand -base64 32
        assert parse_key(base64.urlsafe_b64encode(raw).decode()) == raw  # Fernet.generate_key()
        for bad in ("", "short", base64.b64encode(os.urandom(16)).decode(), "!!!!"):
            with pytest.raises(InvalidKey):
                parse_key(bad)


class TestSetting:
    def test_production_without_a_key_refuses_to_start(self, monkeypatch):
        monkeypatch.delenv("WEBHOOKS_SECRETS_KEY", raising=False)
        with pytest.raises(ValidationError, match="WEBHOOKS_SECRETS_KEY must be set in production"):
            Settings(environment="production")

    def test_production_refuses_the_development_key_even_beside_its_own(self):
        with pytest.raises(ValidationError, match="development key"):
            Settings(environment="production", secrets_key=f"{generate_key()},{DEV_KEY}")

    def test_production_with_its_own_key_starts(self):
        key = generate_key()
        settings = Settings(environment="production", secrets_key=key)
        assert settings.keyring.current_id == key_id(parse_key(key))

    def test_development_and_tests_work_unconfigured(self, monkeypatch):
        monkeypatch.delenv("WEBHOOKS_SECRETS_KEY", raising=False)
        ring = Settings(environment="development").keyring
        assert ring.decrypt(ring.encrypt("whsec_x", endpoint_id=ENDPOINT), endpoint_id=ENDPOINT)

    def test_the_variable_lists_keys_newest_first(self, monkeypatch):
        new, old = generate_key(), generate_key()
        monkeypatch.setenv("WEBHOOKS_SECRETS_KEY", f"{new}, {old}")
        settings = Settings()
        assert settings.keyring.current_id == key_id(parse_key(new))
        assert new not in repr(settings)

    def test_a_malformed_key_is_refused_without_being_echoed(self, monkeypatch):
        leaked = "c2VjcmV0LWJ1dC1ub3QtMzItYnl0ZXM="
        monkeypatch.setenv("WEBHOOKS_SECRETS_KEY", f"{generate_key()},{leaked}")
        with pytest.raises(ValidationError) as raised:
            Settings()
        assert "must be 32 bytes" in str(raised.value)
        assert leaked not in str(raised.value)

    def test_the_api_process_in_production_without_a_key_exits_with_the_reason(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEBHOOKS_")}
        env["WEBHOOKS_ENVIRONMENT"] = "production"
        done = subprocess.run(
            [sys.executable, "-c", "from webhooks.main import run; run()"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0
        assert "WEBHOOKS_SECRETS_KEY must be set in production" in done.stderr


class TestDeployment:
    """Containers get the key as a secret: every process that reads or writes endpoint secrets
    (the migration encrypts the rows stored before it), never a literal or a ConfigMap value."""

    def test_compose_passes_the_key_to_the_api_the_worker_and_the_migration(self):
        services = yaml.safe_load((DEPLOY / "compose.yml").read_text())["services"]
        for name in ("webhooks-api", "webhooks-worker", "migrate"):
            environment = services[name]["environment"]
            assert environment["WEBHOOKS_SECRETS_KEY"].startswith("${WEBHOOKS_SECRETS_KEY:?")
            assert environment["WEBHOOKS_ENVIRONMENT"] == "production"

    def test_kubernetes_holds_the_key_in_the_secret_not_the_config_map(self):
        (secret,) = yaml.safe_load_all((DEPLOY / "k8s/secrets.example.yaml").read_text())
        assert "WEBHOOKS_SECRETS_KEY" in secret["stringData"]
        documents = yaml.safe_load_all((DEPLOY / "k8s/platform.yaml").read_text())
        for document in documents:
            if document and document["kind"] == "ConfigMap":
                assert "WEBHOOKS_SECRETS_KEY" not in document["data"]
