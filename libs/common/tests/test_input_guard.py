"""Hostile input is a 4xx problem+json in every service, never a 500 (issue 8, item 8):
common.input_guard in front of every route, common.errors behind it."""

import base64
import uuid

import pytest
from sampleapp.app import Credit
from sqlalchemy import func, select

PROBLEM = "application/problem+json"
DEEP = b'{"note": ' + b"[" * 5000 + b"]" * 5000 + b"}"


def _raw(text: str) -> bytes:
    return text.encode()


HOSTILE_BODIES = [
    pytest.param(_raw('{"amount": 5, "note": "a\\u0000b"}'), 422, "invalid_text", id="nul-escape"),
    pytest.param(_raw('{"amount": 5, "note": "a\\ud800b"}'), 422, "invalid_text", id="lone-high"),
    pytest.param(_raw('{"amount": 5, "note": "\\udc00"}'), 422, "invalid_text", id="lone-low"),
    pytest.param(_raw('{"amount": 5, "\\u0000": 1}'), 422, "invalid_text", id="nul-in-key"),
    pytest.param(b'{"amount": 5, "note": "a\x00b"}', 422, "invalid_text", id="raw-nul"),
    pytest.param(
        _raw('{"amount": 99999999999999999999, "note": ""}'),
        422,
        "integer_out_of_range",
        id="int-beyond-64-bits",
    ),
    pytest.param(DEEP, 400, "malformed_request", id="deeply-nested"),
    pytest.param(
        _raw('{"amount": 5, "note": ' + "[" * 70 + "]" * 70 + "}"),
        400,
        "malformed_request",
        id="nested-past-64",
    ),
]


@pytest.mark.parametrize(("body", "status", "code"), HOSTILE_BODIES)
async def test_hostile_json_body_is_a_problem_and_stores_nothing(
    client, tokens, sessionmaker, body, status, code
):
    user = uuid.uuid4()
    headers = {**tokens.headers(user), "content-type": "application/json"}
    response = await client.post("/credits", content=body, headers=headers)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.headers["content-type"] == PROBLEM
    assert "x-request-id" in response.headers
    async with sessionmaker() as session:
        stored = await session.scalar(
            select(func.count()).select_from(Credit).where(Credit.user_id == user)
        )
    assert stored == 0


async def test_hostile_body_with_an_idempotency_key_on_a_route_without_a_body(client, tokens):
    headers = {**tokens.headers(), "content-type": "application/json", "Idempotency-Key": "k1"}
    response = await client.get("/credits", headers=headers)  # bodyless route
    assert response.status_code == 200
    response = await client.request("GET", "/credits", content=DEEP, headers=headers)
    assert (response.status_code, response.headers["content-type"]) == (400, PROBLEM)


async def test_fine_text_passes(client, tokens):
    body = _raw('{"amount": 5, "note": "caf\\u00e9 \\ud83d\\ude00 \\\\u0000 \\\\ud800"}')
    response = await client.post(
        "/credits", content=body, headers={**tokens.headers(), "content-type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["note"] == "café 😀 \\u0000 \\ud800"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("limit=5%00", "invalid_text"),
        ("cursor=%00", "invalid_text"),
        ("x=%ED%A0%80", "invalid_text"),  # a surrogate encoded as if it were UTF-8
        ("x=%FF", "invalid_text"),
        ("%00=1", "invalid_text"),
        ("limit=99999999999999999999", "integer_out_of_range"),
        ("limit=-99999999999999999999", "integer_out_of_range"),
    ],
)
async def test_hostile_query_is_422(client, tokens, query, code):
    response = await client.get(f"/credits?{query}", headers=tokens.headers())
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00", "x"],
)
async def test_cursor_with_an_out_of_range_date_is_422(client, tokens, moment):
    cursor = base64.urlsafe_b64encode(f"{moment}|{uuid.uuid4()}".encode()).decode().rstrip("=")
    response = await client.get(f"/credits?cursor={cursor}", headers=tokens.headers())
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


async def test_hostile_form_body_is_422(client, tokens):
    response = await client.post(
        "/credits",
        content=b"amount=5&note=a%00b",
        headers={**tokens.headers(), "content-type": "application/x-www-form-urlencoded"},
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_text")
