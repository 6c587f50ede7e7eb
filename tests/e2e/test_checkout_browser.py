"""The hosted checkout page in a real browser (Debian's Chromium driven by Playwright):
order -> checkout session -> a decline shown on the page -> pay -> redirect -> order paid."""

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

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
        assert "$51.98" in await page.content()

        await _fill_card(page, "4000000000000002")
        await page.get_by_role("button", name="Pay").click()
        await page.wait_for_load_state()
        assert "Your card was declined." in await page.get_by_role("alert").inner_text()
        assert await page.get_by_label("Expiry date").input_value() == "12 / 35"
        assert await page.get_by_label("Name on card").input_value() == "Ada Lovelace"
        assert await page.get_by_label("Card number").input_value() == ""

        await _fill_card(page, "4242424242424242")
        await page.get_by_role("button", name="Pay").click()
        await page.wait_for_url(f"{merchant_site}/thanks*", timeout=20_000)
        paid = await shop.order_in(buyer, order["id"], "paid")
        assert paid["paid_amount"] == 5198

        await page.goto(session.json()["url"])
        assert "paid" in (await page.content()).lower()


async def _fill_card(page, number: str) -> None:
    await page.get_by_label("Card number").fill(number)
    await page.get_by_label("Expiry date").fill("1235")
    await page.get_by_label("Security code").fill("123")
    await page.get_by_label("Name on card").fill("Ada Lovelace")


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


async def _checkout_url(gateway, merchant_site: str) -> str:
    shop = Shopper(gateway)
    seller = await shop.user("seller")
    buyer = await shop.user()
    product = await shop.product(seller, stock=4, price=7099)
    order = await shop.order(buyer, product["id"], 1)
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
    return str(session.json()["url"])


async def _box(page, selector: str) -> dict[str, float]:
    box = await page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not visible"
    return box


async def _no_horizontal_scroll(page) -> None:
    widths = await page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], f"horizontal scroll: {widths}"


class TestCheckoutLayout:
    """Layout facts at phone and desktop widths, with a screenshot of each state kept in
    var/e2e/screenshots for a human to look at."""

    @pytest.mark.parametrize("width", list(WIDTHS))
    async def test_the_form_is_aligned_and_fits(self, gateway, browser, merchant_site, width):
        url = await _checkout_url(gateway, merchant_site)
        w, h = WIDTHS[width]
        page = await browser.new_page(viewport={"width": w, "height": h}, locale="en-US")
        await page.goto(url)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=SCREENSHOTS / f"checkout-{w}.png", full_page=True)

        await _no_horizontal_scroll(page)
        assert await page.locator(".shop").inner_text() == "Shop"
        assert (await page.locator(".badge").inner_text()).lower() == "test mode"
        assert "$70.99" in await page.locator("#total").inner_text()
        exp, cvc, number = (
            await _box(page, "#exp"),
            await _box(page, "#cvc"),
            await _box(page, "#number"),
        )
        assert abs(exp["y"] - cvc["y"]) < 1
        assert abs(exp["height"] - cvc["height"]) < 1
        assert abs(exp["height"] - number["height"]) < 1
        assert abs(exp["x"] - number["x"]) < 1  # the left edges line up
        assert abs((cvc["x"] + cvc["width"]) - (number["x"] + number["width"])) < 1
        for label in ("exp", "cvc"):  # one line each: no wrapping at 390 px
            height = await page.evaluate(
                f"document.querySelector('label[for={label}]').getBoundingClientRect().height"
            )
            assert height < 30, f"the {label} label wraps ({height}px)"
        pay = await _box(page, "#pay")
        assert pay["height"] < 60, "the Pay button wraps"
        colour = await page.evaluate(
            "getComputedStyle(document.getElementById('pay')).backgroundColor"
        )
        assert colour not in ("rgb(239, 239, 239)", "rgb(240, 240, 240)")  # not the default

        await page.get_by_label("Card number").press_sequentially("4242424242424242")
        assert await page.get_by_label("Card number").input_value() == "4242 4242 4242 4242"
        assert await page.locator("#brand").text_content() == "Visa"
        await page.get_by_label("Expiry date").press_sequentially("1235")
        assert await page.get_by_label("Expiry date").input_value() == "12 / 35"

    @pytest.mark.parametrize("width", list(WIDTHS))
    async def test_errors_sit_under_their_fields(self, gateway, browser, merchant_site, width):
        url = await _checkout_url(gateway, merchant_site)
        w, h = WIDTHS[width]
        page = await browser.new_page(viewport={"width": w, "height": h})
        await page.goto(url)
        await page.get_by_label("Card number").fill("4242 4242 4242 4241")
        await page.get_by_label("Expiry date").fill("1235")
        await page.get_by_label("Security code").fill("1")
        await page.get_by_role("button", name="Pay").click()
        await page.wait_for_load_state()
        await page.screenshot(path=SCREENSHOTS / f"checkout-{w}-errors.png", full_page=True)

        await _no_horizontal_scroll(page)
        assert "check the highlighted fields" in await page.get_by_role("alert").inner_text()
        for field, text in (
            ("number", "Your card number is invalid."),
            ("cvc", "Your card's security code is incomplete."),
        ):
            field_box = await _box(page, f"#{field}")
            error_box = await _box(page, f"#{field}-error")
            assert await page.locator(f"#{field}-error").inner_text() == text
            assert (
                await page.get_by_label(
                    {"number": "Card number", "cvc": "Security code"}[field]
                ).get_attribute("aria-describedby")
                == f"{field}-error"
            )
            below = error_box["y"] - (field_box["y"] + field_box["height"])
            assert 0 <= below < 16, f"the {field} error is {below}px from its field"
            assert abs(error_box["x"] - field_box["x"]) < 1
        assert await page.evaluate("document.activeElement.id") == "number"
        exp, cvc = await _box(page, "#exp"), await _box(page, "#cvc")
        assert abs(exp["y"] - cvc["y"]) < 1  # an error under one does not move the other

    async def test_the_button_shows_processing_once_submitted(
        self, gateway, browser, merchant_site
    ):
        url = await _checkout_url(gateway, merchant_site)
        page = await browser.new_page(viewport={"width": 390, "height": 844})
        await page.goto(url)
        await _fill_card(page, "4242424242424242")
        # Registered after the page's own handler, so it runs after it: it keeps the browser on
        # the page (no navigation) to read the state the page's handler left.
        await page.evaluate(
            "document.getElementById('card-form')"
            ".addEventListener('submit', (event) => event.preventDefault())"
        )
        await page.get_by_role("button", name="Pay").click()
        pay = page.locator("#pay")
        assert await pay.inner_text() == "Processing\u2026"
        assert await pay.is_disabled()
        assert await pay.get_attribute("aria-busy") == "true"
        await page.screenshot(path=SCREENSHOTS / "checkout-390-processing.png")
