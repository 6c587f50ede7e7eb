"""Registration and the caller's own account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from auth.dependencies import Account, ClientIp, RuntimeDep
from auth.errors import (
    DailyCodeLimit,
    EmailChangeTooSoon,
    EmailTaken,
    IncorrectPassword,
    LoginThrottled,
    NotAuthenticated,
    RedisUnavailable,
    UsernameTaken,
)
from auth.schemas import EmailChange, PasswordChange, UserCreate, UserRead, UserUpdate
from auth.service import accounts
from common.db import SessionDep
from common.errors import Unprocessable, error_responses

router = APIRouter(tags=["accounts"])
AUTHED = (NotAuthenticated, Unprocessable)


@router.post(
    "/register",
    status_code=201,
    response_model=UserRead,
    summary="Create an account (buyer by default, or seller)",
    responses=error_responses(EmailTaken, UsernameTaken, Unprocessable),
)
async def register(body: UserCreate, session: SessionDep, rt: RuntimeDep) -> Any:
    """Create an account. Anyone, no token. `role` is `buyer` (default) or `seller`; `admin` is
    refused (422). Duplicate email or username is 409. Not idempotent: a repeat is 409.
    """
    return await accounts.register(session, rt, data=body)


@router.get("/me", response_model=UserRead, responses=error_responses(NotAuthenticated))
async def read_me(user: Account) -> Any:
    """The caller's own account. Any signed-in user. Read-only."""
    return user


@router.patch("/me", response_model=UserRead, responses=error_responses(*AUTHED, UsernameTaken))
async def update_me(body: UserUpdate, user: Account, session: SessionDep) -> Any:
    """Change the caller's username. Any signed-in user; a taken username is 409. Idempotent (same
    body, same result).
    """
    return await accounts.rename(session, user=user, username=body.username)


@router.delete(
    "/me",
    status_code=204,
    summary="Delete the caller's account; every token it holds stops working",
    responses=error_responses(NotAuthenticated, RedisUnavailable),
)
async def delete_me(user: Account, session: SessionDep, rt: RuntimeDep) -> Response:
    """Delete the caller's own account; every token it holds stops working at once. Any signed-in
    user. Repeating it is 401 (the token is revoked).
    """
    await accounts.delete(session, rt, user=user)
    return Response(status_code=204)


@router.post(
    "/me/email",
    response_model=UserRead,
    summary="Change the email address (unverified until its code is confirmed)",
    responses=error_responses(
        *AUTHED, IncorrectPassword, EmailTaken, LoginThrottled, EmailChangeTooSoon, DailyCodeLimit
    ),
)
async def change_email(
    body: EmailChange, user: Account, session: SessionDep, rt: RuntimeDep, ip: ClientIp
) -> Any:
    """Change the caller's email (the current password is required) and send a verification code to
    the new address. Any signed-in user; a taken email is 409; wrong passwords are throttled
    (429).
    """
    return await accounts.change_email(
        session, rt, user=user, new_email=body.new_email, password=body.password, client_ip=ip
    )


@router.post(
    "/me/password",
    status_code=204,
    summary="Change the password; every refresh token is revoked",
    responses=error_responses(*AUTHED, IncorrectPassword, LoginThrottled),
)
async def change_password(
    body: PasswordChange, user: Account, session: SessionDep, rt: RuntimeDep, ip: ClientIp
) -> Response:
    """Change the caller's password (the current one is required); every refresh token is revoked,
    so other sessions must log in again. Any signed-in user; wrong passwords are throttled
    (429).
    """
    await accounts.change_password(
        session,
        rt,
        user=user,
        current_password=body.current_password,
        new_password=body.new_password,
        client_ip=ip,
    )
    return Response(status_code=204)
