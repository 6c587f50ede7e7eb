"""Email verification and password reset by emailed 6-digit code."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from auth.dependencies import Account, RuntimeDep
from auth.errors import (
    CodeLocked,
    CodeRecentlySent,
    DailyCodeLimit,
    EmailAlreadyVerified,
    InvalidCode,
    NotAuthenticated,
    RedisUnavailable,
)
from auth.schemas import Accepted, CodeConfirm, PasswordResetConfirm, PasswordResetRequest, UserRead
from auth.service import recovery
from common.db import SessionDep
from common.errors import Unprocessable, error_responses

router = APIRouter(tags=["email and password recovery"])

RESET_ACCEPTED = Accepted(
    detail="If an account uses this address, a reset code has been sent to it."
)


@router.post(
    "/email-verification",
    status_code=202,
    response_model=Accepted,
    summary="Email a 6-digit code to verify the caller's address",
    responses=error_responses(
        NotAuthenticated, EmailAlreadyVerified, CodeRecentlySent, DailyCodeLimit
    ),
)
async def send_verification(user: Account, session: SessionDep, rt: RuntimeDep) -> Any:
    """Email the caller a 6-digit code that verifies its email address (valid 15 minutes). Any
    signed-in user; an already verified address is 409; repeated requests are throttled (429).
    """
    await recovery.send_verification(session, rt, user=user)
    return Accepted(detail=f"A verification code has been sent to {user.email}.")


@router.post(
    "/email-verification/confirm",
    response_model=UserRead,
    summary="Confirm the caller's address with the emailed code",
    responses=error_responses(
        NotAuthenticated, EmailAlreadyVerified, InvalidCode, Unprocessable, CodeLocked
    ),
)
async def confirm_verification(
    body: CodeConfirm, user: Account, session: SessionDep, rt: RuntimeDep
) -> Any:
    """Confirm the caller's email address with the emailed code. Any signed-in user. A wrong code
    is 422; after 5 wrong tries the code is locked (429).
    """
    return await recovery.confirm_verification(session, rt, user=user, code=body.code)


@router.post(
    "/password-reset",
    status_code=202,
    response_model=Accepted,
    summary="Email a password reset code (the answer never says whether the account exists)",
    responses=error_responses(Unprocessable, RedisUnavailable),
)
async def request_password_reset(
    body: PasswordResetRequest, session: SessionDep, rt: RuntimeDep
) -> Any:
    """Email a 6-digit reset code if an account has this email. Anyone, no token. Always 202,
    whether or not the account exists (no account enumeration).
    """
    await recovery.request_password_reset(session, rt, email=body.email)
    return RESET_ACCEPTED


@router.post(
    "/password-reset/confirm",
    status_code=204,
    summary="Set a new password with the emailed code; every session is signed out",
    responses=error_responses(InvalidCode, Unprocessable, CodeLocked, RedisUnavailable),
)
async def confirm_password_reset(
    body: PasswordResetConfirm, session: SessionDep, rt: RuntimeDep
) -> Response:
    """Set a new password with the emailed code; every refresh token of the account is revoked.
    Anyone, no token. Codes are single use, valid 15 minutes, 5 tries (then 429).
    """
    await recovery.confirm_password_reset(
        session, rt, email=body.email, code=body.code, new_password=body.new_password
    )
    return Response(status_code=204)
