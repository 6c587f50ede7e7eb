"""OrderPlaced through the inbox: every line reserved or none, rejections, revisions, duplicates."""

import datetime as dt
import uuid

import pytest

from catalog.models import ReservationStatus
from common.messaging.consumer import PoisonMessage


class TestReserve:
    async def test_every_line_is_reserved_with_authoritative_prices(
        self, saga, create_product, seller_id, settings
    ):
        lamp = await create_product(name="Lamp", price=2500, stock=5)
        desk = await create_product(name="Desk", price=10000, stock=2)
        order = saga.placed([(lamp["id"], 2), (desk["id"], 1)])
        before = dt.datetime.now(dt.UTC)
        assert await saga.deliver(order) is True

        [reserved] = await saga.events("catalog.stock.reserved")
        data = reserved.data
        assert data["order_id"] == str(order.order_id)
        assert data["user_id"] == str(order.user_id)
        assert data["revision"] == 1
        assert data["currency"] == "USD"
        assert data["total"] == 2 * 2500 + 10000
        assert data["lines"] == [
            {
                "product_id": lamp["id"],
                "seller_id": str(seller_id),
                "name": "Lamp",
                "quantity": 2,
                "unit_price": 2500,
                "currency": "USD",
            },
            {
                "product_id": desk["id"],
                "seller_id": str(seller_id),
                "name": "Desk",
                "quantity": 1,
                "unit_price": 10000,
                "currency": "USD",
            },
        ]
        expires_at = dt.datetime.fromisoformat(data["expires_at"])
        assert before + settings.reservation_ttl <= expires_at
        assert expires_at <= dt.datetime.now(dt.UTC) + settings.reservation_ttl
        assert set(reserved.subject_user_ids) == {order.user_id, seller_id}

        assert (await saga.product(lamp["id"])).stock == 5
        assert await saga.reserved(lamp["id"]) == (2,)
        assert (await saga.product(desk["id"])).available == 1
        changed = {e.data["product_id"]: e.data for e in await saga.events("catalog.stock.changed")}
        assert changed[lamp["id"]]["reserved"] == 2
        assert changed[desk["id"]]["available"] == 1
        reservation = await saga.reservation(order.order_id)
        assert reservation.status == ReservationStatus.HELD
        assert reservation.expires_at == expires_at
        await saga.assert_consistent()

    async def test_duplicate_lines_of_one_product_are_merged(self, saga, create_product):
        lamp = await create_product(stock=5)
        order = saga.placed([(lamp["id"], 2), (lamp["id"], 3)])
        await saga.deliver(order)
        [reserved] = await saga.events("catalog.stock.reserved")
        assert [(line["quantity"]) for line in reserved.data["lines"]] == [5]
        assert (await saga.product(lamp["id"])).available == 0

    async def test_the_default_reservation_time_is_thirty_minutes(self, settings):
        assert type(settings)().reservation_ttl == dt.timedelta(minutes=30)

    async def test_a_line_without_a_positive_quantity_is_a_poison_message(
        self, saga, create_product
    ):
        lamp = await create_product()
        for lines in ([(lamp["id"], 0)], [(lamp["id"], -1)], []):
            with pytest.raises(PoisonMessage):
                await saga.deliver(saga.placed(lines))
        assert await saga.events("catalog.stock.reserved") == []
        assert (await saga.product(lamp["id"])).reserved == 0


class TestReject:
    async def _rejection(self, saga, order) -> dict:
        await saga.deliver(order)
        assert await saga.events("catalog.stock.reserved") == []
        assert await saga.events("catalog.stock.changed") == []
        [rejected] = await saga.events("catalog.stock.rejected")
        assert rejected.data["order_id"] == str(order.order_id)
        assert rejected.data["revision"] == order.revision
        assert rejected.data["reason"]
        assert (await saga.reservation(order.order_id)).status == ReservationStatus.REJECTED
        await saga.assert_consistent()
        return rejected.data

    async def test_one_short_line_rejects_the_whole_order(self, saga, create_product):
        plenty = await create_product(stock=100)
        scarce = await create_product(name="Scarce", stock=2)
        data = await self._rejection(saga, saga.placed([(plenty["id"], 5), (scarce["id"], 3)]))
        assert (data["code"], data["product_id"]) == ("out_of_stock", scarce["id"])
        assert "Only 2 of 'Scarce' available, 3 requested." == data["reason"]
        assert (await saga.product(plenty["id"])).reserved == 0

    async def test_unknown_product_is_unavailable(self, saga, create_product):
        known = await create_product()
        missing = uuid.uuid4()
        data = await self._rejection(saga, saga.placed([(known["id"], 1), (missing, 1)]))
        assert (data["code"], data["product_id"]) == ("product_unavailable", str(missing))

    async def test_archived_product_is_unavailable(self, saga, create_product, client, seller):
        product = await create_product()
        await client.delete(f"/products/{product['id']}", headers=seller)
        data = await self._rejection(saga, saga.placed([(product["id"], 1)]))
        assert (data["code"], data["product_id"]) == ("product_unavailable", product["id"])

    async def test_product_in_another_currency_is_a_mismatch(self, saga, create_product):
        euro = await create_product(currency="EUR")
        data = await self._rejection(saga, saga.placed([(euro["id"], 1)], currency="USD"))
        assert (data["code"], data["product_id"]) == ("currency_mismatch", euro["id"])

    async def test_reserved_units_are_not_available_to_the_next_order(self, saga, create_product):
        product = await create_product(stock=3)
        await saga.deliver(saga.placed([(product["id"], 2)]))
        await saga.deliver(saga.placed([(product["id"], 2)]))
        [rejected] = await saga.events("catalog.stock.rejected")
        assert rejected.data["code"] == "out_of_stock"
        assert (await saga.product(product["id"])).reserved == 2


class TestDuplicates:
    async def test_the_same_envelope_delivered_twice_reserves_once(self, saga, create_product):
        product = await create_product(stock=5)
        body = saga.body(saga.placed([(product["id"], 2)]))
        assert await saga.processor.process(body) is True
        assert await saga.processor.process(body) is False
        assert (await saga.product(product["id"])).reserved == 2
        assert len(await saga.events("catalog.stock.reserved")) == 1

    async def test_the_same_revision_in_a_new_envelope_reserves_once(self, saga, create_product):
        product = await create_product(stock=5)
        order = saga.placed([(product["id"], 2)])
        assert await saga.deliver(order) is True
        assert await saga.deliver(order) is True  # another event id: the inbox lets it through
        assert (await saga.product(product["id"])).reserved == 2
        assert len(await saga.events("catalog.stock.reserved")) == 1
        await saga.assert_consistent()


class TestRevisions:
    async def test_a_later_revision_replaces_the_hold(self, saga, create_product):
        a = await create_product(stock=5)
        b = await create_product(stock=5)
        first = saga.placed([(a["id"], 2)])
        await saga.deliver(first)
        second = saga.placed(
            [(a["id"], 1), (b["id"], 3)],
            order_id=first.order_id,
            user_id=first.user_id,
            revision=2,
        )
        await saga.deliver(second)
        assert await saga.lines(first.order_id) == {uuid.UUID(a["id"]): 1, uuid.UUID(b["id"]): 3}
        assert await saga.reserved(a["id"], b["id"]) == (1, 3)
        reserved = await saga.events("catalog.stock.reserved")
        assert [e.data["revision"] for e in reserved] == [1, 2]
        reservation = await saga.reservation(first.order_id)
        assert (reservation.revision, reservation.status) == (2, ReservationStatus.HELD)
        await saga.assert_consistent()

    async def test_the_hold_being_replaced_counts_as_free(self, saga, create_product):
        product = await create_product(stock=5)
        first = saga.placed([(product["id"], 5)])
        await saga.deliver(first)
        await saga.deliver(
            saga.placed(
                [(product["id"], 4)], order_id=first.order_id, user_id=first.user_id, revision=2
            )
        )
        assert (await saga.product(product["id"])).reserved == 4
        assert [e.data["revision"] for e in await saga.events("catalog.stock.reserved")] == [1, 2]

    async def test_a_revision_that_cannot_be_held_leaves_the_old_hold_untouched(
        self, saga, create_product
    ):
        a = await create_product(stock=5)
        b = await create_product(stock=1)
        first = saga.placed([(a["id"], 2)])
        await saga.deliver(first)
        await saga.deliver(
            saga.placed(
                [(a["id"], 1), (b["id"], 2)],
                order_id=first.order_id,
                user_id=first.user_id,
                revision=2,
            )
        )
        assert await saga.lines(first.order_id) == {uuid.UUID(a["id"]): 2}
        assert await saga.reserved(a["id"], b["id"]) == (2, 0)
        [rejected] = await saga.events("catalog.stock.rejected")
        assert (rejected.data["revision"], rejected.data["code"]) == (2, "out_of_stock")
        reservation = await saga.reservation(first.order_id)
        assert (reservation.revision, reservation.status) == (1, ReservationStatus.HELD)
        await saga.assert_consistent()

    async def test_a_stale_or_repeated_revision_is_ignored(self, saga, create_product):
        product = await create_product(stock=10)
        first = saga.placed([(product["id"], 1)], revision=1)
        second = saga.placed(
            [(product["id"], 2)], order_id=first.order_id, user_id=first.user_id, revision=2
        )
        await saga.deliver(second)
        await saga.deliver(first)  # arrives late
        await saga.deliver(second)  # redelivered under a new envelope id
        assert (await saga.product(product["id"])).reserved == 2
        assert [e.data["revision"] for e in await saga.events("catalog.stock.reserved")] == [2]

    async def test_an_order_rejected_at_first_can_be_held_by_a_later_revision(
        self, saga, create_product
    ):
        product = await create_product(stock=2)
        first = saga.placed([(product["id"], 3)])
        await saga.deliver(first)
        await saga.deliver(
            saga.placed(
                [(product["id"], 2)], order_id=first.order_id, user_id=first.user_id, revision=2
            )
        )
        assert (await saga.product(product["id"])).reserved == 2
        assert (await saga.reservation(first.order_id)).status == ReservationStatus.HELD
