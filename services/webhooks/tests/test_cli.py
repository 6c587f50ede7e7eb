"""``webhooks.cli listen``: a temporary endpoint, each event printed and forwarded signed to
the local app, the local app's answer passed back, and the endpoint deleted on exit."""

from __future__ import annotations

import asyncio
import io
import uuid

import pytest
from standardwebhooks.webhooks import Webhook

from common.events.orders import OrderShipped
from common.testing import wait_for
from services.webhooks.tests.support import Answer
from webhooks.cli import Listener, listen, main, parser
from webhooks.encryption import parse_key


async def _two(items):
    return items if len(items) >= 2 else None


async def test_listen_forwards_signed_events_and_cleans_up(hooks, receiver, dispatcher):
    ada, headers = hooks.user()
    hooks.client.headers.update(headers)
    out = io.StringIO()
    app_url = receiver.url("/app")
    listener = Listener(hooks.client, forward_to=app_url, event_types=["orders.*"], out=out)
    receiver.script("/app", Answer(500, "not yet"))
    await listener.start()
    try:
        endpoint_id = listener.endpoint_id
        assert listener.secret.startswith("whsec_")
        await hooks.publish(OrderShipped(order_id=uuid.uuid4(), user_id=ada), ada)
        forwarded = await wait_for(lambda: _two(receiver.to("/app")))
        for request in forwarded:
            body = Webhook(listener.secret).verify(request.body, request.headers)
            assert body["type"] == "orders.order.shipped"
        await hooks.settled(1)
        # The local app's 500 went back to the platform, which retried.
        (logged,) = await hooks.log(endpoint_id, headers)
        assert [a["status_code"] for a in logged["attempts"]] == [500, 200]
    finally:
        await listener.stop()
    gone = await hooks.client.get(f"/endpoints/{endpoint_id}")
    assert gone.status_code == 404
    printed = out.getvalue()
    assert listener.secret in printed
    assert "orders.order.shipped" in printed
    assert "-> 500" in printed


def test_listen_needs_a_login(monkeypatch):
    monkeypatch.delenv("SHOP_TOKEN", raising=False)
    args = parser().parse_args(["listen", "--forward-to", "http://localhost:3000/hooks"])
    assert args.events == ["*"]
    with pytest.raises(SystemExit, match="log in first"):
        asyncio.run(listen(args))


def test_generate_encryption_key_prints_a_usable_key(capsys):
    main(["generate-encryption-key"])
    printed = capsys.readouterr().out.strip()
    assert len(parse_key(printed)) == 32
    main(["generate-encryption-key"])
    assert capsys.readouterr().out.strip() != printed


def test_rotate_encryption_key_runs_the_re_encryption():
    ran = []
    main(["rotate-encryption-key", "--batch-size", "7"], run=ran.append)
    (coroutine,) = ran
    assert coroutine.cr_frame.f_locals["args"].batch_size == 7
    coroutine.close()
