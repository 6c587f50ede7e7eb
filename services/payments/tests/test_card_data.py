"""The card number and CVC are never stored, logged or returned."""

import logging
import uuid

import pytest
from sqlalchemy import text

NUMBER, CVC = "4242424242424242", "8531"
AMEX = "378282246310005"
FROM_PAGE = {"origin": "http://test"}  # the checkout form only takes posts from its page


@pytest.fixture
def settings_overrides():
    return {"access_log": True, "log_level": "DEBUG", "retry_base_seconds": 0.01}


async def _text_columns(session) -> list[tuple[str, str, str]]:
    rows = await session.execute(
        text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN "
            "('text', 'character varying', 'character', 'jsonb', 'json', 'bytea')"
        )
    )
    return [tuple(row) for row in rows.all()]


async def _everywhere(shop, client):
    """Every path a card number travels: saved card, payment, checkout page, refund."""
    buyer, headers = shop.user()
    body = {"number": AMEX, "exp_month": 11, "exp_year": 2039, "cvc": CVC, "holder_name": "Ada"}
    saved = await client.post("/methods", json=body, headers=headers)
    assert NUMBER not in saved.text
    assert AMEX not in saved.text
    assert CVC not in saved.text
    method = await shop.card(headers, NUMBER)
    keyed = {**headers, "Idempotency-Key": str(uuid.uuid4())}
    payment = await shop.pay(keyed, method, 500, metadata={"note": "hi"})
    await shop.process()
    await client.post(f"/{payment.json()['id']}/refunds", json={}, headers=headers)
    order_id = await shop.order(buyer, lines=[(uuid.uuid4(), 700)])
    urls = {"success_url": "https://s.example/ok", "cancel_url": "https://s.example/no"}
    session = await client.post(
        "/checkout-sessions", json={"order_id": str(order_id), **urls}, headers=headers
    )
    form = {"number": NUMBER, "exp_month": "1", "exp_year": "2041", "cvc": "999"}
    paid = await client.post(f"/checkout/{session.json()['id']}", data=form, headers=FROM_PAGE)
    assert paid.status_code == 303
    bad = {**form, "number": NUMBER[:-1] + "3"}
    await client.post("/methods", json={**body, "number": NUMBER[:-1] + "3"}, headers=headers)
    await client.post(f"/checkout/{session.json()['id']}", data=bad, headers=FROM_PAGE)
    await shop.process()


class TestNeverStored:
    async def test_no_text_column_of_any_table_holds_a_card_number_or_cvc(
        self, client, shop, sessionmaker
    ):
        await _everywhere(shop, client)
        needles = [NUMBER, AMEX, NUMBER[:-1] + "3", CVC]
        async with sessionmaker() as session:
            columns = await _text_columns(session)
            assert {("payment", "timeline"), ("outbox", "body")} <= {c[:2] for c in columns}
            for table, column, kind in columns:
                value = (
                    f"convert_from(\"{column}\", 'UTF8')"
                    if kind == "bytea"
                    else f'"{column}"::text'
                )
                for needle in needles:
                    found = await session.scalar(
                        text(f'SELECT count(*) FROM "{table}" WHERE position(:n in {value}) > 0'),
                        {"n": needle},
                    )
                    assert found == 0, f"{needle} found in {table}.{column}"
            assert await session.scalar(text("SELECT count(*) FROM payment_method")) == 2


class TestNeverLogged:
    async def test_logs_of_every_card_path_hold_no_number_or_cvc(self, client, shop, capfd, caplog):
        caplog.set_level(logging.DEBUG)
        await _everywhere(shop, client)
        captured = capfd.readouterr()
        logs = captured.out + captured.err + caplog.text
        assert '"event": "request"' in logs
        assert "payment_settled" in logs
        for needle in (NUMBER, AMEX, NUMBER[:-1] + "3", CVC):
            assert needle not in logs
