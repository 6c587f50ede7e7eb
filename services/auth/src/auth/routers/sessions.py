"""Sign-in (JSON or OAuth2 password form), refresh, sign-out and the public keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from auth.dependencies import Account, ClientIp, RuntimeDep
from auth.errors import (
    AccountDisabled,
    InvalidCredentials,
    InvalidRefreshToken,
    LoginThrottled,
    NotAuthenticated,
    RedisUnavailable,
    RefreshTokenReused,
)
from auth.schemas import Jwks, LoginRequest, RefreshTokenBody, TokenPair
from auth.service import sessions
from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import BadRequest, Unprocessable, error_responses

router = APIRouter(tags=["sessions"])

_FORM_SCHEMA = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {
        "grant_type": {"type": "string", "enum": ["password"]},
        "username": {"type": "string", "description": "Username or email"},
        "password": {"type": "string", "format": "password"},
        "scope": {"type": "string"},
        "client_id": {"type": "string"},
        "client_secret": {"type": "string"},
    },
    "examples": [{"grant_type": "password", "username": "ada", "password": "correct-horse-42"}],
}
_TOKEN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": LoginRequest.model_json_schema()},
            "application/x-www-form-urlencoded": {"schema": _FORM_SCHEMA},
        },
    }
}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def _credentials(request: Request) -> LoginRequest:
    """The sign-in body, as JSON or as the OAuth2 password form the docs' Authorize sends."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    try:
        if content_type in _FORM_TYPES:
            form = await request.form()
            if form.get("grant_type") not in (None, "", "password"):
                raise Unprocessable(
                    "Only the password grant is supported.",
                    errors=[{"loc": ["body", "grant_type"], "msg": "unsupported grant type"}],
                )
            fields = {name: form.get(name) for name in ("username", "password")}
            return LoginRequest.model_validate(fields)
        return LoginRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        errors = [{**err, "loc": ("body", *err["loc"])} for err in exc.errors()]
        raise RequestValidationError(errors) from exc


@router.post(
    "/token",
    response_model=TokenPair,
    summary="Sign in with username (or email) and password",
    openapi_extra=_TOKEN_BODY,
    responses=error_responses(
        BadRequest,
        InvalidCredentials,
        AccountDisabled,
        Unprocessable,
        LoginThrottled,
        RedisUnavailable,
    ),
)
async def token(request: Request, session: SessionDep, rt: RuntimeDep, ip: ClientIp) -> Any:
    """Log in: JSON `{username, password}` (username or email) or the OAuth2 password form (what
    **Authorize** sends) -> an access token (15 minutes) and a refresh token (30 days). Anyone,
    no token. A wrong username and a wrong password give the same 401; repeated failures are
    throttled per account and IP (429).
    """
    credentials = await _credentials(request)
    return await sessions.login(
        session, rt, identifier=credentials.username, password=credentials.password, client_ip=ip
    )


@router.post(
    "/token/refresh",
    response_model=TokenPair,
    summary="Exchange a refresh token for a new pair (the old one stops working)",
    responses=error_responses(InvalidRefreshToken, RefreshTokenReused, Unprocessable),
)
async def refresh(body: RefreshTokenBody, session: SessionDep, rt: RuntimeDep) -> Any:
    """Exchange a refresh token for a new pair; the old refresh token stops working. Anyone holding
    a refresh token. Presenting a used one again is 401 and revokes its whole family (every
    token of that login).
    """
    return await sessions.refresh(session, rt, refresh_token=body.refresh_token)


@router.post(
    "/logout",
    status_code=204,
    summary="Sign out: the session's refresh and access tokens stop working within a second",
    responses=error_responses(NotAuthenticated, Unprocessable, RedisUnavailable),
)
async def logout(
    body: RefreshTokenBody,
    user: Account,
    principal: CurrentUser,
    session: SessionDep,
    rt: RuntimeDep,
) -> Response:
    """Sign out: revoke the refresh token's session and the calling sign-in session, so their
    refresh and access tokens stop working within a second (an API key's token never disables
    the key). Any signed-in user. Idempotent: an unknown or already revoked token is also 204.
    """
    await sessions.logout(
        session,
        rt,
        user_id=user.id,
        refresh_token=body.refresh_token,
        current_session=principal.session_id,
    )
    return Response(status_code=204)


@router.get(
    "/.well-known/jwks.json",
    response_model=Jwks,
    summary="Public keys that verify access tokens",
)
async def jwks(rt: RuntimeDep, response: Response) -> Any:
    """The public keys (JWKS, with `kid`) that verify access tokens. Anyone, no token. Cacheable
    for 5 minutes.
    """
    response.headers["Cache-Control"] = "public, max-age=300"
    return await rt.keys.jwks()
