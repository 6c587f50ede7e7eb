"""User administration (admins only)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from auth.dependencies import AdminAccount, RuntimeDep
from auth.errors import (
    CannotModifySelf,
    EmailTaken,
    NotAuthenticated,
    RedisUnavailable,
    RoleRequired,
    UsernameTaken,
    UserNotFound,
)
from auth.models import User
from auth.repository import users as user_repo
from auth.schemas import AdminUserUpdate, UserRead
from auth.service import admin
from common.auth import Role
from common.db import SessionDep
from common.errors import Unprocessable, error_responses
from common.pagination import Page, PageDep, paginate

router = APIRouter(prefix="/users", tags=["users (admin)"])
ADMIN = (NotAuthenticated, RoleRequired)


@router.get(
    "",
    response_model=Page[UserRead],
    summary="List users, newest first",
    responses=error_responses(*ADMIN, Unprocessable),
)
async def list_users(
    _: AdminAccount,
    session: SessionDep,
    page: PageDep,
    role: Role | None = None,
    is_active: bool | None = None,
    q: Annotated[
        str | None, Query(max_length=100, description="Part of the email or username")
    ] = None,
) -> Any:
    """Every account, newest first, paginated. Admins only (others 403). Read-only."""
    rows, cursor = await paginate(
        session,
        user_repo.search(role=role, is_active=is_active, q=q),
        page,
        created_at=User.created_at,
        id_column=User.id,
    )
    return {"items": rows, "next_cursor": cursor}


@router.get(
    "/{user_id}",
    response_model=UserRead,
    responses=error_responses(*ADMIN, UserNotFound, Unprocessable),
)
async def read_user(user_id: uuid.UUID, _: AdminAccount, session: SessionDep) -> Any:
    """One account by id. Admins only. Read-only."""
    return await admin.get(session, user_id=user_id)


@router.patch(
    "/{user_id}",
    response_model=UserRead,
    summary="Change role, activity, username or email; deactivation ends every session",
    responses=error_responses(
        *ADMIN,
        UserNotFound,
        EmailTaken,
        UsernameTaken,
        CannotModifySelf,
        Unprocessable,
        RedisUnavailable,
    ),
)
async def update_user(
    user_id: uuid.UUID,
    body: AdminUserUpdate,
    actor: AdminAccount,
    session: SessionDep,
    rt: RuntimeDep,
) -> Any:
    """Change an account's username, email, role or active flag; deactivating or demoting revokes
    its tokens. Admins only; an admin cannot demote or deactivate itself (409). Idempotent.
    """
    return await admin.update(session, rt, actor=actor, user_id=user_id, data=body)


@router.delete(
    "/{user_id}",
    status_code=204,
    summary="Delete a user; every token it holds stops working",
    responses=error_responses(
        *ADMIN, UserNotFound, CannotModifySelf, Unprocessable, RedisUnavailable
    ),
)
async def delete_user(
    user_id: uuid.UUID, actor: AdminAccount, session: SessionDep, rt: RuntimeDep
) -> Response:
    """Delete an account and revoke its tokens. Admins only; an admin cannot delete itself (409). A
    repeat is 404.
    """
    await admin.delete(session, rt, actor=actor, user_id=user_id)
    return Response(status_code=204)
