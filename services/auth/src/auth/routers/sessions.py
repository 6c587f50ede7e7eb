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
    response.headers["Cache-Control"] = "public, max-age=300"
    return await rt.keys.jwks()
