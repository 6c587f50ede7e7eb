"""The hosted checkout page in a real browser (Debian's Chromium driven by Playwright):
order -> checkout session -> a decline shown on the page -> pay -> redirect -> order paid."""

import os
import shutil
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from common.testing import free_port
from tests.e2e.shop import Shopper

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FOUND = os.path.exists(CHROMIUM)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def merchant_site() -> AsyncIterator[str]:
    """The shop's own pages that checkout redirects back to."""

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=f"<h1>{request.path.strip('/')}</h1>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/{name}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    if not CHROMIUM_FOUND:
        pytest.fail("Chromium is missing: run `make browser`")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        await chromium.close()


class TestHostedCheckout:
    async def test_order_paid_through_the_checkout_page(self, gateway, browser, merchant_site):
        shop = Shopper(gateway)
        seller = await shop.user("seller")
        buyer = await shop.user()
        product = await shop.product(seller, stock=4, price=2599)
        order = await shop.order(buyer, product["id"], 2)
        await shop.order_in(buyer, order["id"], "awaiting_payment")

        session = await gateway.post(
            "/api/payments/checkout-sessions",
            headers=buyer,
            json={
                "order_id": order["id"],
                "success_url": f"{merchant_site}/thanks",
                "cancel_url": f"{merchant_site}/basket",
            },
        )
        assert session.status_code == 201, session.text
        page = await browser.new_page()
        await page.goto(session.json()["url"])
        assert "51.98" in await page.content()

        await _fill_card(page, "4000000000000002")
        await page.get_by_role("button", name="Pay").click()
        await page.wait_for_load_state()
        assert "declined" in (await page.content()).lower()

        await _fill_card(page, "4242424242424242")
        await page.get_by_role("button", name="Pay").click()
        await page.wait_for_url(f"{merchant_site}/thanks*", timeout=20_000)
        paid = await shop.order_in(buyer, order["id"], "paid")
        assert paid["paid_amount"] == 5198

        await page.goto(session.json()["url"])
        assert "paid" in (await page.content()).lower()


async def _fill_card(page, number: str) -> None:
    await page.get_by_label("Card number").fill(number)
    await page.get_by_label("Expiry month").fill("12")
    await page.get_by_label("Expiry year").fill("2035")
    await page.get_by_label("Security code").fill("123")
    await page.get_by_label("Name on card").fill("Ada Lovelace")
