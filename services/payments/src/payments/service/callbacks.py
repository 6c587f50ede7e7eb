"""Server-to-server notifications from the provider.

A notification is a hint that something changed, and it is never applied from its body:
a payment still ``processing`` is settled only from a status re-check with the provider
(through settlement, the single owner).

The worker settles a card payment from the provider's synchronous answer, so almost every
notice confirms a payment already settled (its signed status, when it carries one, is what we
settled) or one whose first attempt is still in flight (the provider notifies as soon as it
commits, before its answer reaches the worker; that answer settles it, and if it never comes
the lease runs out and the worker's next attempt starts with a status re-check). A delivery of
any number of notices costs one SELECT on a plain connection for those. Only a payment waiting
for a retry (or whose lease ran out) is re-checked with the provider, in a session of its own.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from common.db import utcnow
from payments.errors import InvalidCallbackSignature, MalformedCallback, ProviderUnavailable
from payments.provider.base import CallbackNotice, PaymentProvider, ProviderError
from payments.repository import callback_states
from payments.repository import payments as payments_repo
from payments.repository.callback_states import PaymentState
from payments.schemas import CallbackReceived
from payments.service import settlement

log = structlog.get_logger("payments.callbacks")

# The payment status each charge status settles to (settlement._STATUS_FOR).
_SETTLED_AS = {
    "captured": "succeeded",
    "refunded": "succeeded",
    "authorized": "requires_capture",
    "declined": "failed",
    "voided": "canceled",
}


def verify(
    provider: PaymentProvider, *, headers: Mapping[str, str], body: bytes
) -> list[CallbackNotice]:
    try:
        json.loads(body)
    except ValueError:
        raise MalformedCallback() from None
    try:
        return provider.verify_callbacks(headers=headers, body=body)
    except ValueError:
        # Forged, tampered with, or replayed outside the provider's tolerance.
        raise InvalidCallbackSignature() from None


def first_attempt_in_flight(payment: PaymentState) -> bool:
    """A worker holds the lease of the payment's first attempt (no retry was scheduled)."""
    return (
        payment.status == "processing"
        and payment.attempts == 1
        and payment.last_error is None
        and payment.next_attempt_at is not None
        and payment.next_attempt_at > utcnow()
    )


def _payment_id(notice: CallbackNotice) -> uuid.UUID | None:
    try:
        return uuid.UUID(notice.reference)
    except ValueError:
        return None


def _confirmed(notice: CallbackNotice, state: PaymentState) -> None:
    """A settled payment needs nothing; a notice saying otherwise is worth a log line (a
    capture, void or refund of ours still on its way, or a change made outside this service)."""
    if notice.status is None or (
        _SETTLED_AS.get(notice.status) == state.status
        and notice.provider_ref == (state.provider_ref or notice.provider_ref)
    ):
        return
    log.info(
        "callback_differs_from_settled",
        payment_id=str(state.id),
        status=state.status,
        provider_status=notice.status,
    )


async def handle(
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    provider: PaymentProvider,
    notices: Sequence[CallbackNotice],
) -> list[CallbackReceived]:
    """The status of each notice's payment after it was confirmed, or re-checked and settled."""
    ids = {payment_id for notice in notices if (payment_id := _payment_id(notice))}
    known = await callback_states.states(engine, ids)
    answers: list[CallbackReceived] = []
    for notice in notices:
        payment_id = _payment_id(notice)
        state = known.get(payment_id) if payment_id else None
        if state is None:
            # Acknowledged so the provider stops retrying; nothing of ours to update.
            log.warning("callback_for_unknown_reference", reference=notice.reference)
            status = None
        elif state.status != "processing":
            _confirmed(notice, state)
            status = state.status
        elif first_attempt_in_flight(state):
            status = state.status
        else:
            status = await _recheck(sessionmaker, provider, state.id)
        answers.append(CallbackReceived(reference=notice.reference, status=status))
    return answers


async def _recheck(
    sessionmaker: async_sessionmaker[AsyncSession],
    provider: PaymentProvider,
    payment_id: uuid.UUID,
) -> str | None:
    try:
        async with sessionmaker.begin() as session:
            payment = await payments_repo.get(session, payment_id)
            if payment is None:
                return None
            payment = await settlement.reconcile(
                session, provider, payment=payment, source="provider callback"
            )
            return payment.status
    except ProviderError as exc:
        raise ProviderUnavailable() from exc
