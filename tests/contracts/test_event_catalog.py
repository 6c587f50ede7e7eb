"""The typed event catalog is the contract between services.

Every event round-trips through JSON in its envelope; its JSON schema is snapshotted so a
breaking change (a removed or retyped field, a new required field) fails here; additive
changes pass and refresh with ``UPDATE_SNAPSHOTS=1``. Every routing key a service subscribes
to has a producer in the catalog.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common import registry
from common.events.base import Envelope, Event, event_types

SNAPSHOTS = Path(__file__).parent / "schemas"
CATALOG = event_types()
CONSUMERS = [f"{service.package}.handlers" for service in registry.SERVICES]


def _schema(event_type: type[Event]) -> dict[str, Any]:
    return event_type.model_json_schema(mode="serialization")


@pytest.mark.parametrize("routing_key", sorted(CATALOG))
def test_event_round_trips_in_its_envelope(routing_key: str) -> None:
    event_type = CATALOG[routing_key]

    @settings(max_examples=20, deadline=None)
    @given(st.builds(event_type))
    def round_trip(event: Event) -> None:
        envelope = Envelope.wrap(event, subject_user_ids=[])
        decoded = Envelope.model_validate_json(envelope.model_dump_json())
        assert decoded.type == routing_key
        assert event_type.model_validate(decoded.data) == event

    round_trip()


@pytest.mark.parametrize("routing_key", sorted(CATALOG))
def test_schema_changes_are_additive(routing_key: str) -> None:
    path = SNAPSHOTS / f"{routing_key}.json"
    current = _schema(CATALOG[routing_key])
    if not path.exists() or os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"new event {routing_key}: snapshot written, commit it")
        return
    before = json.loads(path.read_text())
    for field, spec in before.get("properties", {}).items():
        assert field in current["properties"], f"{routing_key}: field {field} was removed"
        assert current["properties"][field] == spec, f"{routing_key}: field {field} changed"
    added_required = set(current.get("required", [])) - set(before.get("required", []))
    assert not added_required, f"{routing_key}: new required fields {added_required}"


def test_every_subscribed_routing_key_has_a_producer() -> None:
    for module_name in CONSUMERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        subscriber = getattr(module, "subscriber", None)
        if subscriber is None:
            service = module_name.split(".")[0]
            settings = importlib.import_module(f"{service}.settings").Settings()
            subscriber = module.create_subscriber(settings)
        for key in subscriber.routing_keys:
            if key == "#":  # a consumer of every event (webhooks) names no type
                continue
            assert key in CATALOG, f"{module_name} subscribes to {key}, which nobody produces"


# Names DESIGN.md fixes that end in a state rather than a verb.
STATE_NAMES = {"billing.subscription.past_due"}


def test_routing_keys_name_their_producer() -> None:
    for key, event_type in CATALOG.items():
        if not event_type.on_bus:
            continue
        service, _entity, verb = key.split(".")
        assert event_type.producer() == service
        past = verb.endswith(("ed", "paid")) or key in STATE_NAMES
        assert past, f"{key}: the verb should be past tense"
