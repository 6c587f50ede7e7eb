"""The lean charge path: one INSERT for a new charge, card facts cached per token, and the
answers for known references unchanged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

TokenMaker = Callable[..., Awaitable[dict[str, Any]]]


def charge_body(token: str, reference: str, **changes: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "token": token,
        "amount": 1999,
        "currency": "EUR",
        "capture": True,
        **changes,
    }


@pytest.fixture
def statements(app: Any) -> Iterator[list[str]]:
    """The SQL statements the app sends (BEGIN and COMMIT are not statements here)."""
    engine: AsyncEngine = app.state.engine
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]).split()[0].upper())

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_a_new_charge_on_a_known_card_is_one_insert(
    api: httpx.AsyncClient, make_token: TokenMaker, statements: list[str]
) -> None:
    token = (await make_token())["token"]
    first = await api.post("/v1/charges", json=charge_body(token, "lean-1"))
    assert first.status_code == 201
    statements.clear()
    second = await api.post("/v1/charges", json=charge_body(token, "lean-2"))
    assert second.status_code == 201
    assert second.json()["status"] == "captured"
    assert statements == ["INSERT"]


async def test_a_known_reference_with_an_unknown_token_is_409_reference_reused(
    api: httpx.AsyncClient, make_token: TokenMaker
) -> None:
    token = (await make_token())["token"]
    await api.post("/v1/charges", json=charge_body(token, "known"))
    response = await api.post("/v1/charges", json=charge_body("tok_missing", "known"))
    assert response.status_code == 409
    assert response.json()["code"] == "reference_reused"
