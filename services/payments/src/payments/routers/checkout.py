"""Hosted checkout: the session API and the server-rendered payment page.

The page is public: the unguessable session id in its URL is the only capability it needs.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.money import format_amount
from payments.dependencies import (
    ConfirmationsDep,
    ProcessorDep,
    ProviderDep,
    SessionmakerDep,
    SettingsDep,
)
from payments.errors import OrderNotFound, OrderNotPayable, OrderPaymentInProgress
from payments.schemas import CheckoutSessionCreate, CheckoutSessionRead
from payments.service import checkout as service
from payments.service.checkout import CardForm, Page

router = APIRouter(tags=["checkout"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
templates.env.filters["money"] = format_amount

_HTML_PAGE: dict[str, Any] = {"content": {"text/html": {}}}
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _page_headers(page: Page) -> dict[str, str]:
    """The form may only post to us, and the redirect after it only reach the shop's own
    success/cancel pages (browsers apply ``form-action`` to the redirect too)."""
    targets = ["'self'"]
    if page.checkout is not None:
        for url in (page.checkout.success_url, page.checkout.cancel_url):
            parts = urlsplit(str(url))
            targets.append(f"{parts.scheme}://{parts.netloc}")
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"form-action {' '.join(dict.fromkeys(targets))}; frame-ancestors 'none'"
    )
    return {**_PAGE_HEADERS, "Content-Security-Policy": policy}


_MESSAGES = {
    "not_found": ("Checkout not found", "This payment link is not valid."),
    "expired": ("This checkout has expired", "Please go back to the shop and start again."),
    "paid": ("This order is already paid", "Thank you: this order has been paid."),
    "not_payable": ("This order cannot be paid", "The order is no longer awaiting payment."),
    "processing": ("Your payment is being processed", "This page refreshes until it is done."),
}


@router.post(
    "/checkout-sessions",
    status_code=201,
    response_model=CheckoutSessionRead,
    responses=error_responses(Unauthorized, OrderNotFound, OrderNotPayable, OrderPaymentInProgress),
)
async def create_checkout_session(
    body: CheckoutSessionCreate,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    confirmations: ConfirmationsDep,
) -> CheckoutSessionRead:
    """A hosted payment page for one of the caller's payable orders; open ``url`` in a browser."""
    if not await confirmations.wait(body.order_id):
        raise OrderNotPayable("The order cannot be paid: it is unknown here yet.")
    return await service.create_session(session, principal=user, data=body, settings=settings)


@router.get(
    "/checkout/{session_id}",
    response_class=HTMLResponse,
    responses={404: _HTML_PAGE, 409: _HTML_PAGE, 410: _HTML_PAGE},
)
async def checkout_page(
    session_id: str, request: Request, sessionmaker: SessionmakerDep, provider: ProviderDep
) -> Response:
    checkout_id = _session_id(session_id)
    if checkout_id is None:
        return _render(request, Page("not_found", 404))
    return _render(request, await service.show(sessionmaker, provider, checkout_id))


@router.post(
    "/checkout/{session_id}",
    response_class=HTMLResponse,
    responses={303: {"description": "Paid: on to success_url"}, 402: _HTML_PAGE, 422: _HTML_PAGE},
)
async def checkout_pay(
    session_id: str,
    request: Request,
    sessionmaker: SessionmakerDep,
    provider: ProviderDep,
    processor: ProcessorDep,
    settings: SettingsDep,
    number: Annotated[str, Form()] = "",
    exp_month: Annotated[str, Form()] = "",
    exp_year: Annotated[str, Form()] = "",
    cvc: Annotated[str, Form()] = "",
    holder_name: Annotated[str, Form()] = "",
) -> Response:
    """Pay the session's order with the card in the form; declines are shown on the page."""
    checkout_id = _session_id(session_id)
    if checkout_id is None:
        return _render(request, Page("not_found", 404))
    card = CardForm(number, exp_month, exp_year, cvc, holder_name)
    page = await service.pay(
        sessionmaker,
        provider,
        processor,
        session_id=checkout_id,
        card=card,
        wait_seconds=settings.checkout_wait_seconds,
    )
    return _render(request, page)


def _session_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _render(request: Request, page: Page) -> Response:
    if page.kind == "redirect" and page.redirect_to:
        return RedirectResponse(page.redirect_to, status_code=303, headers=_page_headers(page))
    context: dict[str, Any] = {"page": page, "checkout": page.checkout, "order": page.order}
    if page.kind == "form":
        template = "checkout.html"
    else:
        template = "message.html"
        context["title"], context["message"] = _MESSAGES[page.kind]
    return templates.TemplateResponse(
        request, template, context, status_code=page.status_code, headers=_page_headers(page)
    )
