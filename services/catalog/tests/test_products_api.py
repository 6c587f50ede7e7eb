"""Product routes: create, read, replace, update, archive, stock; roles, ownership, errors."""

import asyncio
import uuid

INVALID_FIELDS = [
    ("price", "15"),
    ("price", 15.5),
    ("price", 15.0),
    ("price", 0),
    ("price", -1),
    ("price", True),
    ("price", None),
    ("price", 10**16),
    ("stock", "5"),
    ("stock", 1.5),
    ("stock", -1),
    ("currency", "ZZZ"),
    ("currency", "XAU"),
    ("currency", "US"),
    ("currency", 840),
    ("name", ""),
    ("name", "   "),
    ("name", "x" * 201),
]

EDITS = [
    ("PATCH", "", {"price": 1}),
    ("PUT", "", {"name": "Other", "price": 1, "currency": "USD", "stock": 1}),
    ("POST", "/stock", {"delta": 1}),
    ("DELETE", "", None),
]


def _problem(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


class TestCreate:
    async def test_seller_creates_a_product_with_the_read_shape(self, client, seller, seller_id):
        body = {
            "name": "Desk Lamp",
            "description": "Warm light",
            "price": 2599,
            "currency": "usd",
            "stock": 7,
        }
        response = await client.post("/products", json=body, headers=seller)
        assert response.status_code == 201
        product = response.json()
        assert set(product) == {
            "id",
            "name",
            "description",
            "price",
            "currency",
            "stock",
            "reserved",
            "available",
            "seller_id",
            "archived",
            "created_at",
            "updated_at",
        }
        assert product | {"id": None, "created_at": None, "updated_at": None} == {
            "id": None,
            "name": "Desk Lamp",
            "description": "Warm light",
            "price": 2599,
            "currency": "USD",
            "stock": 7,
            "reserved": 0,
            "available": 7,
            "seller_id": str(seller_id),
            "archived": False,
            "created_at": None,
            "updated_at": None,
        }

    async def test_admin_creates_a_product(self, client, tokens):
        admin_id = uuid.uuid4()
        body = {"name": "Admin Mug", "price": 500, "currency": "EUR", "stock": 1}
        response = await client.post(
            "/products", json=body, headers=tokens.headers(admin_id, "admin")
        )
        assert response.status_code == 201
        assert response.json()["seller_id"] == str(admin_id)
        assert response.json()["description"] == ""

    async def test_buyer_cannot_create_403(self, client, tokens):
        body = {"name": "Nope", "price": 500, "currency": "EUR", "stock": 1}
        _problem(
            await client.post("/products", json=body, headers=tokens.headers()), 403, "forbidden"
        )

    async def test_without_token_401(self, client):
        body = {"name": "Nope", "price": 500, "currency": "EUR", "stock": 1}
        response = await client.post("/products", json=body)
        _problem(response, 401, "unauthorized")

    async def test_bad_token_401(self, client):
        body = {"name": "Nope", "price": 500, "currency": "EUR", "stock": 1}
        response = await client.post(
            "/products", json=body, headers={"Authorization": "Bearer not-a-jwt"}
        )
        _problem(response, 401, "unauthorized")

    async def test_creation_is_announced(self, client, seller, saga):
        response = await client.post(
            "/products",
            json={"name": "Kettle", "price": 3000, "currency": "GBP", "stock": 2},
            headers=seller,
        )
        [event] = await saga.events("catalog.product.created")
        assert event.data["product_id"] == response.json()["id"]
        assert event.data["available"] == 2
        assert event.subject_user_ids == [uuid.UUID(response.json()["seller_id"])]


class TestValidation:
    async def test_non_integer_non_positive_or_unknown_values_are_422(self, client, seller):
        for field, value in INVALID_FIELDS:
            body = {"name": "Valid", "price": 100, "currency": "USD", "stock": 1, field: value}
            response = await client.post("/products", json=body, headers=seller)
            assert response.status_code == 422, (field, value)
            assert response.json()["code"] == "validation_error"
            assert any(err["loc"][-1] == field for err in response.json()["errors"])
        assert (await client.get("/products")).json()["items"] == []

    async def test_missing_field_is_422(self, client, seller):
        response = await client.post("/products", json={"name": "x", "price": 1}, headers=seller)
        _problem(response, 422, "validation_error")

    async def test_malformed_json_is_400(self, client, seller):
        response = await client.post(
            "/products", content=b"{nope", headers={**seller, "content-type": "application/json"}
        )
        _problem(response, 400, "malformed_request")

    async def test_zero_stock_is_allowed(self, create_product):
        assert (await create_product(stock=0))["available"] == 0


class TestNames:
    async def test_twenty_concurrent_creates_of_one_name_make_one_product(self, client, tokens):
        async def create(i: int):
            body = {
                "name": "Limited Edition" if i % 2 else "LIMITED edition",
                "price": 100,
                "currency": "USD",
                "stock": 1,
            }
            return await client.post(
                "/products", json=body, headers=tokens.headers(uuid.uuid4(), "seller")
            )

        responses = await asyncio.gather(*(create(i) for i in range(20)))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * 19
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {
            "product_name_taken"
        }
        listed = (await client.get("/products", params={"q": "limited"})).json()["items"]
        assert len(listed) == 1

    async def test_same_name_in_another_case_is_409(self, client, create_product, tokens):
        await create_product(name="Walnut Table")
        other_seller = tokens.headers(uuid.uuid4(), "seller")
        body = {"name": "  wALNUT table ", "price": 100, "currency": "USD", "stock": 1}
        response = await client.post("/products", json=body, headers=other_seller)
        _problem(response, 409, "product_name_taken")

    async def test_renaming_onto_a_taken_name_is_409(self, client, create_product, seller):
        await create_product(name="Oak Chair")
        product = await create_product(name="Pine Chair")
        response = await client.patch(
            f"/products/{product['id']}", json={"name": "OAK CHAIR"}, headers=seller
        )
        _problem(response, 409, "product_name_taken")

    async def test_changing_only_the_case_of_its_own_name_is_fine(
        self, client, create_product, seller
    ):
        product = await create_product(name="Birch Stool")
        response = await client.patch(
            f"/products/{product['id']}", json={"name": "BIRCH STOOL"}, headers=seller
        )
        assert response.status_code == 200
        assert response.json()["name"] == "BIRCH STOOL"

    async def test_an_archived_products_name_can_be_reused(self, client, create_product, seller):
        product = await create_product(name="Old Clock")
        assert (
            await client.delete(f"/products/{product['id']}", headers=seller)
        ).status_code == 204
        assert (await create_product(name="old clock"))["name"] == "old clock"


class TestRead:
    async def test_anyone_reads_a_product_without_a_token(self, client, create_product):
        product = await create_product()
        response = await client.get(f"/products/{product['id']}")
        assert response.status_code == 200
        assert response.json() == product

    async def test_unknown_product_is_404(self, client):
        _problem(await client.get(f"/products/{uuid.uuid4()}"), 404, "product_not_found")

    async def test_malformed_id_is_422(self, client):
        _problem(await client.get("/products/not-a-uuid"), 422, "validation_error")


class TestOwnership:
    async def test_another_seller_is_403_a_buyer_403_and_no_token_401(
        self, client, tokens, create_product
    ):
        product = await create_product()
        other = tokens.headers(uuid.uuid4(), "seller")
        for method, suffix, body in EDITS:
            url = f"/products/{product['id']}{suffix}"
            response = await client.request(method, url, json=body, headers=other)
            _problem(response, 403, "not_product_owner")
            response = await client.request(method, url, json=body, headers=tokens.headers())
            _problem(response, 403, "forbidden")
            _problem(await client.request(method, url, json=body), 401, "unauthorized")
        assert (await client.get(f"/products/{product['id']}")).json() == product

    async def test_unknown_product_is_404(self, client, seller):
        for method, suffix, body in EDITS:
            response = await client.request(
                method, f"/products/{uuid.uuid4()}{suffix}", json=body, headers=seller
            )
            _problem(response, 404, "product_not_found")

    async def test_admin_may_change_any_product(self, client, tokens, create_product):
        product = await create_product(stock=3)
        admin = tokens.headers(uuid.uuid4(), "admin")
        url = f"/products/{product['id']}"
        assert (await client.patch(url, json={"price": 42}, headers=admin)).json()["price"] == 42
        response = await client.post(f"{url}/stock", json={"delta": 2}, headers=admin)
        assert response.json()["stock"] == 5
        assert (await client.delete(url, headers=admin)).status_code == 204
        assert (await client.get(url)).json()["seller_id"] == product["seller_id"]


class TestUpdate:
    async def test_put_replaces_every_field(self, client, create_product, seller, saga):
        product = await create_product(description="old", stock=4)
        body = {"name": "Renamed", "price": 1234, "currency": "JPY", "stock": 9}
        response = await client.put(f"/products/{product['id']}", json=body, headers=seller)
        assert response.status_code == 200
        assert response.json() | {"updated_at": None} == product | body | {
            "description": "",
            "available": 9,
            "updated_at": None,
        }
        assert response.json()["updated_at"] > product["updated_at"]
        [updated] = await saga.events("catalog.product.updated")
        assert updated.data["name"] == "Renamed"
        [changed] = await saga.events("catalog.stock.changed")
        assert changed.data["stock"] == 9

    async def test_put_with_a_missing_field_is_422(self, client, create_product, seller):
        product = await create_product()
        response = await client.put(
            f"/products/{product['id']}", json={"name": "x", "price": 1}, headers=seller
        )
        _problem(response, 422, "validation_error")

    async def test_patch_changes_only_what_is_sent(self, client, create_product, seller, saga):
        product = await create_product(description="keep me")
        response = await client.patch(
            f"/products/{product['id']}", json={"price": 777}, headers=seller
        )
        assert response.json()["price"] == 777
        assert response.json()["description"] == "keep me"
        assert await saga.events("catalog.stock.changed") == []

    async def test_patch_with_an_invalid_value_is_422(self, client, create_product, seller):
        product = await create_product()
        for body in (
            {"price": None},
            {"name": None},
            {"price": "5"},
            {"stock": 2.5},
            {"currency": "ABC"},
            {"price": 0},
        ):
            response = await client.patch(f"/products/{product['id']}", json=body, headers=seller)
            _problem(response, 422, "validation_error")
        assert (await client.get(f"/products/{product['id']}")).json() == product


class TestArchive:
    async def test_archived_product_is_readable_by_id_but_gone_from_lists(
        self, client, create_product, seller, saga
    ):
        product = await create_product()
        response = await client.delete(f"/products/{product['id']}", headers=seller)
        assert response.status_code == 204
        assert response.content == b""
        read = (await client.get(f"/products/{product['id']}")).json()
        assert read["archived"] is True
        assert (await client.get("/products")).json() == {"items": [], "next_cursor": None}
        [event] = await saga.events("catalog.product.archived")
        assert event.data == {"product_id": product["id"], "seller_id": product["seller_id"]}

    async def test_archiving_twice_is_a_no_op(self, client, create_product, seller, saga):
        product = await create_product()
        for _ in range(2):
            assert (
                await client.delete(f"/products/{product['id']}", headers=seller)
            ).status_code == 204
        assert len(await saga.events("catalog.product.archived")) == 1

    async def test_changing_an_archived_product_is_409(self, client, create_product, seller):
        product = await create_product()
        await client.delete(f"/products/{product['id']}", headers=seller)
        for method, suffix, body in EDITS:
            if method == "DELETE":
                continue
            response = await client.request(
                method, f"/products/{product['id']}{suffix}", json=body, headers=seller
            )
            _problem(response, 409, "product_archived")
