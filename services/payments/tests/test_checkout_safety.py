"""Hosted checkout against card testing and misuse: attempt limits, declines that reveal
nothing, return URLs, the form's Origin; and the session read-back a shop confirms with."""

import asyncio
import datetime as dt
import uuid

import pytest
from sqlalchemy import update

from payments.models import CheckoutSession

DECLINED, INSUFFICIENT, WRONG_CVC = "4000000000000002", "4000000000009995", "4000000000000127"
URLS = {"success_url": "https://shop.example/paid", "cancel_url": "https://shop.example/cart"}
FROM_PAGE = {"origin": "http://test"}
CARD = {"number": "4242 4242 4242 4242", "exp": "12 / 40", "cvc": "123", "holder_name": "Ada"}


async def _session(client, shop, *, headers=None, user_id=None):
    if headers is None:
        user_id, headers = shop.user()
    order_id = await shop.order(user_id, lines=[(uuid.uuid4(), 2599)])
    response = await client.post(
        "/checkout-sessions", json={"order_id": str(order_id), **URLS}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json(), order_id, headers


def _pay(client, session, card=None, headers=FROM_PAGE):
    return client.post(f"/checkout/{session['id']}", data=card or CARD, headers=headers)


class TestDeclineWording:
    @pytest.mark.parametrize("number", [DECLINED, INSUFFICIENT, WRONG_CVC])
    async def test_every_decline_reads_your_card_was_declined(self, client, shop, number):
        session, _, _ = await _session(client, shop)
        response = await _pay(client, session, {**CARD, "number": number})
        assert response.status_code == 402
        assert "Your card was declined." in response.text
        for reason in ("insufficient", "security code is incorrect", "incorrect_cvc", "funds"):
            assert reason not in response.text


class TestAttemptLimits:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {
            **settings_overrides,
            "checkout_max_attempts_per_session": 3,
            "checkout_max_attempts_per_ip": 5,
        }

    async def test_a_session_takes_three_cards_then_429(self, client, shop, provider):
        session, _, _ = await _session(client, shop)
        for _ in range(3):
            assert (await _pay(client, session, {**CARD, "number": DECLINED})).status_code == 402
        refused = await _pay(client, session)
        assert refused.status_code == 429
        assert "Too many card attempts on this checkout" in refused.text
        assert int(refused.headers["retry-after"]) > 0
        assert provider.charge_count == 3

    async def test_concurrent_attempts_from_one_ip_never_pass_the_limit(
        self, client, shop, provider
    ):
        sessions = [(await _session(client, shop))[0] for _ in range(8)]
        answers = await asyncio.gather(
            *(_pay(client, session, {**CARD, "number": DECLINED}) for session in sessions)
        )
        assert sorted(a.status_code for a in answers) == [402] * 5 + [429] * 3
        assert provider.charge_count == 5

    async def test_a_second_post_while_the_first_is_charging_charges_nothing_more(
        self, client, shop, provider
    ):
        session, _, _ = await _session(client, shop)
        answers = await asyncio.gather(*(_pay(client, session) for _ in range(4)))
        statuses = [a.status_code for a in answers]
        assert statuses.count(303) == 1
        assert set(statuses) <= {303, 202, 409}
        assert provider.charge_count == 1

    async def test_one_ip_across_sessions_stops_at_its_limit(self, client, shop):
        statuses = []
        for _ in range(3):
            session, _, _ = await _session(client, shop)
            for _ in range(2):
                answer = await _pay(client, session, {**CARD, "number": DECLINED})
                statuses.append(answer.status_code)
        assert statuses == [402] * 5 + [429]

    async def test_typos_do_not_use_up_attempts(self, client, shop):
        session, _, _ = await _session(client, shop)
        for _ in range(4):
            typo = await _pay(client, session, {**CARD, "number": "4242 4242 4242 4241"})
            assert typo.status_code == 422
        assert (await _pay(client, session)).status_code == 303


class TestFieldErrors:
    async def test_every_problem_is_shown_under_its_own_field(self, client, shop):
        session, _, _ = await _session(client, shop)
        card = {"number": "4242", "exp": "13 / 30", "cvc": "1", "holder_name": "Ada"}
        response = await _pay(client, session, card)
        assert response.status_code == 422
        html = response.text
        assert 'id="number-error">Your card number is incomplete.' in html
        assert 'id="exp-error">Your card&#39;s expiration month is invalid.' in html
        assert 'id="cvc-error">Your card&#39;s security code is incomplete.' in html
        for field in ("number", "exp", "cvc"):
            assert f'aria-describedby="{field}-error"' in html

    async def test_a_past_expiry_is_worded_for_people(self, client, shop):
        session, _, _ = await _session(client, shop)
        response = await _pay(client, session, {**CARD, "exp": "01 / 20"})
        assert "Your card&#39;s expiration date is in the past." in response.text


class TestOrigin:
    async def test_a_post_from_another_site_is_403_and_charges_nothing(
        self, client, shop, provider
    ):
        session, _, _ = await _session(client, shop)
        for headers in ({"origin": "https://evil.example"}, {"origin": "null"}, {}):
            response = await _pay(client, session, headers=headers)
            assert response.status_code == 403
            assert "not sent from the checkout page" in response.text
        assert provider.charge_count == 0

    async def test_the_gateways_forwarded_host_is_our_origin(self, client, shop):
        session, _, _ = await _session(client, shop)
        headers = {
            "origin": "https://pay.shop.example",
            "x-forwarded-host": "pay.shop.example",
            "x-forwarded-proto": "https",
        }
        assert (await _pay(client, session, headers=headers)).status_code == 303

    async def test_a_referer_of_ours_stands_in_for_a_missing_origin(self, client, shop):
        session, _, _ = await _session(client, shop)
        headers = {"referer": f"http://test/checkout/{session['id']}"}
        assert (await _pay(client, session, headers=headers)).status_code == 303


class TestReturnUrls:
    @pytest.mark.parametrize(
        ("field", "url"),
        [
            ("success_url", "http://shop.example/paid"),
            ("cancel_url", "http://10.0.0.5/cart"),
            ("success_url", "https://user:secret@shop.example/paid"),
            ("cancel_url", "https://token@shop.example/cart"),
        ],
    )
    async def test_refused_urls_are_422_under_their_field(self, client, shop, field, url):
        user_id, headers = shop.user()
        order_id = await shop.order(user_id, lines=[(uuid.uuid4(), 100)])
        body = {"order_id": str(order_id), **URLS, field: url}
        response = await client.post("/checkout-sessions", json=body, headers=headers)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["loc"] == ["body", field]

    @pytest.mark.parametrize("host", ["localhost:3000", "127.0.0.1:8080", "[::1]:5000"])
    async def test_http_to_loopback_is_allowed_outside_production(self, client, shop, host):
        user_id, headers = shop.user()
        order_id = await shop.order(user_id, lines=[(uuid.uuid4(), 100)])
        body = {"order_id": str(order_id), **URLS, "success_url": f"http://{host}/done"}
        response = await client.post("/checkout-sessions", json=body, headers=headers)
        assert response.status_code == 201, response.text


class TestReadBack:
    async def test_open_then_complete_with_its_payment(self, client, shop):
        session, order_id, headers = await _session(client, shop)
        path = f"/checkout-sessions/{session['id']}"
        opened = (await client.get(path, headers=headers)).json()
        assert opened["status"] == "open"
        assert opened["payment_id"] is None
        assert opened["order_id"] == str(order_id)
        assert opened["url"] == session["url"]
        assert (await _pay(client, session)).status_code == 303
        done = (await client.get(path, headers=headers)).json()
        assert done["status"] == "complete"
        payment = await client.get(f"/{done['payment_id']}", headers=headers)
        assert payment.json()["status"] == "succeeded"

    async def test_a_declined_session_stays_open(self, client, shop):
        session, _, headers = await _session(client, shop)
        await _pay(client, session, {**CARD, "number": DECLINED})
        read = (await client.get(f"/checkout-sessions/{session['id']}", headers=headers)).json()
        assert read["status"] == "open"
        assert read["payment_id"] is not None

    async def test_expired(self, client, shop, sessionmaker):
        session, _, headers = await _session(client, shop)
        async with sessionmaker.begin() as db:
            past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
            await db.execute(update(CheckoutSession).values(expires_at=past))
        read = await client.get(f"/checkout-sessions/{session['id']}", headers=headers)
        assert read.json()["status"] == "expired"

    async def test_others_get_404_and_admins_see_it(self, client, shop, tokens):
        session, _, _ = await _session(client, shop)
        path = f"/checkout-sessions/{session['id']}"
        _, stranger = shop.user()
        missing = await client.get(path, headers=stranger)
        assert missing.status_code == 404
        assert missing.json()["code"] == "checkout_session_not_found"
        unknown = await client.get(f"/checkout-sessions/{uuid.uuid4()}", headers=stranger)
        for key in ("status", "code", "detail", "title"):
            assert unknown.json()[key] == missing.json()[key]
        admin = await client.get(path, headers=tokens.headers(uuid.uuid4(), "admin"))
        assert admin.status_code == 200
        assert (await client.get(path)).status_code == 401


class TestMoneyPerLocale:
    @pytest.mark.parametrize(
        ("accept_language", "shown"),
        [("en-US,en;q=0.9", "$25.99"), ("fr-FR", "25,99\u00a0$US"), ("de-DE", "25,99\u00a0$")],
    )
    async def test_the_total_follows_the_browsers_language(
        self, client, shop, accept_language, shown
    ):
        session, _, _ = await _session(client, shop)
        page = await client.get(
            f"/checkout/{session['id']}", headers={"accept-language": accept_language}
        )
        assert shown in page.text
