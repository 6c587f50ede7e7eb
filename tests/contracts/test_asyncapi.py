"""The AsyncAPI document of the bus: valid AsyncAPI 3.0, complete, and wired as the workers are.

``asyncapi-3.0.0.schema.json`` is the official AsyncAPI 3.0.0 JSON schema (the npm package
``@asyncapi/specs`` 6.11.1, ``schemas/3.0.0-without-$id.json``, Apache-2.0), kept here so the
check runs offline.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from common.events.asyncapi import asyncapi_document
from common.events.base import event_types
from common.events.consumers import CONSUMERS, consumers_of, topic_matches
from common.messaging.consumer import Subscriber

SPEC = json.loads((Path(__file__).parent / "asyncapi-3.0.0.schema.json").read_text())
DOCUMENT = asyncapi_document()
CATALOG = event_types()
# Each service's handlers module; services not installed in this checkout are skipped.
HANDLERS = {
    "auth": "auth.handlers",
    "catalog": "catalog.handlers",
    "orders": "orders.handlers",
    "payments": "payments.handlers",
    "billing": "billing.handlers",
    "webhooks": "webhooks.handlers",
}


def _subscriber(module_name: str) -> Subscriber | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return None
    subscriber = getattr(module, "subscriber", None)
    if subscriber is None:
        service = module_name.split(".")[0]
        settings = importlib.import_module(f"{service}.settings").Settings()
        subscriber = module.create_subscriber(settings)
    assert isinstance(subscriber, Subscriber)
    return subscriber


def _resolve(ref: str) -> Any:
    node: Any = DOCUMENT
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


class TestAsyncAPIDocument:
    def test_is_valid_asyncapi_3(self) -> None:
        errors = sorted(jsonschema.Draft7Validator(SPEC).iter_errors(DOCUMENT), key=str)
        assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]]

    def test_the_validator_refuses_a_broken_document(self) -> None:
        broken = json.loads(json.dumps(DOCUMENT))
        next(iter(broken["operations"].values()))["action"] = "publish"  # AsyncAPI 2 wording
        assert not jsonschema.Draft7Validator(SPEC).is_valid(broken)

    def test_every_ref_resolves(self) -> None:
        for ref in _refs(DOCUMENT):
            assert ref.startswith("#/"), ref
            _resolve(ref)

    @pytest.mark.parametrize("routing_key", sorted(CATALOG))
    def test_every_catalog_event_has_its_channel_producer_and_payload(
        self, routing_key: str
    ) -> None:
        channel = DOCUMENT["channels"][routing_key]
        assert channel["address"] == routing_key
        assert channel["bindings"]["amqp"]["exchange"]["name"] == "shop.events"
        (message_ref,) = channel["messages"].values()
        message = _resolve(message_ref["$ref"])
        envelope = _resolve(message["payload"]["$ref"])
        assert envelope["properties"]["type"]["const"] == routing_key
        data = _resolve(envelope["properties"]["data"]["$ref"])
        fields = CATALOG[routing_key].model_fields
        assert set(data["properties"]) == set(fields)
        operations = [
            op
            for op in DOCUMENT["operations"].values()
            if op["channel"]["$ref"].endswith(f"/{routing_key}")
        ]
        senders = [op["tags"][0]["name"] for op in operations if op["action"] == "send"]
        receivers = sorted(op["tags"][0]["name"] for op in operations if op["action"] == "receive")
        assert senders == [routing_key.split(".")[0]]
        assert receivers == consumers_of(routing_key)


class TestDeclaredConsumers:
    @pytest.mark.parametrize("service", sorted(HANDLERS))
    def test_the_table_equals_the_workers_bindings(self, service: str) -> None:
        subscriber = _subscriber(HANDLERS[service])
        if subscriber is None:
            assert service not in CONSUMERS, f"{service} is declared but has no handlers"
            pytest.skip(f"{service} has no handlers module in this checkout")
        assert sorted(CONSUMERS.get(service, ())) == subscriber.routing_keys

    def test_every_consumed_key_has_a_producer(self) -> None:
        for service, patterns in CONSUMERS.items():
            for pattern in patterns:
                assert any(topic_matches(pattern, key) for key in CATALOG), (service, pattern)

    @pytest.mark.parametrize(
        ("pattern", "key", "matches"),
        [
            ("orders.order.paid", "orders.order.paid", True),
            ("orders.*", "orders.order.paid", False),
            ("orders.*.paid", "orders.order.paid", True),
            ("orders.#", "orders.order.paid", True),
            ("#", "payments.refund.failed", True),
            ("#.paid", "orders.order.paid", True),
            ("catalog.#", "orders.order.paid", False),
        ],
    )
    def test_topic_patterns_match_as_amqp_does(self, pattern: str, key: str, matches: bool) -> None:
        assert topic_matches(pattern, key) is matches
