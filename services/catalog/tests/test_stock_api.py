"""POST /products/{id}/stock: adds or removes units, never below what orders have reserved."""

import asyncio


class TestStockAdjustment:
    async def test_delta_adds_and_removes_units(self, client, create_product, seller, saga):
        product = await create_product(stock=5)
        url = f"/products/{product['id']}/stock"
        assert (await client.post(url, json={"delta": 3}, headers=seller)).json()["stock"] == 8
        response = await client.post(url, json={"delta": -8}, headers=seller)
        assert response.status_code == 200
        assert response.json() | {"updated_at": None} == product | {
            "stock": 0,
            "available": 0,
            "updated_at": None,
        }
        changes = await saga.events("catalog.stock.changed")
        assert [e.data["stock"] for e in changes] == [8, 0]
        assert [str(u) for u in changes[0].subject_user_ids] == [product["seller_id"]]

    async def test_below_zero_is_409(self, client, create_product, seller):
        product = await create_product(stock=2)
        response = await client.post(
            f"/products/{product['id']}/stock", json={"delta": -3}, headers=seller
        )
        assert response.status_code == 409
        assert response.json()["code"] == "insufficient_stock"

    async def test_never_below_what_is_reserved(self, client, create_product, seller, saga):
        product = await create_product(stock=5)
        await saga.deliver(saga.placed([(product["id"], 3)]))
        url = f"/products/{product['id']}/stock"
        response = await client.post(url, json={"delta": -3}, headers=seller)
        assert response.status_code == 409
        assert response.json()["code"] == "insufficient_stock"
        response = await client.post(url, json={"delta": -2}, headers=seller)
        assert response.json() | {"updated_at": None} == product | {
            "stock": 3,
            "reserved": 3,
            "available": 0,
            "updated_at": None,
        }

    async def test_put_and_patch_cannot_set_stock_below_reserved(
        self, client, create_product, seller, saga
    ):
        product = await create_product(stock=5)
        await saga.deliver(saga.placed([(product["id"], 4)]))
        url = f"/products/{product['id']}"
        response = await client.patch(url, json={"stock": 3}, headers=seller)
        assert (response.status_code, response.json()["code"]) == (409, "insufficient_stock")
        body = {"name": product["name"], "price": 1, "currency": "USD", "stock": 3}
        response = await client.put(url, json=body, headers=seller)
        assert (response.status_code, response.json()["code"]) == (409, "insufficient_stock")
        assert (await client.patch(url, json={"stock": 4}, headers=seller)).json()["available"] == 0

    async def test_invalid_delta_is_422(self, client, create_product, seller):
        product = await create_product()
        for delta in (0, "5", 1.5, 2.0, None, True, 10**16):
            response = await client.post(
                f"/products/{product['id']}/stock", json={"delta": delta}, headers=seller
            )
            assert response.status_code == 422, delta
            assert response.json()["code"] == "validation_error"

    async def test_concurrent_removals_never_go_below_zero(
        self, client, create_product, seller, saga
    ):
        product = await create_product(stock=10)
        responses = await asyncio.gather(
            *(
                client.post(f"/products/{product['id']}/stock", json={"delta": -1}, headers=seller)
                for _ in range(25)
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 10 + [409] * 15
        assert (await saga.product(product["id"])).stock == 0

    async def test_concurrent_removals_and_reservations_never_oversell(
        self, client, create_product, seller, saga
    ):
        product = await create_product(stock=10)
        removals = [
            client.post(f"/products/{product['id']}/stock", json={"delta": -1}, headers=seller)
            for _ in range(10)
        ]
        orders = [saga.deliver(saga.placed([(product["id"], 1)])) for _ in range(10)]
        responses = await asyncio.gather(*removals, *orders)
        removed = sum(1 for r in responses[:10] if r.status_code == 200)
        reserved = len(await saga.events("catalog.stock.reserved"))
        assert removed + reserved == 10
        final = await saga.product(product["id"])
        assert (final.stock, final.reserved) == (10 - removed, reserved)
        await saga.assert_consistent()
