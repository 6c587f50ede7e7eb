"""The acquirer's rules: tokenization, the charge state machine, refunds and test cards.

Functions take the session first and never commit: the request is the unit of work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from common.errors import ServiceError
from sandbox_provider import cards
from sandbox_provider.errors import (
    CaptureExceedsAuthorized,
    ChargeNotCapturable,
    ChargeNotFound,
    ChargeNotRefundable,
    ChargeNotVoidable,
    ProcessingError,
    ReferenceReused,
    RefundExceedsCaptured,
    UnknownToken,
)
from sandbox_provider.models import Card, Charge, Refund, new_id
from sandbox_provider.notifications import Notification, Notifier
from sandbox_provider.repository import CardFacts, repository
from sandbox_provider.schemas import ChargeCreate, RefundCreate, TokenCreate

log = structlog.get_logger("sandbox")

PROCESSING_ERROR_CARD = "4000000000000119"
DECLINING_CARDS = {
    "4000000000000002": ("card_declined", "The card was declined."),
    "4000000000009995": ("insufficient_funds", "The card has insufficient funds."),
    "4000000000000069": ("expired_card", "The card has expired."),
    "4000000000009979": ("stolen_card", "The card was reported stolen."),
    "4000000000000127": ("incorrect_cvc", "The card's security code is incorrect."),
}


async def tokenize(session: AsyncSession, *, data: TokenCreate, fingerprint_secret: str) -> Card:
    number = cards.normalize_number(data.number)
    brand = cards.detect_brand(number)
    exp_year = cards.validate_expiry(data.exp_month, data.exp_year)
    cards.validate_cvc(data.cvc, brand)
    card = Card(
        token=new_id("tok"),
        number=number,
        brand=brand,
        last4=number[-4:],
        exp_month=data.exp_month,
        exp_year=exp_year,
        fingerprint=cards.fingerprint(number, fingerprint_secret),
        holder_name=data.holder_name,
    )
    await repository.add_card(session, card)
    log.info("card_tokenized", token=card.token, brand=brand, last4=card.last4)
    return card


async def charge(
    session: AsyncSession, *, data: ChargeCreate, notifier: Notifier
) -> tuple[Charge, bool]:
    """The charge for ``data.reference``, made now or earlier; True when made now.

    One INSERT on the common path (the card's facts are cached); a repeated reference
    finds the existing charge through the unique constraint."""
    card = await repository.card_facts(session, data.token)
    if card is None:
        existing = await repository.charge_by_reference(session, data.reference)
        if existing is not None:
            return _same_charge_request(existing, data), False
        raise UnknownToken()
    status, failure_code, failure_message = _outcome(card, capture=data.capture)
    created = await repository.insert_charge(
        session,
        {
            "id": new_id("ch"),
            "reference": data.reference,
            "token": data.token,
            "amount": data.amount,
            "currency": data.currency,
            "capture": data.capture,
            "status": status,
            "captured_amount": data.amount if status == "captured" else 0,
            "refunded_amount": 0,
            "failure_code": failure_code,
            "failure_message": failure_message,
        },
    )
    if created is None:
        existing = await repository.charge_by_reference(session, data.reference)
        assert existing is not None  # made earlier, or by the concurrent call that won
        return _same_charge_request(existing, data), False
    log.info("charge_created", charge_id=created.id, status=status, last4=card.last4)
    notifier.after_commit(session, Notification.of(created))
    return created, True


async def charge_many(
    session: AsyncSession,
    *,
    items: Sequence[ChargeCreate],
    notifier: Notifier,
    refuse: Callable[[], bool],
) -> list[tuple[Charge, bool] | ServiceError]:
    """:meth:`charge` for each item, in order, with one INSERT for all the new ones (and
    one SELECT for repeated references). An item's refusal is its answer, never the
    batch's; ``refuse()`` says whether an item must fail with a processing error."""
    answers: list[tuple[Charge, bool] | ServiceError | None] = [None] * len(items)
    tokens = {data.token for data in items}
    cards = {token: await repository.card_facts(session, token) for token in tokens}
    rows: dict[int, dict[str, Any]] = {}
    for index, data in enumerate(items):
        card = cards[data.token]
        if refuse():
            answers[index] = ProcessingError()
        elif card is not None:
            try:
                rows[index] = _charge_row(data, _outcome(card, capture=data.capture))
            except ProcessingError as exc:
                answers[index] = exc
    created = await repository.insert_charges(session, list(rows.values()))
    others = [
        data.reference
        for index, data in enumerate(items)
        if answers[index] is None and data.reference not in created
    ]
    existing = await repository.charges_by_references(session, others)
    announced: set[str] = set()
    for index, data in enumerate(items):
        if answers[index] is not None:
            continue
        made = created.get(data.reference)
        if made is not None and index in rows and data.reference not in announced:
            announced.add(data.reference)
            notifier.after_commit(session, Notification.of(made))
            answers[index] = (made, True)
        else:  # made earlier, or by an item before this one with the same reference
            answers[index] = _existing(existing.get(data.reference) or made, data)
    log.info("charges_created", count=len(announced))
    return [answer for answer in answers if answer is not None]


async def capture(
    session: AsyncSession, *, charge_id: str, amount: int | None, notifier: Notifier
) -> Charge:
    charge = await _locked_charge(session, charge_id)
    amount = charge.amount if amount is None else amount
    if charge.status in ("captured", "refunded") and charge.captured_amount == amount:
        return charge  # a repeated capture: already in the asked state
    if charge.status != "authorized":
        raise ChargeNotCapturable(f"The charge is {charge.status}; it cannot be captured.")
    if amount > charge.amount:
        raise CaptureExceedsAuthorized(
            f"Capturing {amount} exceeds the {charge.amount} authorized."
        )
    charge.status = "captured"
    charge.captured_amount = amount
    notifier.after_commit(session, Notification.of(charge))
    return charge


async def void(session: AsyncSession, *, charge_id: str, notifier: Notifier) -> Charge:
    charge = await _locked_charge(session, charge_id)
    if charge.status == "voided":
        return charge
    if charge.status != "authorized":
        raise ChargeNotVoidable(f"The charge is {charge.status}; it cannot be voided.")
    charge.status = "voided"
    notifier.after_commit(session, Notification.of(charge))
    return charge


async def refund(
    session: AsyncSession, *, data: RefundCreate, notifier: Notifier
) -> tuple[Refund, Charge, bool]:
    """The refund for ``data.reference``, made now or earlier; True when made now.

    The charge's row lock serialises refunds of one charge, so their sum never exceeds
    what was captured."""
    charge = await _locked_charge(session, data.charge_id)
    existing = await repository.refund_by_reference(session, data.reference)
    if existing is not None:
        return _same_refund_request(existing, data), charge, False
    if charge.status not in ("captured", "refunded"):
        raise ChargeNotRefundable(f"The charge is {charge.status}; it cannot be refunded.")
    left = charge.captured_amount - charge.refunded_amount
    if data.amount > left:
        raise RefundExceedsCaptured(f"Only {left} of the captured amount is left to refund.")
    values = {"id": new_id("re"), "reference": data.reference, "charge_id": charge.id}
    if not await repository.insert_refund(session, {**values, "amount": data.amount}):
        # The same reference was used concurrently for another charge.
        existing = await repository.refund_by_reference(session, data.reference)
        assert existing is not None
        return _same_refund_request(existing, data), charge, False
    charge.refunded_amount += data.amount
    if charge.refunded_amount == charge.captured_amount:
        charge.status = "refunded"
    refund = await repository.refund_by_reference(session, data.reference)
    assert refund is not None
    notifier.after_commit(session, Notification.of(charge))
    return refund, charge, True


async def get_charge(session: AsyncSession, *, charge_id: str) -> Charge:
    charge = await repository.get_charge(session, charge_id)
    if charge is None:
        raise ChargeNotFound()
    return charge


async def charge_by_reference(session: AsyncSession, *, reference: str) -> Charge:
    charge = await repository.charge_by_reference(session, reference)
    if charge is None:
        raise ChargeNotFound("No charge was made with this reference.")
    return charge


def _charge_row(data: ChargeCreate, outcome: tuple[str, str | None, str | None]) -> dict[str, Any]:
    status, failure_code, failure_message = outcome
    return {
        "id": new_id("ch"),
        "reference": data.reference,
        "token": data.token,
        "amount": data.amount,
        "currency": data.currency,
        "capture": data.capture,
        "status": status,
        "captured_amount": data.amount if status == "captured" else 0,
        "refunded_amount": 0,
        "failure_code": failure_code,
        "failure_message": failure_message,
    }


def _existing(charge: Charge | None, data: ChargeCreate) -> tuple[Charge, bool] | ServiceError:
    """The answer for an item that made no charge now: the one made earlier with its
    reference, or why there is none."""
    if charge is None:
        return UnknownToken()
    try:
        return _same_charge_request(charge, data), False
    except ReferenceReused as exc:
        return exc


def _outcome(card: CardFacts, *, capture: bool) -> tuple[str, str | None, str | None]:
    if card.number == PROCESSING_ERROR_CARD:
        raise ProcessingError()
    if card.number in DECLINING_CARDS:
        return "declined", *DECLINING_CARDS[card.number]
    if cards.is_expired(card.exp_month, card.exp_year):
        return "declined", "expired_card", "The card has expired."
    return ("captured" if capture else "authorized"), None, None


async def _locked_charge(session: AsyncSession, charge_id: str) -> Charge:
    charge = await repository.get_charge(session, charge_id, for_update=True)
    if charge is None:
        raise ChargeNotFound()
    return charge


def _same_charge_request(charge: Charge, data: ChargeCreate) -> Charge:
    asked = (data.token, data.amount, data.currency, data.capture)
    if (charge.token, charge.amount, charge.currency, charge.capture) != asked:
        raise ReferenceReused()
    return charge


def _same_refund_request(refund: Refund, data: RefundCreate) -> Refund:
    if (refund.charge_id, refund.amount) != (data.charge_id, data.amount):
        raise ReferenceReused()
    return refund
