"""Changing an unpaid order's lines: a new revision re-reserved by the catalog, reverted if the
catalog cannot hold it."""

import uuid

from common.events.catalog import ProductArchived


async def _add(shop, order_id, product, quantity, headers=None):
    return await shop.client.post(
        f"/orders/{order_id}/items",
        json={"product_id": str(product), "quantity": quantity},
        headers=headers or shop.headers(),
    )


class TestAddAndRemoveLines:
    async def test_adding_a_line_to_an_awaiting_order_makes_it_pending_at_revision_2(self, shop):
        tea, pot = await shop.product(price=200), await shop.product(price=1500)
        order = await shop.awaiting_payment((tea, 1))
        response = await _add(shop, order["id"], pot, 2)
        assert response.status_code == 200
        changed = response.json()
        assert (changed["status"], changed["revision"], changed["total"]) == ("pending", 2, 3200)
        assert [entry["status"] for entry in changed["status_history"]][-2:] == [
            "awaiting_payment",
            "pending",
        ]
        placed = (await shop.events("orders.order.placed"))[-1]
        assert placed.data["revision"] == 2
        assert placed.data["lines"] == [
            {"product_id": str(tea), "quantity": 1},
            {"product_id": str(pot), "quantity": 2},
        ]

    async def test_adding_an_ordered_product_increases_its_line(self, shop):
        tea = await shop.product(price=200)
        order = await shop.awaiting_payment((tea, 1))
        changed = (await _add(shop, order["id"], tea, 4)).json()
        assert [(line["quantity"], line["amount"]) for line in changed["lines"]] == [(5, 1000)]

    async def test_a_pending_order_can_change_too(self, shop):
        tea, pot = await shop.product(), await shop.product()
        order = await shop.place((tea, 1))
        changed = (await _add(shop, order["id"], pot, 1)).json()
        assert (changed["status"], changed["revision"]) == ("pending", 2)

    async def test_removing_a_line(self, shop):
        tea, pot = await shop.product(), await shop.product()
        order = await shop.awaiting_payment((tea, 1), (pot, 1))
        response = await shop.client.delete(
            f"/orders/{order['id']}/items/{pot}", headers=shop.headers()
        )
        assert response.status_code == 200
        assert [line["product_id"] for line in response.json()["lines"]] == [str(tea)]
        assert (await shop.events("orders.order.placed"))[-1].data["lines"] == [
            {"product_id": str(tea), "quantity": 1}
        ]

    async def test_removing_the_last_line_is_409(self, shop):
        tea = await shop.product()
        order = await shop.awaiting_payment((tea, 1))
        response = await shop.client.delete(
            f"/orders/{order['id']}/items/{tea}", headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (409, "cannot_remove_last_line")

    async def test_removing_a_product_not_in_the_order_is_404(self, shop):
        order = await shop.awaiting_payment((await shop.product(), 1))
        response = await shop.client.delete(
            f"/orders/{order['id']}/items/{uuid.uuid4()}", headers=shop.headers()
        )
        assert (response.status_code, response.json()["code"]) == (404, "order_line_not_found")

    async def test_a_paid_order_cannot_change_409(self, shop):
        tea = await shop.product()
        order, _ = await shop.paid((tea, 1))
        response = await _add(shop, order["id"], tea, 1)
        assert (response.status_code, response.json()["code"]) == (409, "order_not_editable")
        removed = await shop.client.delete(
            f"/orders/{order['id']}/items/{tea}", headers=shop.headers()
        )
        assert removed.status_code == 409

    async def test_another_buyer_gets_404_and_an_admin_403(self, shop):
        tea = await shop.product()
        order = await shop.awaiting_payment((tea, 1))
        stranger = await _add(shop, order["id"], tea, 1, headers=shop.headers(uuid.uuid4()))
        admin = await _add(shop, order["id"], tea, 1, headers=shop.admin_headers)
        assert (stranger.status_code, stranger.json()["code"]) == (404, "order_not_found")
        assert (admin.status_code, admin.json()["code"]) == (403, "order_action_forbidden")
        assert (await shop.order(order["id"]))["revision"] == 1

    async def test_bad_additions_are_422_and_change_nothing(self, shop):
        tea = await shop.product()
        euros = await shop.product(currency="EUR")
        archived = await shop.product()
        await shop.deliver(ProductArchived(product_id=archived, seller_id=shop.seller))
        order = await shop.awaiting_payment((tea, 1))
        cases = [
            (euros, 1, "currency_mismatch"),
            (archived, 1, "product_unavailable"),
            (uuid.uuid4(), 1, "product_unavailable"),
            (tea, 10_000, "quantity_too_large"),
            (tea, 0, "validation_error"),
            (tea, "2", "validation_error"),
            (tea, 1.5, "validation_error"),
        ]
        for product, quantity, code in cases:
            response = await _add(shop, order["id"], product, quantity)
            assert (response.status_code, response.json()["code"]) == (422, code), product
        after = await shop.order(order["id"])
        assert (after["status"], after["revision"]) == ("awaiting_payment", 1)
        assert len(await shop.events("orders.order.placed")) == 1


class TestRevisionSaga:
    async def test_new_revision_reserved_awaits_payment_with_the_new_total(self, shop):
        tea, pot = await shop.product(price=200), await shop.product(price=1500)
        order = await shop.awaiting_payment((tea, 1))
        changed = (await _add(shop, order["id"], pot, 1)).json()
        await shop.reserve(changed, revision=2, prices={pot: 1400})
        after = await shop.order(order["id"])
        assert (after["status"], after["total"], after["revision"]) == ("awaiting_payment", 1600, 2)
        confirmed = (await shop.events("orders.order.confirmed"))[-1]
        assert (confirmed.data["revision"], confirmed.data["total"]) == (2, 1600)

    async def test_failed_revision_reverts_to_the_reserved_lines(self, shop):
        tea, pot = await shop.product(price=200), await shop.product(price=1500)
        order = await shop.awaiting_payment((tea, 1))
        changed = (await _add(shop, order["id"], pot, 1)).json()
        await shop.reject(changed, revision=2)
        after = await shop.order(order["id"])
        assert after["status"] == "awaiting_payment"
        assert [line["product_id"] for line in after["lines"]] == [str(tea)]
        assert after["total"] == 200
        assert "rejected" in after["status_history"][-1]["note"]
        assert "Only 0 left" in after["status_history"][-1]["note"]
        confirmations = await shop.events("orders.order.confirmed")
        assert len(confirmations) == 2
        assert confirmations[-1].data["total"] == 200
        assert confirmations[-1].data["revision"] == 1

    async def test_answer_for_an_older_revision_is_ignored(self, shop):
        tea, pot = await shop.product(price=200), await shop.product(price=1500)
        order = await shop.awaiting_payment((tea, 1))
        await _add(shop, order["id"], pot, 1)
        await shop.reject(order, revision=1)
        await shop.reserve(order, revision=1)
        after = await shop.order(order["id"])
        assert (after["status"], after["revision"]) == ("pending", 2)
        assert len(await shop.events("orders.order.confirmed")) == 1

    async def test_older_revision_reserved_meanwhile_becomes_what_a_failure_reverts_to(self, shop):
        tea = await shop.product(price=100)
        pot = await shop.product(price=1000)
        cup = await shop.product(price=300)
        order = await shop.place((tea, 1))
        second = (await _add(shop, order["id"], pot, 1)).json()
        third = (await _add(shop, order["id"], cup, 1)).json()
        await shop.reserve(second, revision=2)  # the catalog now holds revision 2
        still = await shop.order(order["id"])
        assert (still["status"], still["revision"]) == ("pending", 3)
        await shop.reject(third, revision=3)
        after = await shop.order(order["id"])
        assert after["status"] == "awaiting_payment"
        assert sorted(line["product_id"] for line in after["lines"]) == sorted([str(tea), str(pot)])
        assert after["total"] == 1100
        assert (await shop.events("orders.order.confirmed"))[-1].data["revision"] == 2

    async def test_change_of_a_never_reserved_order_that_fails_rejects_it(self, shop):
        tea, pot = await shop.product(), await shop.product()
        order = await shop.place((tea, 1))
        changed = (await _add(shop, order["id"], pot, 1)).json()
        await shop.reject(order, revision=1)
        await shop.reject(changed, revision=2)
        assert (await shop.order(order["id"]))["status"] == "rejected"

    async def test_reservation_of_a_reverted_revision_arriving_late_is_ignored(self, shop):
        tea = await shop.product(price=100)
        order = await shop.awaiting_payment((tea, 1))
        second = (await _add(shop, order["id"], await shop.product(), 1)).json()
        third = (await _add(shop, order["id"], await shop.product(), 1)).json()
        await shop.reject(third, revision=3)
        await shop.reserve(second, revision=2)
        after = await shop.order(order["id"])
        assert (after["status"], after["total"]) == ("awaiting_payment", 100)
        assert [line["product_id"] for line in after["lines"]] == [str(tea)]
