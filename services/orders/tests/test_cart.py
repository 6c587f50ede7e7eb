"""The cart routes: add or increase, set, remove, empty; validation against the read model."""

import asyncio
import uuid

from sqlalchemy import func, select

from common.events.catalog import ProductArchived
from orders.models import CartItem


async def _cart_rows(shop) -> int:
    async with shop.sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(CartItem))


class TestReadCart:
    async def test_empty_cart(self, shop):
        response = await shop.client.get("/cart", headers=shop.headers())
        assert response.status_code == 200
        assert response.json() == {"items": [], "currency": None, "total": 0, "item_count": 0}

    async def test_lines_carry_current_names_prices_and_totals(self, shop):
        first = await shop.product(price=250, name="Tea")
        second = await shop.product(price=1000, name="Pot")
        await shop.client.post(
            "/cart/items", json={"product_id": str(first), "quantity": 4}, headers=shop.headers()
        )
        await shop.client.post(
            "/cart/items", json={"product_id": str(second), "quantity": 1}, headers=shop.headers()
        )
        cart = (await shop.client.get("/cart", headers=shop.headers())).json()
        assert [
            (i["name"], i["unit_price"], i["quantity"], i["line_total"]) for i in cart["items"]
        ] == [
            ("Tea", 250, 4, 1000),
            ("Pot", 1000, 1, 1000),
        ]
        assert (cart["currency"], cart["total"], cart["item_count"]) == ("USD", 2000, 5)

    async def test_archived_product_is_flagged_and_left_out_of_the_total(self, shop):
        kept = await shop.product(price=100)
        gone = await shop.product(price=900)
        for product in (kept, gone):
            await shop.client.post(
                "/cart/items",
                json={"product_id": str(product), "quantity": 1},
                headers=shop.headers(),
            )
        await shop.deliver(ProductArchived(product_id=gone, seller_id=shop.seller))
        cart = (await shop.client.get("/cart", headers=shop.headers())).json()
        flags = {i["product_id"]: (i["archived"], i["orderable"]) for i in cart["items"]}
        assert flags == {str(kept): (False, True), str(gone): (True, False)}
        assert cart["total"] == 100

    async def test_without_a_token_is_401(self, shop):
        response = await shop.client.get("/cart")
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"


class TestAddItem:
    async def test_new_product_is_201_and_the_same_again_increases_with_200(self, shop):
        product = await shop.product()
        body = {"product_id": str(product), "quantity": 2}
        first = await shop.client.post("/cart/items", json=body, headers=shop.headers())
        again = await shop.client.post("/cart/items", json=body, headers=shop.headers())
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["quantity"] == 4

    async def test_concurrent_adds_of_one_product_make_one_line_with_the_sum(self, shop):
        product = await shop.product()
        body = {"product_id": str(product), "quantity": 1}
        responses = await asyncio.gather(
            *(shop.client.post("/cart/items", json=body, headers=shop.headers()) for _ in range(10))
        )
        assert sorted(r.status_code for r in responses) == [200] * 9 + [201]
        cart = (await shop.client.get("/cart", headers=shop.headers())).json()
        assert [i["quantity"] for i in cart["items"]] == [10]

    async def test_quantity_that_is_not_a_positive_integer_is_422(self, shop):
        product = await shop.product()
        for quantity in (0, -1, "1", 1.5, None):
            response = await shop.client.post(
                "/cart/items",
                json={"product_id": str(product), "quantity": quantity},
                headers=shop.headers(),
            )
            assert (response.status_code, response.json()["code"]) == (422, "validation_error")
            assert response.json()["errors"][0]["loc"] == ["body", "quantity"]
        assert await _cart_rows(shop) == 0

    async def test_unknown_product_is_422_product_unavailable(self, shop):
        response = await shop.client.post(
            "/cart/items",
            json={"product_id": str(uuid.uuid4()), "quantity": 1},
            headers=shop.headers(),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "product_unavailable"
        assert await _cart_rows(shop) == 0

    async def test_archived_product_is_422_product_unavailable(self, shop):
        product = await shop.product()
        await shop.deliver(ProductArchived(product_id=product, seller_id=shop.seller))
        response = await shop.client.post(
            "/cart/items", json={"product_id": str(product), "quantity": 1}, headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "product_unavailable")

    async def test_product_in_another_currency_is_422_currency_mismatch(self, shop):
        dollars = await shop.product(currency="USD")
        euros = await shop.product(currency="EUR")
        await shop.client.post(
            "/cart/items", json={"product_id": str(dollars), "quantity": 1}, headers=shop.headers()
        )
        response = await shop.client.post(
            "/cart/items", json={"product_id": str(euros), "quantity": 1}, headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (422, "currency_mismatch")
        assert "EUR" in response.json()["detail"]
        assert await _cart_rows(shop) == 1

    async def test_more_than_ten_thousand_units_in_total_is_422(self, shop):
        product = await shop.product()
        body = {"product_id": str(product), "quantity": 10_000}
        assert (
            await shop.client.post("/cart/items", json=body, headers=shop.headers())
        ).status_code == 201
        body["quantity"] = 1
        response = await shop.client.post("/cart/items", json=body, headers=shop.headers())
        assert (response.status_code, response.json()["code"]) == (422, "quantity_too_large")
        cart = (await shop.client.get("/cart", headers=shop.headers())).json()
        assert cart["items"][0]["quantity"] == 10_000


class TestChangeItems:
    async def _item(self, shop, quantity: int = 1) -> str:
        product = await shop.product()
        response = await shop.client.post(
            "/cart/items",
            json={"product_id": str(product), "quantity": quantity},
            headers=shop.headers(),
        )
        return response.json()["id"]

    async def test_patch_sets_the_quantity(self, shop):
        item = await self._item(shop)
        response = await shop.client.patch(
            f"/cart/items/{item}", json={"quantity": 7}, headers=shop.headers()
        )
        assert response.status_code == 200
        assert response.json()["quantity"] == 7

    async def test_patch_with_a_bad_quantity_is_422(self, shop):
        item = await self._item(shop)
        for quantity in (0, "3", 2.5):
            response = await shop.client.patch(
                f"/cart/items/{item}", json={"quantity": quantity}, headers=shop.headers()
            )
            assert response.status_code == 422, quantity

    async def test_delete_removes_the_line(self, shop):
        item = await self._item(shop)
        assert (
            await shop.client.delete(f"/cart/items/{item}", headers=shop.headers())
        ).status_code == 204
        assert (await shop.client.get("/cart", headers=shop.headers())).json()["items"] == []

    async def test_delete_cart_empties_it(self, shop):
        await self._item(shop)
        await self._item(shop)
        assert (await shop.client.delete("/cart", headers=shop.headers())).status_code == 204
        assert await _cart_rows(shop) == 0

    async def test_another_users_item_is_404(self, shop):
        item = await self._item(shop)
        stranger = shop.headers(uuid.uuid4())
        patched = await shop.client.patch(
            f"/cart/items/{item}", json={"quantity": 2}, headers=stranger
        )
        deleted = await shop.client.delete(f"/cart/items/{item}", headers=stranger)
        assert (patched.status_code, patched.json()["code"]) == (404, "cart_item_not_found")
        assert (deleted.status_code, deleted.json()["code"]) == (404, "cart_item_not_found")
        assert await _cart_rows(shop) == 1

    async def test_another_users_cart_is_not_emptied(self, shop):
        await self._item(shop)
        await shop.client.delete("/cart", headers=shop.headers(uuid.uuid4()))
        assert await _cart_rows(shop) == 1
