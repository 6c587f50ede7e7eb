"""One order is one trace, its correlation id reaches every event, and the metrics of workers
and the gateway are there, through real processes.

The platform runs with ``SHOP_TRACE_FILE`` (conftest): every process appends its spans there.
The order is placed with a client ``traceparent`` and ``X-Request-ID`` of our own, then paid
by card in a separate request; the spans of every hop (gateway, apis, relays, consumers, the
payments worker's charge, the acquirer and its callback) must share the order's trace id.
"""

import asyncio
import json
import secrets
import uuid

import aio_pika
import httpx
import pytest

from common.metrics import WORKER_METRICS_OFFSET
from tests.e2e.platform import PORTS
from tests.e2e.shop import ADDRESS, CARD, Shopper

pytestmark = pytest.mark.e2e


async def _listen(platform, *routing_keys):
    connection = await aio_pika.connect(platform.amqp_url)
    channel = await connection.channel()
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in routing_keys:
        await queue.bind(f"e2e.{platform.run_id}.events", routing_key=key)
    return connection, queue


async def _next_event(queue, event_type, order_id, timeout=20.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        message = await queue.get(fail=False, no_ack=True)
        if message is None:
            await asyncio.sleep(0.05)
            continue
        envelope = json.loads(message.body)
        if envelope["type"] == event_type and envelope["data"].get("order_id") == order_id:
            return envelope, message.headers
    raise AssertionError(f"no {event_type} for {order_id}")


async def _spans(platform, trace_id, wanted, timeout=10.0):
    names: set[tuple[str, str]] = set()
    for _ in range(int(timeout / 0.1)):
        lines = platform.trace_file.read_text().splitlines()
        spans = [json.loads(line) for line in lines if trace_id in line]
        names = {(s["service"], s["name"]) for s in spans if s["trace_id"] == trace_id}
        missing = {
            (service, part)
            for service, part in wanted
            if not any(s == service and part in name for s, name in names)
        }
        if not missing:
            return spans
        await asyncio.sleep(0.1)
    raise AssertionError(f"missing spans {sorted(missing)}; have {sorted(names)}")


async def test_order_to_paid_is_one_trace_with_one_correlation_id(platform, gateway):
    shop = Shopper(gateway)
    seller, buyer = await shop.user("seller"), await shop.user()
    product = await shop.product(seller, stock=5, price=1200)
    await shop.order(buyer, product["id"], 1)  # the orders read model knows the product
    card = await gateway.post("/api/payments/methods", headers=buyer, json=CARD)
    assert card.status_code in (200, 201), card.text

    connection, queue = await _listen(
        platform, "payments.payment.succeeded", "orders.order.paid", "orders.order.placed"
    )
    async with connection:
        trace_id, request_id = secrets.token_hex(16), f"order-{uuid.uuid4().hex}"
        placed = await gateway.post(
            "/api/orders",
            headers={
                **buyer,
                "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01",
                "X-Request-ID": request_id,
            },
            json={
                "items": [{"product_id": product["id"], "quantity": 1}],
                "shipping_address": ADDRESS,
            },
        )
        assert placed.status_code == 201, placed.text
        order = await shop.order_in(buyer, placed.json()["id"], "awaiting_payment")
        pay = {
            "amount": order["total"],
            "currency": "USD",
            "payment_method_id": card.json()["id"],
            "order_id": order["id"],
        }
        # A request of its own (its own trace and request id), as a shop's checkout would send.
        paid = await gateway.post(
            "/api/payments", headers={**buyer, "Idempotency-Key": uuid.uuid4().hex}, json=pay
        )
        assert paid.status_code == 202, paid.text

        placed_event, _ = await _next_event(queue, "orders.order.placed", order["id"])
        succeeded, headers = await _next_event(queue, "payments.payment.succeeded", order["id"])
        order_paid, _ = await _next_event(queue, "orders.order.paid", order["id"])

    assert placed_event["correlation_id"] == request_id
    assert succeeded["correlation_id"] == request_id
    assert order_paid["correlation_id"] == request_id
    # W3C trace context in the AMQP headers, continuing the order's trace.
    assert headers["traceparent"].split("-")[1] == trace_id
    assert succeeded["traceparent"].split("-")[1] == trace_id

    spans = await _spans(
        platform,
        trace_id,
        {
            ("gateway", "POST /api/orders"),
            ("orders", "POST /"),
            ("catalog", "consume orders.order.placed"),
            ("orders", "consume catalog.stock.reserved"),
            ("payments", "payments.charge"),
            ("sandbox_provider", "POST /v1/charges"),
            ("payments", "POST /providers/{provider_name}/callback"),
            ("payments", "publish payments.payment.succeeded"),
            ("orders", "consume payments.payment.succeeded"),
            ("catalog", "consume orders.order.paid"),
        },
    )
    assert {span["trace_id"] for span in spans} == {trace_id}
    by_id = {span["span_id"]: span for span in spans}
    roots = [s for s in spans if s["parent_id"] not in by_id]
    assert [s["service"] for s in roots] == ["gateway"]
    assert roots[0]["name"].startswith("POST /api/orders")


async def test_workers_expose_bus_and_business_metrics(platform, gateway):
    shop = Shopper(gateway)
    seller, buyer = await shop.user("seller"), await shop.user()
    product = await shop.product(seller, stock=5, price=700)
    order = await shop.order(buyer, product["id"], 1)
    await shop.order_in(buyer, order["id"], "awaiting_payment")
    for _ in range(2):
        await gateway.post("/api/payments/wallet/deposit", headers=buyer, json={"coin": 100})

    async with httpx.AsyncClient(timeout=5) as client:
        orders = await _metrics(client, "orders")
        catalog = await _metrics(client, "catalog")
        payments_api = (await client.get(f"http://127.0.0.1:{PORTS['payments']}/metrics")).text
        orders_api = (await client.get(f"http://127.0.0.1:{PORTS['orders']}/metrics")).text
    # the orders api sends the events it writes right after its commit (its fast path)
    assert 'events_relayed_total{event_type="orders.order.placed"}' in orders_api
    assert 'events_relayed_total{event_type="orders.order.confirmed"}' in orders
    assert 'events_relayed_total{event_type="catalog.stock.reserved"}' in catalog
    assert 'events_consumed_total{event_type="catalog.stock.reserved",outcome="handled"}' in orders
    assert 'events_consumed_total{event_type="orders.order.placed",outcome="handled"}' in catalog
    for gauge in ("outbox_backlog_events", "outbox_oldest_unsent_age_seconds"):
        assert f"\n{gauge} " in orders
    assert "\ndead_letter_messages " in catalog
    assert 'wallet_movements_total{currency="USD",kind="wallet_deposit"}' in payments_api


async def _metrics(client, service):
    port = PORTS[service] + WORKER_METRICS_OFFSET
    for _ in range(100):  # the bus gauges are sampled when the worker starts, then every 15 s
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
        if "outbox_backlog_events " in text and "events_relayed_total{" in text:
            return text
        await asyncio.sleep(0.2)
    raise AssertionError(f"{service} worker metrics incomplete: {text[-2000:]}")


async def test_gateway_labels_requests_with_route_templates(platform, gateway):
    shop = Shopper(gateway)
    buyer = await shop.user()
    missing = uuid.uuid4()
    assert (await gateway.get(f"/api/orders/{missing}", headers=buyer)).status_code == 404
    ops = f"http://127.0.0.1:{platform.env['GATEWAY_OPS_PORT']}/metrics"  # not the public port
    async with httpx.AsyncClient(timeout=5) as client:
        metrics = (await client.get(ops)).text
    lines = [line for line in metrics.splitlines() if line.startswith("http_requests_total{")]
    gateway_lines = [line for line in lines if 'service="gateway"' in line]
    assert any(
        'route="/api/orders/{order_id' in line and 'status="404"' in line for line in gateway_lines
    ), gateway_lines
    assert not any(str(missing) in line for line in lines)
