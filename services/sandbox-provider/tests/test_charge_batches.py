"""``POST /v1/charges/batch``: each item answered as ``POST /v1/charges`` would answer it, in
one call (one INSERT for the new charges)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

TokenMaker = Callable[..., Awaitable[dict[str, Any]]]


def _item(reference: str, token: str, amount: int = 500, **fields: Any) -> dict[str, Any]:
    return {"reference": reference, "token": token, "amount": amount, "currency": "USD", **fields}


async def _batch(api: httpx.AsyncClient, *items: dict[str, Any]) -> list[dict[str, Any]]:
    response = await api.post("/v1/charges/batch", json={"charges": list(items)})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


async def test_every_outcome_in_one_call(api: httpx.AsyncClient, make_token: TokenMaker) -> None:
    visa = (await make_token())["token"]
    declined = (await make_token("4000000000000002"))["token"]
    network_error = (await make_token("4000000000000119"))["token"]
    earlier = await api.post("/v1/charges", json=_item("b-earlier", visa))
    assert earlier.status_code == 201

    results = await _batch(
        api,
        _item("b-new", visa),
        _item("b-manual", visa, capture=False),
        _item("b-declined", declined),
        _item("b-network", network_error),
        _item("b-unknown", "tok_nope"),
        _item("b-earlier", visa),
        _item("b-earlier", visa, amount=501),
        _item("b-new", visa),  # the same reference twice in one call: one charge
    )

    assert [r["status"] for r in results] == [201, 201, 201, 503, 422, 200, 409, 200]
    assert [r["charge"]["status"] for r in results if r["charge"]] == [
        "captured", "authorized", "declined", "captured", "captured"
    ]  # fmt: skip
    assert results[2]["charge"]["failure_code"] == "card_declined"
    assert [r["error"]["code"] for r in results if r["error"]] == [
        "processing_error", "unknown_token", "reference_reused"
    ]  # fmt: skip
    assert results[5]["charge"]["id"] == earlier.json()["id"]
    assert results[7]["charge"]["id"] == results[0]["charge"]["id"]
    found = await api.get("/v1/charges", params={"reference": "b-new"})
    assert found.json()["id"] == results[0]["charge"]["id"]
    assert (await api.get("/v1/charges", params={"reference": "b-network"})).status_code == 404


async def test_fail_next_refuses_items_one_by_one(
    api: httpx.AsyncClient, make_token: TokenMaker
) -> None:
    visa = (await make_token())["token"]
    await api.post("/v1/test/behaviour", json={"fail_next": 1})
    results = await _batch(api, _item("f-1", visa), _item("f-2", visa))
    assert [r["status"] for r in results] == [503, 201]


async def test_a_lost_answer_loses_the_whole_batch_but_the_charges_are_made(
    api: httpx.AsyncClient, make_token: TokenMaker
) -> None:
    visa = (await make_token())["token"]
    await api.post("/v1/test/behaviour", json={"drop_response_next": 1, "hang_ms": 50})
    response = await api.post(
        "/v1/charges/batch", json={"charges": [_item("d-1", visa), _item("d-2", visa)]}
    )
    assert response.status_code == 503
    for reference in ("d-1", "d-2"):
        charge = await api.get("/v1/charges", params={"reference": reference})
        assert charge.json()["status"] == "captured"


async def test_concurrent_batches_with_the_same_references_make_each_charge_once(
    api: httpx.AsyncClient, make_token: TokenMaker
) -> None:
    visa = (await make_token())["token"]
    items = [_item(f"c-{i}", visa) for i in range(10)]
    answers = await asyncio.gather(*(_batch(api, *items) for _ in range(5)))
    for i in range(10):
        ids = {answer[i]["charge"]["id"] for answer in answers}
        assert len(ids) == 1
        assert sorted(answer[i]["status"] for answer in answers) == [200, 200, 200, 200, 201]


async def test_an_empty_or_oversized_batch_is_422(api: httpx.AsyncClient) -> None:
    assert (await api.post("/v1/charges/batch", json={"charges": []})).status_code == 422
    many = [_item(f"x-{i}", "tok_x") for i in range(501)]
    assert (await api.post("/v1/charges/batch", json={"charges": many})).status_code == 422
