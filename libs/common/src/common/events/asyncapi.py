"""The AsyncAPI 3.0 document of the bus, generated from the typed event catalog.

One channel per routing key on the ``shop.events`` topic exchange; its message is the envelope
(:class:`~common.events.base.Envelope`) whose ``data`` is the event's own schema. The producer
of an event (the first word of its key) has a ``send`` operation on its channel, and each
consumer (:mod:`common.events.consumers`) a ``receive`` operation.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from common.events.base import Envelope, Event, event_types
from common.events.consumers import consumers_of

SCHEMAS = "#/components/schemas/"
EXCHANGE = "shop.events"
_AMQP_BINDING_VERSION = "0.3.0"

DESCRIPTION = """\
Events the services of the shop platform exchange over RabbitMQ.

- Every event is published to the durable topic exchange `shop.events` with its **type as the
  routing key** (`<service>.<entity>.<past-tense verb>`), as a persistent JSON message.
- The body is an **envelope** `{id, type, version, occurred_at, producer, correlation_id,
  subject_user_ids, data}`; `data` is the event's own payload described per channel below.
  `correlation_id` is the id of the HTTP request that caused the event (its `X-Request-ID`).
- Producers publish through a transactional **outbox** (at least once, after the state change
  commits); consumers handle each event **exactly once per event `id`** through an inbox, so a
  redelivery has no second effect. A handler that keeps failing parks the message in the
  consuming service's dead-letter queue `<service>.events.dead-letter`.
- Changes are additive: consumers ignore unknown fields; a breaking change is a new type.
"""


def _event_schemas(events: list[type[Event]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Component schemas of every event (and the models they nest), and each event's name."""
    keys, defs = models_json_schema(
        [(event, "serialization") for event in events], ref_template=SCHEMAS + "{model}"
    )
    names = {
        event.routing_key: keys[(event, "serialization")]["$ref"].removeprefix(SCHEMAS)
        for event in events
    }
    return dict(defs.get("$defs", {})), names


def _envelope_schema(routing_key: str, version: int, data_ref: str) -> dict[str, Any]:
    schema = Envelope.model_json_schema(mode="serialization")
    properties = schema["properties"]
    properties["type"] = {"type": "string", "const": routing_key, "title": "Type"}
    properties["version"] = {"type": "integer", "const": version, "title": "Version"}
    properties["data"] = {"$ref": data_ref}
    schema["title"] = f"Envelope of {routing_key}"
    schema["required"] = sorted({*schema.get("required", []), "id"})
    return schema


def asyncapi_document() -> dict[str, Any]:
    """The whole AsyncAPI 3.0.0 document (a plain JSON-ready dict)."""
    catalog = dict(sorted(event_types().items()))
    schemas, names = _event_schemas(list(catalog.values()))
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    services: set[str] = set()
    for key, event in catalog.items():
        name = names[key]
        producer = event.producer()
        consumers = consumers_of(key)
        services |= {producer, *consumers}
        summary = (event.__doc__ or "").strip().split("\n\n")[0] or f"The {key} event."
        envelope = f"{name}Envelope"
        schemas[envelope] = _envelope_schema(key, event.version, SCHEMAS + name)
        messages[name] = {
            "name": name,
            "title": key,
            "summary": " ".join(summary.split()),
            "contentType": "application/json",
            "correlationId": {"location": "$message.payload#/correlation_id"},
            "payload": {"$ref": SCHEMAS + envelope},
        }
        channels[key] = {
            "address": key,
            "title": key,
            "description": (
                f"Published by **{producer}**; consumed by "
                f"{', '.join(f'**{c}**' for c in consumers) or 'no service (webhooks may)'}."
            ),
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {"amqp": _channel_binding()},
        }
        ref = {"$ref": f"#/channels/{key}"}
        message = [{"$ref": f"#/channels/{key}/messages/{name}"}]
        operations[f"{producer}.send.{name}"] = {
            "action": "send",
            "channel": ref,
            "title": f"{producer} publishes {key}",
            "messages": message,
            "tags": [{"name": producer}],
            "bindings": {
                "amqp": {
                    "deliveryMode": 2,  # persistent
                    "mandatory": True,  # an unroutable event is never silently dropped
                    "bindingVersion": _AMQP_BINDING_VERSION,
                }
            },
        }
        for consumer in consumers:
            operations[f"{consumer}.receive.{name}"] = {
                "action": "receive",
                "channel": ref,
                "title": f"{consumer} consumes {key}",
                "messages": message,
                "tags": [{"name": consumer}],
                "bindings": {"amqp": {"ack": True, "bindingVersion": _AMQP_BINDING_VERSION}},
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Shop platform events",
            "version": "1.0.0",
            "description": DESCRIPTION,
            "tags": [{"name": service} for service in sorted(services)],
        },
        "defaultContentType": "application/json",
        "servers": {
            "rabbitmq": {
                "host": "127.0.0.1:5672",
                "protocol": "amqp",
                "protocolVersion": "0-9-1",
                "description": "The platform's RabbitMQ (its address is each service's "
                "`*_AMQP_URL` setting).",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    }


def _channel_binding() -> dict[str, Any]:
    return {
        "is": "routingKey",
        "exchange": {"name": EXCHANGE, "type": "topic", "durable": True, "autoDelete": False},
        "bindingVersion": _AMQP_BINDING_VERSION,
    }
