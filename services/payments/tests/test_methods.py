"""Saved cards: local checks with clear codes, tokenization, duplicates, ownership."""

import uuid

SUCCESS, DECLINED, REJECTED_AT_TOKENIZE = "4242424242424242", "4000000000000002", "4000000000000127"

CARD = {"number": SUCCESS, "exp_month": 12, "exp_year": 2040, "cvc": "123"}


class TestAddCard:
    async def test_card_is_saved_as_token_brand_last4_and_fingerprint(self, client, tokens):
        response = await client.post("/methods", json=CARD, headers=tokens.headers())
        assert response.status_code == 201
        body = response.json()
        assert set(body) == {
            "id",
            "brand",
            "last4",
            "exp_month",
            "exp_year",
            "fingerprint",
            "created_at",
        }
        assert body["last4"] == "4242"
        assert SUCCESS not in response.text

    async def test_same_card_twice_returns_the_saved_method(self, client, tokens):
        headers = tokens.headers()
        first = await client.post("/methods", json=CARD, headers=headers)
        spaced = {**CARD, "number": "4242 4242 4242 4242"}
        again = await client.post("/methods", json=spaced, headers=headers)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]

    async def test_another_card_is_another_method(self, client, tokens):
        headers = tokens.headers()
        first = await client.post("/methods", json=CARD, headers=headers)
        other = await client.post("/methods", json={**CARD, "number": DECLINED}, headers=headers)
        assert other.status_code == 201
        assert other.json()["fingerprint"] != first.json()["fingerprint"]


class TestLocalChecks:
    async def _post(self, client, tokens, **changes):
        response = await client.post("/methods", json={**CARD, **changes}, headers=tokens.headers())
        assert response.status_code == 422
        return response

    async def test_luhn_failure_is_invalid_card_number(self, client, tokens):
        response = await self._post(client, tokens, number="4242424242424241")
        assert response.json()["code"] == "invalid_card_number"
        assert "4242424242424241" not in response.text

    async def test_letters_are_invalid_card_number(self, client, tokens):
        response = await self._post(client, tokens, number="4242-abcd-4242-4242")
        assert response.json()["code"] == "invalid_card_number"

    async def test_past_expiry_is_card_expired(self, client, tokens):
        response = await self._post(client, tokens, exp_month=1, exp_year=2020)
        assert response.json()["code"] == "card_expired"

    async def test_far_future_expiry_is_invalid_expiry(self, client, tokens):
        response = await self._post(client, tokens, exp_year=2150)
        assert response.json()["code"] == "invalid_expiry"

    async def test_short_cvc_is_invalid_cvc(self, client, tokens):
        response = await self._post(client, tokens, cvc="12")
        assert response.json()["code"] == "invalid_cvc"
        assert response.json()["detail"].count("12") == 0

    async def test_validation_errors_never_echo_the_number_or_cvc(self, client, tokens):
        body = {"number": 4242424242424242, "exp_month": 13, "exp_year": 2040, "cvc": 987}
        response = await client.post("/methods", json=body, headers=tokens.headers())
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"
        assert "4242424242424242" not in response.text
        assert "987" not in response.text
        assert all(set(error) == {"loc", "msg"} for error in response.json()["errors"])

    async def test_provider_refusal_is_card_rejected(self, client, tokens):
        response = await self._post(client, tokens, number=REJECTED_AT_TOKENIZE)
        assert response.json()["code"] == "card_rejected"

    async def test_provider_down_is_503(self, client, tokens, provider):
        provider.fail_next = 1
        response = await client.post("/methods", json=CARD, headers=tokens.headers())
        assert response.status_code == 503
        assert response.json()["code"] == "provider_unavailable"


class TestOwnership:
    async def test_list_shows_only_own_cards_newest_first_paginated(self, client, tokens, shop):
        _, mine = shop.user()
        _, theirs = shop.user()
        await shop.card(theirs)
        ids = [await shop.card(mine, number) for number in (SUCCESS, DECLINED)]
        page = (await client.get("/methods?limit=1", headers=mine)).json()
        assert [m["id"] for m in page["items"]] == [ids[1]]
        rest = await client.get(f"/methods?limit=1&cursor={page['next_cursor']}", headers=mine)
        assert [m["id"] for m in rest.json()["items"]] == [ids[0]]
        assert rest.json()["next_cursor"] is None

    async def test_delete_own_card(self, client, shop):
        _, headers = shop.user()
        method_id = await shop.card(headers)
        assert (await client.delete(f"/methods/{method_id}", headers=headers)).status_code == 204
        assert (await client.get("/methods", headers=headers)).json()["items"] == []

    async def test_another_users_card_is_404(self, client, shop):
        _, owner = shop.user()
        _, other = shop.user()
        method_id = await shop.card(owner)
        response = await client.delete(f"/methods/{method_id}", headers=other)
        assert response.status_code == 404
        assert response.json()["code"] == "payment_method_not_found"
        missing = await client.delete(f"/methods/{uuid.uuid4()}", headers=owner)
        assert missing.status_code == 404

    async def test_no_token_is_401(self, client):
        assert (await client.get("/methods")).status_code == 401
