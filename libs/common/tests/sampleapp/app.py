"""Accounts that can be credited: one idempotent POST, one event out, one event handled."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ConfigDict
from pydantic_settings import SettingsConfigDict
from sqlalchemy import BigInteger, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from common.app import create_service_app
from common.auth import CurrentUser, KeyProvider
from common.db import IdMixin, ModelBase, SessionDep, TimestampMixin, new_metadata
from common.events.auth import UserRegistered
from common.events.payments import PaymentSucceeded
from common.idempotency import IdempotencyDep
from common.messaging.consumer import Subscriber
from common.messaging.outbox import publish
from common.money import PositiveAmount
from common.pagination import Page, PageDep, paginate
from common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SAMPLE_")
    service_name: str = "sample"


class Base(ModelBase):
    __abstract__ = True
    metadata = new_metadata()


class Credit(IdMixin, TimestampMixin, Base):
    __tablename__ = "credit"
    user_id: Mapped[uuid.UUID]
    amount: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(String(200), default="")


class Greeting(IdMixin, TimestampMixin, Base):
    __tablename__ = "greeting"
    user_id: Mapped[uuid.UUID]
    count: Mapped[int] = mapped_column(BigInteger, default=1)


class CreditCreate(BaseModel):
    amount: PositiveAmount
    note: str = ""
    delay: float = 0.0


class CreditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    amount: int
    note: str


router = APIRouter()


@router.post("/credits", status_code=201, response_model=CreditRead)
async def create_credit(
    body: CreditCreate, session: SessionDep, user: CurrentUser, idempotency: IdempotencyDep
) -> Any:
    async def produce() -> CreditRead:
        credit = Credit(user_id=user.user_id, amount=body.amount, note=body.note)
        session.add(credit)
        await session.flush()
        if body.delay:
            await asyncio.sleep(body.delay)
        await publish(
            session,
            PaymentSucceeded(
                payment_id=credit.id,
                user_id=user.user_id,
                amount=body.amount,
                currency="USD",
                captured_amount=body.amount,
            ),
            subject_user_ids=[user.user_id],
        )
        return CreditRead.model_validate(credit)

    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=201, produce=produce
    )


@router.get("/credits", response_model=Page[CreditRead])
async def list_credits(session: SessionDep, user: CurrentUser, page: PageDep) -> Any:
    rows, cursor = await paginate(
        session,
        select(Credit).where(Credit.user_id == user.user_id),
        page,
        created_at=Credit.created_at,
        id_column=Credit.id,
    )
    return {"items": rows, "next_cursor": cursor}


subscriber = Subscriber()
failures: dict[str, int] = {}
healed: set[str] = set()  # usernames whose handler has been "fixed" (see the replay test)


@subscriber.on(UserRegistered)
async def on_user_registered(event: UserRegistered, session: AsyncSession) -> None:
    if event.username.startswith("fail") and event.username not in healed:
        failures[event.username] = failures.get(event.username, 0) + 1
        raise RuntimeError("this handler always fails for usernames starting with 'fail'")
    updated = await session.execute(
        update(Greeting).where(Greeting.user_id == event.user_id).values(count=Greeting.count + 1)
    )
    if not getattr(updated, "rowcount", 0):
        session.add(Greeting(user_id=event.user_id))


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> FastAPI:
    return create_service_app(
        settings or Settings(), title="sample", routers=[router], key_provider=key_provider
    )
