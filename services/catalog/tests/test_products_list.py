"""GET /products: public, newest first, keyset-paginated, with filters and text search."""

import uuid

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import asyncpg

from catalog.models import Product, search_document


async def _names(client, **params) -> list[str]:
    response = await client.get("/products", params=params)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


class TestListing:
    async def test_anyone_lists_without_a_token_newest_first(self, client, create_product):
        for name in ("first", "second", "third"):
            await create_product(name=name)
        assert await _names(client) == ["third", "second", "first"]

    async def test_pages_are_stable_when_products_are_added_between_pages(
        self, client, create_product
    ):
        for i in range(7):
            await create_product(name=f"item {i}")
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/products", params=params)).json()
            seen += [item["name"] for item in page["items"]]
            await create_product(name=f"late {len(seen)}")  # newer: never shows up behind us
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == [f"item {i}" for i in reversed(range(7))]

    async def test_invalid_query_is_422(self, client):
        for params in (
            {"limit": 0},
            {"limit": 101},
            {"limit": "x"},
            {"min_price": -1},
            {"min_price": "1.5"},
            {"in_stock": "maybe"},
            {"seller_id": "nope"},
            {"q": "x" * 201},
        ):
            response = await client.get("/products", params=params)
            assert response.status_code == 422, params
            assert response.json()["code"] == "validation_error"

    async def test_garbage_cursor_is_422(self, client):
        response = await client.get("/products", params={"cursor": "garbage!"})
        assert response.status_code == 422
        assert response.json()["code"] == "unprocessable"


class TestFilters:
    async def test_seller_price_and_stock_filters(self, client, create_product, tokens, saga):
        other_id = uuid.uuid4()
        other = tokens.headers(other_id, "seller")
        await create_product(name="cheap", price=100)
        await create_product(name="mid", price=500, stock=0)
        held = await create_product(name="held", price=800, stock=2)
        await create_product(name="dear", price=900, headers=other)
        await saga.deliver(saga.placed([(held["id"], 2)]))

        assert await _names(client, seller_id=str(other_id)) == ["dear"]
        assert await _names(client, min_price=500) == ["dear", "held", "mid"]
        assert await _names(client, max_price=500) == ["mid", "cheap"]
        assert await _names(client, min_price=200, max_price=850) == ["held", "mid"]
        assert await _names(client, in_stock="true") == ["dear", "cheap"]
        assert await _names(client, in_stock="false") == ["held", "mid"]

    async def test_text_search_matches_every_word_in_name_or_description(
        self, client, create_product
    ):
        await create_product(name="Red Running Shoes", description="Lightweight trail runner")
        await create_product(name="Blue Mug", description="Ceramic, 350 ml")
        await create_product(name="100% Cotton Shirt", description="red and soft")
        assert await _names(client, q="shoe") == ["Red Running Shoes"]
        assert await _names(client, q="TRAIL") == ["Red Running Shoes"]
        assert await _names(client, q="red") == ["100% Cotton Shirt", "Red Running Shoes"]
        assert await _names(client, q="red  runner") == ["Red Running Shoes"]
        assert await _names(client, q="red mug") == []
        assert await _names(client, q="%") == ["100% Cotton Shirt"]
        assert await _names(client, q="_") == []
        assert len(await _names(client, q="   ")) == 3

    async def test_the_search_expression_matches_the_trigram_index(self, sessionmaker):
        """The query's expression must be the index's, or every search is a sequential scan."""
        statement = select(Product.id).where(search_document().ilike("%lamp%"))
        sql = statement.compile(dialect=asyncpg.dialect(), compile_kwargs={"literal_binds": True})
        async with sessionmaker.begin() as session:
            await session.execute(text("SET LOCAL enable_seqscan = off"))
            await session.execute(text("SET LOCAL enable_indexscan = off"))
            plan = "\n".join((await session.scalars(text(f"EXPLAIN {sql}"))).all())
        assert "Bitmap Index Scan on ix_product_search_trgm" in plan
