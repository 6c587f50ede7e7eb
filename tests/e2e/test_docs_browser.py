"""The docs UIs in a real browser (Debian's Chromium driven by Playwright), as on a machine
without internet: every request leaving the gateway's origin is refused, and the pages must
still render the merged document with no Content-Security-Policy violation."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.e2e.test_checkout_browser import CHROMIUM, CHROMIUM_FLAGS, CHROMIUM_FOUND

pytestmark = pytest.mark.e2e


@pytest.fixture
async def page(platform) -> AsyncIterator[Any]:
    """A page that may reach only the gateway; it records refused requests and console errors."""
    from playwright.async_api import async_playwright

    if not CHROMIUM_FOUND:
        pytest.fail("Chromium is missing: run `make browser`")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        context = await browser.new_context()
        page = await context.new_page()
        page.refused = []
        page.errors = []

        async def offline(route: Any) -> None:
            if route.request.url.startswith(platform.gateway_url):
                await route.continue_()
            else:
                page.refused.append(route.request.url)
                await route.abort()

        await context.route("**/*", offline)
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        yield page
        await browser.close()


class TestDocsOffline:
    async def test_swagger_ui_renders_the_merged_document(self, page, platform):
        await page.goto(f"{platform.gateway_url}/docs")
        title = page.locator(".swagger-ui .info .title")
        await title.wait_for(timeout=30_000)
        assert "Shop platform API" in await title.inner_text()
        await page.locator(".opblock-tag-section").first.wait_for(timeout=30_000)
        assert await page.locator(".opblock").count() > 40
        assert page.refused == []
        assert _blocked(page.errors) == []

    async def test_redoc_renders_the_merged_document(self, page, platform):
        await page.goto(f"{platform.gateway_url}/redoc")
        heading = page.locator("h1", has_text="Shop platform API")
        await heading.wait_for(timeout=30_000)
        assert await page.get_by_text("Idempotency", exact=True).count() >= 1
        assert page.refused == []
        assert _blocked(page.errors) == []


def _blocked(errors: list[str]) -> list[str]:
    """CSP refusals of anything the page needs. ReDoc's "API docs by Redocly" footer logo is a
    remote image: the policy blocks it (as it should offline) and nothing else depends on it."""
    return [e for e in errors if "Content Security Policy" in e and "img-src" not in e]
