"""Hosted checkout: the session API and the server-rendered payment page.

The page is public: the unguessable session id in its URL is the only capability it needs.
Its card form only accepts posts from the page itself (``Origin``, or ``Referer`` when a
browser sends no Origin), so another site cannot submit cards through a customer's browser.
"""

from __future__ import annotations

import secrets
import uuid
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, Unprocessable, error_responses
from payments.dependencies import (
    CheckoutLimiterDep,
    ConfirmationsDep,
    ProcessorDep,
    ProviderDep,
    SessionmakerDep,
    SettingsDep,
)
from payments.errors import (
    CheckoutSessionNotFound,
    OrderNotFound,
    OrderNotPayable,
    OrderPaymentInProgress,
)
from payments.money_format import format_money, negotiate_locale
from payments.schemas import CheckoutSessionCreate, CheckoutSessionRead
from payments.service import checkout as service
from payments.service.card_form import CardForm
from payments.service.checkout import Page
from payments.settings import Settings

router = APIRouter(tags=["checkout"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")

_HTML_PAGE: dict[str, Any] = {"content": {"text/html": {}}}
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    # Not "no-referrer": with it browsers send "Origin: null" on the form's own post.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _page_headers(page: Page, nonce: str) -> dict[str, str]:
    """The form may only post to us, and the redirect after it only reach the shop's own
    success/cancel pages (browsers apply ``form-action`` to the redirect too). The page's own
    style and script carry a per-response nonce; nothing else runs or loads."""
    targets = ["'self'"]
    if page.checkout is not None:
        for url in (page.checkout.success_url, page.checkout.cancel_url):
            parts = urlsplit(str(url))
            targets.append(f"{parts.scheme}://{parts.netloc}")
    policy = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        f"form-action {' '.join(dict.fromkeys(targets))}; frame-ancestors 'none'; "
        "base-uri 'none'"
    )
    headers = {**_PAGE_HEADERS, "Content-Security-Policy": policy}
    if page.retry_after is not None:
        headers["Retry-After"] = str(page.retry_after)
    return headers


_MESSAGES = {
    "not_found": ("Checkout not found", "This payment link is not valid."),
    "expired": ("This checkout has expired", "Please go back to the shop and start again."),
    "paid": ("This order is already paid", "Thank you: this order has been paid."),
    "not_payable": ("This order cannot be paid", "The order is no longer awaiting payment."),
    "processing": ("Your payment is being processed", "This page refreshes until it is done."),
    "too_many_attempts": ("Too many attempts", ""),
    "bad_origin": (
        "This payment was not sent from the checkout page",
        "Nothing was charged. Open the payment link again and pay from that page.",
    ),
}


@router.post(
    "/checkout-sessions",
    status_code=201,
    response_model=CheckoutSessionRead,
    responses=error_responses(
        Unauthorized, OrderNotFound, OrderNotPayable, OrderPaymentInProgress, Unprocessable
    ),
)
async def create_checkout_session(
    body: CheckoutSessionCreate,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    confirmations: ConfirmationsDep,
) -> CheckoutSessionRead:
    """A hosted payment page for one of the caller's payable orders; open ``url`` in a browser.
    Any signed-in user, for an own order awaiting payment (others 404). ``success_url`` and
    ``cancel_url`` must be https (http only for localhost outside production) and carry no user
    name or password (422). Each call opens a new session; sessions expire after 30 minutes."""
    if not await confirmations.wait(body.order_id):
        raise OrderNotPayable("The order cannot be paid: it is unknown here yet.")
    return await service.create_session(session, principal=user, data=body, settings=settings)


@router.get(
    "/checkout-sessions/{session_id}",
    response_model=CheckoutSessionRead,
    responses=error_responses(Unauthorized, CheckoutSessionNotFound, Unprocessable),
)
async def read_checkout_session(
    session_id: uuid.UUID, session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> CheckoutSessionRead:
    """How the shop confirms a payment after the redirect (never trust the redirect alone):
    ``status`` is ``complete`` once paid. Its creator and admins only; others get 404."""
    return await service.read_session(
        session, principal=user, session_id=session_id, settings=settings
    )


@router.get(
    "/checkout/{session_id}",
    response_class=HTMLResponse,
    responses={404: _HTML_PAGE, 409: _HTML_PAGE, 410: _HTML_PAGE},
)
async def checkout_page(
    session_id: str,
    request: Request,
    sessionmaker: SessionmakerDep,
    provider: ProviderDep,
    settings: SettingsDep,
) -> Response:
    """The hosted payment page (HTML) for a checkout session: the order summary and a card form.
    Anyone with the link (the session id is the capability). Read-only.
    """
    checkout_id = _session_id(session_id)
    if checkout_id is None:
        return _render(request, settings, Page("not_found", 404))
    return _render(request, settings, await service.show(sessionmaker, provider, checkout_id))


@router.post(
    "/checkout/{session_id}",
    response_class=HTMLResponse,
    responses={
        303: {"description": "Paid: on to success_url"},
        **dict.fromkeys((402, 403, 404, 409, 410, 422, 429), _HTML_PAGE),
    },
)
async def checkout_pay(
    session_id: str,
    request: Request,
    sessionmaker: SessionmakerDep,
    provider: ProviderDep,
    processor: ProcessorDep,
    limiter: CheckoutLimiterDep,
    settings: SettingsDep,
    number: Annotated[str, Form(examples=["4242 4242 4242 4242"])] = "",
    exp: Annotated[str, Form(examples=["12 / 30"])] = "",
    exp_month: Annotated[str, Form(examples=["12"])] = "",
    exp_year: Annotated[str, Form(examples=["2030"])] = "",
    cvc: Annotated[str, Form(examples=["123"])] = "",
    holder_name: Annotated[str, Form(examples=["Ada Lovelace"])] = "",
) -> Response:
    """Pay the session's order with the card in the form; declines are shown on the page.
    Anyone with the link (the page's form posts here). A session is paid once."""
    checkout_id = _session_id(session_id)
    if checkout_id is None:
        return _render(request, settings, Page("not_found", 404))
    if not _same_origin(request, settings):
        return _render(request, settings, Page("bad_origin", 403))
    card = CardForm.from_fields(
        number=number,
        exp=exp,
        exp_month=exp_month,
        exp_year=exp_year,
        cvc=cvc,
        holder_name=holder_name,
    )
    page = await service.pay(
        sessionmaker,
        provider,
        processor,
        limiter,
        session_id=checkout_id,
        card=card,
        client_ip=_client_ip(request),
        wait_seconds=settings.checkout_wait_seconds,
    )
    return _render(request, settings, page)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _same_origin(request: Request, settings: Settings) -> bool:
    """Whether the post comes from a page of ours: its Origin (or, failing that, its Referer)
    is the public address, or the address the browser used (the gateway passes it on)."""
    sent = request.headers.get("origin") or _origin(request.headers.get("referer", ""))
    if not sent or sent == "null":
        return False
    allowed = {_origin(settings.public_base_url)}
    host = request.headers.get("x-forwarded-host") or request.headers.get("host")
    if host:
        scheme = request.headers.get("x-forwarded-proto") or request.url.scheme
        allowed.add(f"{scheme}://{host}".lower())
    return sent.lower() in allowed


def _client_ip(request: Request) -> str:
    """The gateway's X-Forwarded-For (it replaces whatever the client sent), else the peer."""
    first = request.headers.get("x-forwarded-for", "").split(",", 1)[0].strip()
    if first:
        return first
    return request.client.host if request.client else "unknown"


def _session_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _render(request: Request, settings: Settings, page: Page) -> Response:
    nonce = secrets.token_urlsafe(16)
    if page.kind == "redirect" and page.redirect_to:
        return RedirectResponse(
            page.redirect_to, status_code=303, headers=_page_headers(page, nonce)
        )
    locale = negotiate_locale(request.headers.get("accept-language"))

    def money(amount: int, currency: str) -> str:
        return format_money(amount, currency, locale)

    context: dict[str, Any] = {
        "page": page,
        "checkout": page.checkout,
        "order": page.order,
        "money": money,
        "nonce": nonce,
        "lang": locale.split("_", 1)[0],
        "shop_name": settings.checkout_shop_name,
        "test_mode": settings.provider_name == "sandbox",
    }
    if page.kind == "form":
        template = "checkout.html"
    else:
        template = "message.html"
        context["title"], context["message"] = _MESSAGES[page.kind]
        if page.kind == "too_many_attempts":
            context["message"] = page.error
    return templates.TemplateResponse(
        request,
        template,
        context,
        status_code=page.status_code,
        headers=_page_headers(page, nonce),
    )
