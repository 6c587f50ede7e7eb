"""Hosted checkout: the session API and the server-rendered page."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import update

from payments.models import CheckoutSession

SUCCESS, DECLINED = "4242424242424242", "4000000000000002"
URLS = {
    "success_url": "https://shop.example/paid?from=checkout",
    "cancel_url": "https://shop.example/cart",
}
# The card form only takes posts from the page itself (its Origin).
FROM_PAGE = {"origin": "http://test"}
CARD = {
    "number": SUCCESS,
    "exp_month": "12",
    "exp_year": "2040",
    "cvc": "123",
    "holder_name": "Ada",
}


async def _session(client, shop, amount=2599):
    buyer, headers = shop.user()
    order_id = await shop.order(buyer, lines=[(uuid.uuid4(), amount)])
    response = await client.post(
        "/checkout-sessions", json={"order_id": str(order_id), **URLS}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json(), order_id, headers


def _path(session) -> str:
    return f"/checkout/{session['id']}"


class TestSessions:
    async def test_session_has_a_public_url_and_expiry(self, client, shop):
        session, _, _ = await _session(client, shop)
        assert session["url"] == f"http://localhost:8000/api/payments/checkout/{session['id']}"
        assert (session["amount"], session["currency"]) == (2599, "USD")
        expires = dt.datetime.fromisoformat(session["expires_at"])
        left = expires - dt.datetime.now(dt.UTC)
        assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)

    async def test_order_of_another_buyer_is_404_and_unknown_order_409(self, client, shop):
        owner, _ = shop.user()
        _, headers = shop.user()
        order_id = await shop.order(owner, lines=[(uuid.uuid4(), 100)])
        for order, status in ((order_id, 404), (uuid.uuid4(), 409)):
            response = await client.post(
                "/checkout-sessions", json={"order_id": str(order), **URLS}, headers=headers
            )
            assert response.status_code == status

    async def test_bad_urls_are_422(self, client, shop):
        _, headers = shop.user()
        body = {"order_id": str(uuid.uuid4()), "success_url": "not a url", "cancel_url": "x"}
        response = await client.post("/checkout-sessions", json=body, headers=headers)
        assert response.status_code == 422


class TestPage:
    async def test_page_shows_the_order_the_total_and_a_labelled_card_form(self, client, shop):
        session, _, _ = await _session(client, shop)
        response = await client.get(_path(session))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        html = response.text
        assert "$25.99" in html
        for field in ("number", "exp", "cvc", "holder_name"):
            assert f'<label for="{field}">' in html
            assert f'id="{field}" name="{field}"' in html
        assert "Test mode" in html
        assert 'href="https://shop.example/cart"' in html
        assert response.headers["cache-control"] == "no-store"

    async def test_paying_redirects_to_the_success_url(self, client, shop):
        session, order_id, _ = await _session(client, shop)
        response = await client.post(_path(session), headers=FROM_PAGE, data=CARD)
        assert response.status_code == 303
        assert response.headers["location"] == (
            f"https://shop.example/paid?from=checkout&session_id={session['id']}"
        )
        [event] = await shop.events("payments.payment.succeeded")
        assert event.data["order_id"] == str(order_id)
        again = await client.get(_path(session))
        assert again.status_code == 409
        assert "already paid" in again.text

    async def test_invalid_card_is_shown_on_the_page_without_echoing_it(self, client, shop):
        session, _, _ = await _session(client, shop)
        response = await client.post(
            _path(session), headers=FROM_PAGE, data={**CARD, "number": "4242424242424241"}
        )
        assert response.status_code == 422
        assert 'role="alert"' in response.text
        assert '<p class="field-error" id="number-error">Your card number is invalid.</p>' in (
            response.text
        )
        assert 'aria-describedby="number-error"' in response.text
        assert "check digit" not in response.text
        assert "4242424242424241" not in response.text
        assert 'value="Ada"' in response.text
        assert 'value="12 / 40"' in response.text

    async def test_bad_expiry_is_shown_on_the_page(self, client, shop):
        session, _, _ = await _session(client, shop)
        response = await client.post(
            _path(session), headers=FROM_PAGE, data={**CARD, "exp_month": "ab"}
        )
        assert response.status_code == 422
        assert "Your card&#39;s expiration date is incomplete." in response.text

    async def test_decline_is_shown_then_another_card_pays(self, client, shop, provider):
        session, _, _ = await _session(client, shop)
        declined = await client.post(
            _path(session), headers=FROM_PAGE, data={**CARD, "number": DECLINED}
        )
        assert declined.status_code == 402
        assert "Your card was declined." in declined.text
        assert 'value="12 / 40"' in declined.text
        assert 'value="Ada"' in declined.text
        paid = await client.post(_path(session), headers=FROM_PAGE, data=CARD)
        assert paid.status_code == 303
        used = await client.post(_path(session), headers=FROM_PAGE, data=CARD)
        assert used.status_code == 409
        assert provider.charge_count == 2  # the decline and the success; never a second success

    async def test_expired_session_is_410(self, client, shop, sessionmaker):
        session, _, _ = await _session(client, shop)
        async with sessionmaker.begin() as db:
            past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
            await db.execute(update(CheckoutSession).values(expires_at=past))
        for response in (
            await client.get(_path(session)),
            await client.post(_path(session), headers=FROM_PAGE, data=CARD),
        ):
            assert response.status_code == 410
            assert "expired" in response.text

    async def test_unknown_session_is_404_page(self, client):
        for path in (f"/checkout/{uuid.uuid4()}", "/checkout/not-a-uuid"):
            response = await client.get(path)
            assert response.status_code == 404
            assert "not valid" in response.text

    async def test_cancelled_order_cannot_be_paid(self, client, shop):
        session, order_id, _ = await _session(client, shop)
        await shop.cancel_order(order_id, uuid.uuid4())
        response = await client.post(_path(session), headers=FROM_PAGE, data=CARD)
        assert response.status_code == 409
        assert "cannot be paid" in response.text


class TestSlowAnswer:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "checkout_wait_seconds": 0.2, "retry_base_seconds": 30.0}

    async def test_unknown_outcome_shows_processing_then_the_return_settles_it(
        self, client, shop, provider
    ):
        session, _, _ = await _session(client, shop)
        provider.lose_answers = 1  # charged, but the answer never came back
        response = await client.post(_path(session), headers=FROM_PAGE, data=CARD)
        assert response.status_code == 202
        assert 'http-equiv="refresh"' in response.text
        back = await client.get(_path(session))  # the page refreshes: a status re-check
        assert back.status_code == 303
        assert back.headers["location"].startswith("https://shop.example/paid")
        assert provider.charge_count == 1
        assert len(await shop.events("payments.payment.succeeded")) == 1
