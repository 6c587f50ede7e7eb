"""A small HTTP helper shared by the example scripts: every call states the statuses it expects,
and anything else stops the script with the step, the request and the answer."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import httpx

Json = dict[str, Any]


class StepFailed(Exception):
    """A call answered something the script did not expect."""


class Api:
    def __init__(self, gateway: str, *, verbose: bool = True) -> None:
        self.http = httpx.Client(base_url=gateway.rstrip("/"), timeout=30)
        self.verbose = verbose

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def call(
        self,
        method: str,
        path: str,
        *,
        expect: tuple[int, ...] = (200,),
        token: str | None = None,
        body: Json | None = None,
        idempotent: bool = False,
        quiet: bool = False,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if idempotent:
            headers["Idempotency-Key"] = secrets.token_hex(16)
        try:
            response = self.http.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise StepFailed(f"{method} {path}: {exc!r} (is the platform running?)") from exc
        if response.status_code not in expect:
            raise StepFailed(
                f"{method} {path} answered {response.status_code}, expected "
                f"{' or '.join(map(str, expect))}: {response.text[:500]}"
            )
        if self.verbose and not quiet:
            print(f"  {method} {path} -> {response.status_code}")
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Json:
        body = self.call(method, path, **kwargs).json()
        if not isinstance(body, dict):
            raise StepFailed(f"{method} {path}: expected a JSON object, got {body!r}")
        return body

    def until(
        self,
        what: str,
        fetch: Callable[[], Json],
        ready: Callable[[Json], bool],
        *,
        timeout: float = 30,
    ) -> Json:
        """Polls ``fetch`` until ``ready`` holds (the saga and payments settle through events)."""
        deadline = time.monotonic() + timeout
        while True:
            body = fetch()
            if ready(body):
                return body
            if time.monotonic() > deadline:
                raise StepFailed(
                    f"{what}: not reached within {timeout:.0f} s; last: {json.dumps(body)}"
                )
            time.sleep(0.1)

    def login(self, username: str, password: str) -> Json:
        return self.json(
            "POST", "/api/auth/token", body={"username": username, "password": password}, quiet=True
        )

    def when_known(self, method: str, path: str, *, expect: tuple[int, ...], **kwargs: Any) -> Json:
        """A call naming a product: one created a moment ago may not have reached orders yet
        (it learns of products through events), so ``product_unavailable`` is asked again."""
        deadline = time.monotonic() + 30
        while True:
            response = self.call(method, path, expect=(*expect, 422), **kwargs)
            if response.status_code != 422:
                body: Json = response.json()
                return body
            if "product_unavailable" not in response.text or time.monotonic() > deadline:
                raise StepFailed(f"{method} {path} answered 422: {response.text[:500]}")
            time.sleep(0.1)

    def place_order(self, token: str, body: Json) -> Json:
        return self.when_known(
            "POST", "/api/orders", expect=(201,), token=token, body=body, idempotent=True
        )

    def order_in(self, token: str, order_id: str, *statuses: str) -> Json:
        return self.until(
            f"order {order_id} {' or '.join(statuses)}",
            lambda: self.json("GET", f"/api/orders/{order_id}", token=token, quiet=True),
            lambda order: order["status"] in statuses,
        )


def coins_for(amount: int) -> list[int]:
    """The wallet takes one coin of 5, 10, 20, 50 or 100 minor units per deposit."""
    coins: list[int] = []
    for coin in (100, 50, 20, 10, 5):
        while amount >= coin:
            coins.append(coin)
            amount -= coin
    if amount:
        raise ValueError("amounts paid from the wallet are multiples of 5")
    return coins
