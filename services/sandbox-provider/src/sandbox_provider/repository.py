"""Every query of the sandbox. Inserts keyed on a reference are race-free: the unique
constraint decides, ``ON CONFLICT DO NOTHING`` waits for a concurrent insert to settle.

Cards never change once stored, so the facts a charge needs are remembered per token in the
process (bounded): a charge is then one INSERT."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox_provider.models import Card, Charge, Refund


class CardStorageError(RuntimeError):
    """A failed card insert, stripped of the statement parameters (they hold the number)."""


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What charging a card reads of it."""

    number: str
    last4: str
    exp_month: int
    exp_year: int


class SandboxRepository:
    def __init__(self, cached_cards: int = 10_000) -> None:
        self._cards: dict[str, CardFacts] = {}
        self._cached_cards = cached_cards

    async def card_facts(self, session: AsyncSession, token: str) -> CardFacts | None:
        facts = self._cards.get(token)
        if facts is None:
            card = await session.get(Card, token)
            if card is None:
                return None
            facts = CardFacts(card.number, card.last4, card.exp_month, card.exp_year)
            if len(self._cards) >= self._cached_cards:
                del self._cards[next(iter(self._cards))]
            self._cards[token] = facts
        return facts

    async def add_card(self, session: AsyncSession, card: Card) -> None:
        session.add(card)
        try:
            await session.flush()
        except DBAPIError as exc:
            # The original message lists the parameters, card number included: never log it.
            reason = type(exc.orig).__name__
            raise CardStorageError(f"storing card {card.token} failed: {reason}") from None

    async def insert_charge(self, session: AsyncSession, values: dict[str, Any]) -> Charge | None:
        """Insert unless the reference exists; the charge when this call created it."""
        statement = (
            insert(Charge)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[Charge.reference])
            .returning(Charge)
        )
        return (await session.scalars(statement)).one_or_none()

    async def insert_charges(
        self, session: AsyncSession, rows: list[dict[str, Any]]
    ) -> dict[str, Charge]:
        """Insert those whose reference is new, in one statement; the created by reference."""
        if not rows:
            return {}
        statement = (
            insert(Charge)
            .values(rows)
            .on_conflict_do_nothing(index_elements=[Charge.reference])
            .returning(Charge)
        )
        return {charge.reference: charge for charge in (await session.scalars(statement)).all()}

    async def charges_by_references(
        self, session: AsyncSession, references: list[str]
    ) -> dict[str, Charge]:
        if not references:
            return {}
        statement = select(Charge).where(Charge.reference.in_(references))
        result = await session.scalars(statement.execution_options(populate_existing=True))
        return {charge.reference: charge for charge in result.all()}

    async def get_charge(
        self, session: AsyncSession, charge_id: str, *, for_update: bool = False
    ) -> Charge | None:
        statement = select(Charge).where(Charge.id == charge_id)
        if for_update:
            statement = statement.with_for_update()
        return (await session.execute(statement)).scalar_one_or_none()

    async def charge_by_reference(self, session: AsyncSession, reference: str) -> Charge | None:
        statement = select(Charge).where(Charge.reference == reference)
        return (
            await session.execute(statement.execution_options(populate_existing=True))
        ).scalar_one_or_none()

    async def insert_refund(self, session: AsyncSession, values: dict[str, Any]) -> bool:
        statement = (
            insert(Refund)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[Refund.reference])
            .returning(Refund.id)
        )
        return (await session.execute(statement)).scalar_one_or_none() is not None

    async def refund_by_reference(self, session: AsyncSession, reference: str) -> Refund | None:
        return (
            await session.execute(select(Refund).where(Refund.reference == reference))
        ).scalar_one_or_none()


repository = SandboxRepository()
