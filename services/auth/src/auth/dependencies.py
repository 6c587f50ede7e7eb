"""Request dependencies: the unit of work, the runtime, the calling account and its role."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from auth.errors import InvalidInternalToken, NotAuthenticated, RoleRequired
from auth.models import User
from auth.repository import users as user_repo
from auth.runtime import Runtime
from common.auth import CurrentUser
from common.db import SessionDep
from common.runtime import runtime_dependency

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


async def client_ip(request: Request) -> str:
    """The first X-Forwarded-For hop (set by the gateway), else the peer address."""
    forwarded = request.headers.get("x-forwarded-for", "")
    first = forwarded.split(",", 1)[0].strip()
    if first:
        return first
    return request.client.host if request.client else "unknown"


ClientIp = Annotated[str, Depends(client_ip)]


async def _account(principal: CurrentUser, session: SessionDep) -> User:
    """The caller's account, which must still exist and be active (a valid token is not
    enough: the account may have been deleted or deactivated since it was issued)."""
    user = await user_repo.get(session, principal.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated()
    return user


Account = Annotated[User, Depends(_account)]


def _role(*roles: str) -> Callable[[User], Awaitable[User]]:
    """Checks the role stored now, not the (up to 15 minutes old) claim in the token."""

    async def dependency(user: Account) -> User:
        if user.role not in roles:
            raise RoleRequired(f"This requires one of the roles: {', '.join(roles)}.")
        return user

    return dependency


SellerAccount = Annotated[User, Depends(_role("seller", "admin"))]
AdminAccount = Annotated[User, Depends(_role("admin"))]


async def _internal(
    runtime: RuntimeDep,
    x_internal_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    expected = runtime.settings.internal_token.encode()
    if not x_internal_token or not hmac.compare_digest(x_internal_token.encode(), expected):
        raise InvalidInternalToken()


InternalCaller = Depends(_internal)
