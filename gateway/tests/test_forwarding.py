"""Streaming both ways, body caps, timeouts, dead services, and many requests at once."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid

import pytest


class TestUpstreamFailures:
    async def test_service_down_is_503_naming_it(self, client, auth_headers):
        response = await client.get("/api/billing/subscriptions", headers=auth_headers)
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "The billing service is unavailable."
        assert response.json()["code"] == "service_unavailable"
        assert "x-request-id" in response.headers

    async def test_slow_service_is_504(self, client, auth_headers):
        started = time.monotonic()
        response = await client.get("/api/orders/slow?seconds=2", headers=auth_headers)
        assert response.status_code == 504
        assert response.json()["code"] == "gateway_timeout"
        assert "orders" in response.json()["detail"]
        assert time.monotonic() - started < 1.5  # read timeout is 0.5 s in these tests

    async def test_answer_within_the_timeout_passes(self, client, auth_headers):
        response = await client.get("/api/orders/slow?seconds=0.1", headers=auth_headers)
        assert response.json() == {"status": "late"}


class TestBodyLimit:
    async def test_declared_length_over_the_cap_is_413_before_the_service(
        self, client, auth_headers, auth_upstream
    ):
        rid = uuid.uuid4().hex
        response = await client.post(
            "/api/orders/upload",
            content=b"x" * 100_001,
            headers={**auth_headers, "X-Request-ID": rid},
        )
        assert response.status_code == 413
        assert response.json()["code"] == "content_too_large"
        assert auth_upstream.saw(rid) == []

    async def test_body_at_the_cap_passes(self, client, auth_headers):
        response = await client.post(
            "/api/orders/upload", content=b"x" * 100_000, headers=auth_headers
        )
        assert response.json()["body_size"] == 100_000

    @pytest.mark.parametrize("chunk_size", [150_000, 10_000])
    async def test_chunked_body_over_the_cap_is_413(self, client, auth_headers, chunk_size):
        async def body():
            for _ in range(150_000 // chunk_size):
                yield b"x" * chunk_size
                await asyncio.sleep(0.01)  # separate ASGI messages: the streamed path

        response = await client.post("/api/orders/upload", content=body(), headers=auth_headers)
        assert response.status_code == 413
        assert response.json()["code"] == "content_too_large"


class TestStreaming:
    async def test_chunked_upload_is_streamed_through(self, client, auth_headers):
        chunks = [bytes([i]) * 9_000 for i in range(10)]

        async def body():
            for chunk in chunks:
                yield chunk
                await asyncio.sleep(0.005)

        response = await client.post("/api/orders/upload", content=body(), headers=auth_headers)
        assert response.status_code == 200
        assert response.json()["body_size"] == 90_000
        assert response.json()["body_sha256"] == hashlib.sha256(b"".join(chunks)).hexdigest()

    async def test_large_response_arrives_intact(self, client, auth_headers):
        chunks, size = 256, 64 * 1024  # 16 MiB
        digest, received = hashlib.sha256(), 0
        async with client.stream(
            "GET", f"/api/orders/stream?chunks={chunks}&size={size}", headers=auth_headers
        ) as response:
            async for piece in response.aiter_raw():
                digest.update(piece)
                received += len(piece)
        expected = b"".join(bytes([i % 256]) * size for i in range(chunks))
        assert received == len(expected)
        assert digest.hexdigest() == hashlib.sha256(expected).hexdigest()

    async def test_response_is_not_buffered(self, client, auth_headers):
        started = time.monotonic()
        async with client.stream(
            "GET", "/api/orders/stream?chunks=2&size=10&pause=0.4", headers=auth_headers
        ) as response:
            pieces = response.aiter_raw()
            first = await anext(pieces)
            first_at = time.monotonic() - started
            rest = b"".join([piece async for piece in pieces])
        assert first == b"\x00" * 10
        assert rest == b"\x01" * 10
        assert first_at < 0.3  # the second chunk only exists 0.4 s later


class TestConcurrency:
    async def test_200_concurrent_requests_are_each_proxied_correctly(
        self, start_gateway, token_factory
    ):
        callers = [token_factory.headers() for _ in range(4)]
        # What is tested is that each answer reaches its own caller intact, not speed: a
        # timeout generous enough for a loaded machine (the module's gateway has 0.5 s).
        async with start_gateway(read_timeout_seconds=30.0) as client:
            await self._proxy_concurrently(client, callers)

    async def _proxy_concurrently(self, client, callers):

        async def call(index: int):
            headers = {**callers[index % 4], "X-Request-ID": f"c-{index}"}
            return index, await client.post(
                f"/api/orders/items/{index}?n={index}", content=str(index).encode(), headers=headers
            )

        results = await asyncio.gather(*(call(i) for i in range(200)))
        for index, response in results:
            assert response.status_code == 200
            body = response.json()
            assert body["path"] == f"/items/{index}"
            assert body["query"] == f"n={index}"
            assert body["body_size"] == len(str(index))
            assert body["headers"]["x-request-id"] == f"c-{index}"
            assert response.headers["x-request-id"] == f"c-{index}"
