"""The worker's engine: charges processing payments and sends pending refunds to the provider.

Each attempt runs outside any transaction: claim (a lease, committed), ask the provider, then
settle in a new transaction through the single owner (:mod:`settlement`, :mod:`refunds`).

- A payment's reference at the provider is its id, so repeating a call never charges twice.
- From the second attempt on (a retry, or a lease that ran out because a worker died or hung),
  the provider is first asked what it knows of the reference: a charge it made is settled as it
  stands; only a reference it never saw is submitted again. Never a blind charge.
- A retryable ProviderError is retried with exponential backoff; after ``max_attempts`` a
  payment the provider never saw fails with ``processing_error``.
- Refunds are re-sent with the same reference until the provider gives a final answer: it
  answers a repeated refund with the refund it already made, and giving up could misstate
  money that did move.
- Authorizations an order can no longer take (``void_requested_at``) are voided the same way,
  until the provider confirms the void.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import Sequence

import asyncpg
import structlog
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common import tracing
from common.db import utcnow
from common.messaging.context import correlated
from payments.models import Payment, Refund
from payments.provider.base import (
    ChargeRequest,
    PaymentProvider,
    ProviderError,
    ProviderResult,
)
from payments.repository import jobs
from payments.repository import payments as payments_repo
from payments.service import refunds, settlement, voids
from payments.settings import Settings

log = structlog.get_logger("payments.processor")

Settle = tuple[Payment, ProviderResult, str]  # a payment, the provider's answer, who brings it


class PaymentProcessor:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        provider: PaymentProvider,
        settings: Settings,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._provider = provider
        self._settings = settings
        self._wakeup = asyncio.Event()

    async def process_due(self) -> int:
        """One round: claim what is due and attempt it; returns how many jobs were claimed."""
        payments, refund_jobs, void_jobs = await self._claim()
        # First attempts go to the provider in one call; a lone one, and every retry (which
        # starts with a status re-check), on its own.
        fresh = [payment for payment in payments if payment.attempts == 1]
        if len(fresh) < 2:
            fresh = []
        alone = [payment for payment in payments if payment not in fresh]
        batched, answers, others = await asyncio.gather(
            self._charge_batch(fresh),
            asyncio.gather(
                *(self._attempt_payment(payment) for payment in alone),
                return_exceptions=True,
            ),
            asyncio.gather(
                *(self._attempt_refund(refund, ref) for refund, ref in refund_jobs),
                *(self._attempt_void(payment) for payment in void_jobs),
                return_exceptions=True,
            ),
        )
        due: list[Settle] = list(batched)
        for outcome in [*answers, *others]:
            if isinstance(outcome, BaseException):
                # The lease stays: the job comes due again and starts with a status check.
                log.error("payment_attempt_crashed", error=repr(outcome))
            elif outcome is not None:
                due.append(outcome)
        await self._settle_many(due)
        return len(payments) + len(refund_jobs) + len(void_jobs)

    async def process_payment(self, payment_id: uuid.UUID) -> bool:
        """Attempt one payment now if it is due (the checkout page); False if another worker
        holds it."""
        async with self._sessionmaker.begin() as session:
            claimed = await jobs.claim_due(
                session,
                Payment,
                now=utcnow(),
                lease_until=self._lease(),
                limit=1,
                job_id=payment_id,
            )
        for payment in claimed:
            answer = await self._attempt_payment(payment)
            if answer is not None:
                await self._settle_many([answer])
        return bool(claimed)

    def _lease(self) -> dt.datetime:
        return utcnow() + dt.timedelta(seconds=self._settings.processing_timeout_seconds)

    async def _claim(
        self,
    ) -> tuple[Sequence[Payment], list[tuple[Refund, str]], Sequence[Payment]]:
        limit, now, lease = self._settings.worker_batch_size, utcnow(), self._lease()
        async with self._sessionmaker.begin() as session:
            payments = await jobs.claim_due(
                session, Payment, now=now, lease_until=lease, limit=limit
            )
            claimed = await jobs.claim_due(session, Refund, now=now, lease_until=lease, limit=limit)
            refs = await payments_repo.provider_refs(session, [r.payment_id for r in claimed])
            void_jobs = await jobs.claim_due(
                session, Payment, now=now, lease_until=lease, limit=limit, voids=True
            )
        refund_jobs = [(refund, refs.get(refund.payment_id) or "") for refund in claimed]
        return payments, refund_jobs, void_jobs

    async def _attempt_payment(self, payment: Payment) -> Settle | None:
        """The provider's answer to settle the payment with; None when it is retried later."""
        # The charge joins its order's trace and correlation id (kept on the payment row).
        with (
            correlated(payment.correlation_id),
            tracing.continued(payment.traceparent),
            tracing.span("payments.charge", attributes={"payment.id": str(payment.id)}),
        ):
            return await self._charge(payment)

    async def _charge(self, payment: Payment) -> Settle | None:
        reference = str(payment.id)
        try:
            # A retry or an expired lease: an earlier attempt may have reached the provider.
            known = (
                await self._provider.status(reference=reference) if payment.attempts > 1 else None
            )
        except ProviderError as exc:
            await self._retry(Payment, payment.id, payment.attempts, exc)
            return None
        if known is not None:
            return payment, known, "status re-check"
        if payment.attempts > self._settings.max_attempts:
            message = f"No answer from the provider after {payment.attempts - 1} attempts."
            failure = settlement.failed_result(payment, "processing_error", message)
            return payment, failure, "worker gave up"
        try:
            result = await self._provider.authorize(
                reference=reference,
                token=payment.card_token or "",
                amount=payment.amount,
                currency=payment.currency,
                capture=payment.capture_method == "automatic",
            )
        except ProviderError as exc:
            if exc.retryable:
                await self._retry(Payment, payment.id, payment.attempts, exc)
                return None
            result = settlement.failed_result(payment, exc.code, str(exc))
        return payment, result, "worker"

    async def _charge_batch(self, payments: Sequence[Payment]) -> list[Settle]:
        """First attempts of several payments in one provider call; the answers to settle."""
        if not payments:
            return []
        charges = [
            ChargeRequest(
                reference=str(payment.id),
                token=payment.card_token or "",
                amount=payment.amount,
                currency=payment.currency,
                capture=payment.capture_method == "automatic",
            )
            for payment in payments
        ]
        try:
            answers = await self._provider.authorize_many(charges)
        except ProviderError as exc:
            # No answer at all: any of them may have been charged, so each retry re-checks.
            await asyncio.gather(
                *(self._retry(Payment, p.id, p.attempts, exc) for p in payments),
                return_exceptions=True,
            )
            return []
        due: list[Settle] = []
        for payment, answer in zip(payments, answers, strict=True):
            if isinstance(answer, ProviderError):
                if answer.retryable:
                    await self._retry(Payment, payment.id, payment.attempts, answer)
                    continue
                answer = settlement.failed_result(payment, answer.code, str(answer))
            due.append((payment, answer, "worker"))
        return due

    async def _attempt_refund(self, refund: Refund, charge_ref: str) -> None:
        try:
            result = await self._provider.refund(
                reference=str(refund.id), provider_ref=charge_ref, amount=refund.amount
            )
        except ProviderError as exc:
            if exc.retryable:
                await self._retry(Refund, refund.id, refund.attempts, exc)
                return
            result = ProviderResult(
                status="declined", provider_ref="", amount=refund.amount, failure_code=exc.code
            )
        async with self._sessionmaker.begin() as session:
            await refunds.settle(
                session,
                refund.id,
                succeeded=result.status == "refunded",
                provider_ref=result.provider_ref or None,
                failure_code=result.failure_code,
            )

    async def _attempt_void(self, payment: Payment) -> None:
        try:
            result = await self._provider.void(
                reference=str(payment.id), provider_ref=payment.provider_ref or ""
            )
        except ProviderError as exc:
            # Retried until the provider voids it; a refusal stays visible in last_error.
            await self._retry(Payment, payment.id, payment.attempts, exc, voids=True)
            return
        if result.status != "voided":
            error = ProviderError(f"The charge is {result.status}.", code="not_voided")
            await self._retry(Payment, payment.id, payment.attempts, error, voids=True)
            return
        async with self._sessionmaker.begin() as session:
            await voids.mark_voided(
                session, payment.id, detail="authorization voided automatically"
            )

    async def _settle_many(self, due: Sequence[Settle]) -> None:
        """The round's answers in one transaction; if that fails, each in its own, so one
        payment's problem never holds back the others (a payment that still fails keeps its
        lease and is resolved by a status re-check when it runs out)."""
        if not due:
            return
        try:
            async with self._sessionmaker.begin() as session:
                await settlement.apply_results(session, due)
            return
        except Exception as exc:
            if len(due) == 1:
                raise
            log.warning("batch_settlement_failed", size=len(due), error=repr(exc))
        for payment, result, source in due:
            try:
                async with self._sessionmaker.begin() as session:
                    await settlement.apply_result(
                        session, payment_id=payment.id, result=result, source=source
                    )
            except Exception as exc:
                log.error("payment_settlement_failed", payment_id=str(payment.id), error=repr(exc))

    async def _retry(
        self,
        model: type[jobs.Job],
        job_id: uuid.UUID,
        attempts: int,
        error: ProviderError,
        *,
        voids: bool = False,
    ) -> None:
        settings = self._settings
        delay = min(settings.retry_base_seconds * 2 ** (attempts - 1), settings.retry_max_seconds)
        log.warning(
            "provider_call_failed",
            job_id=str(job_id),
            attempts=attempts,
            code=error.code,
            retry_in=delay,
        )
        async with self._sessionmaker.begin() as session:
            await jobs.reschedule(
                session,
                model,
                job_id=job_id,
                attempts=attempts,
                at=utcnow() + dt.timedelta(seconds=delay),
                error=f"{error.code}: {error}",
                voids=voids,
            )

    async def run_forever(self) -> None:
        """Process due work whenever a NOTIFY arrives, and at least every poll interval."""
        listener = asyncio.create_task(self._listen())
        try:
            while True:
                self._wakeup.clear()
                try:
                    claimed = await self.process_due()
                except Exception as exc:
                    log.warning("payment_processing_round_failed", error=repr(exc))
                    claimed = 0
                if claimed >= self._settings.worker_batch_size:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), self._settings.worker_poll_seconds)
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def _listen(self) -> None:
        dsn = make_url(self._settings.database_url).set(drivername="postgresql")
        while True:
            try:
                conn = await asyncpg.connect(dsn.render_as_string(hide_password=False))
                closed = asyncio.Event()
                conn.add_termination_listener(lambda _, closed=closed: closed.set())
                try:
                    await conn.add_listener(jobs.NOTIFY_CHANNEL, lambda *_: self._wakeup.set())
                    await closed.wait()
                finally:
                    await conn.close()
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("payments_listen_failed", error=repr(exc))
                await asyncio.sleep(1)
