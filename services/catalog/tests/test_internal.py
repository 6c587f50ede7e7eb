"""``GET /internal/products``: what orders asks about a product its read model has not seen
yet (read your writes). Service-to-service only: it needs the internal token."""

from __future__ import annotations

import uuid

from catalog.settings import DEV_INTERNAL_TOKEN

INTERNAL = {"X-Internal-Token": DEV_INTERNAL_TOKEN}


async def test_products_by_id_include_archived_ones_and_skip_unknown_ids(
    client, create_product, seller
):
    live = await create_product(stock=3_000_000_000)
    gone = await create_product()
    assert (await client.delete(f"/products/{gone['id']}", headers=seller)).status_code == 204
    unknown = str(uuid.uuid4())
    response = await client.get(
        "/internal/products",
        params=[("ids", live["id"]), ("ids", gone["id"]), ("ids", unknown)],
        headers=INTERNAL,
    )
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    assert set(items) == {live["id"], gone["id"]}
    assert items[live["id"]]["available"] == 3_000_000_000
    assert items[gone["id"]]["archived"] is True


async def test_without_the_internal_token_is_401(client, create_product):
    product = await create_product()
    for headers in ({}, {"X-Internal-Token": "guess"}):
        response = await client.get(
            "/internal/products", params={"ids": product["id"]}, headers=headers
        )
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"


async def test_too_many_or_malformed_ids_are_422(client):
    many = [("ids", str(uuid.uuid4())) for _ in range(101)]
    assert (
        await client.get("/internal/products", params=many, headers=INTERNAL)
    ).status_code == 422
    bad = await client.get("/internal/products", params={"ids": "nope"}, headers=INTERNAL)
    assert bad.status_code == 422
