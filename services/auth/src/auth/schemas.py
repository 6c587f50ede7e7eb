"""API shapes of the auth service."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from auth.passwords import MAX_LENGTH, check_password_strength
from common.auth import Role

Email = Annotated[EmailStr, AfterValidator(str.lower)]
Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.-]{3,32}$"),
    Field(description="3-32 letters, digits, '_', '.' or '-'; unique regardless of case"),
]
NewPassword = Annotated[
    str,
    AfterValidator(check_password_strength),
    Field(description="At least 8 characters and not a commonly used password"),
]
AnyPassword = Annotated[str, Field(min_length=1, max_length=MAX_LENGTH)]
Code = Annotated[str, Field(pattern=r"^\d{6}$", description="The 6-digit code from the email")]


class UserCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "ada@example.com",
                    "username": "ada",
                    "password": "correct-horse-42",
                    "role": "buyer",
                }
            ]
        }
    )

    email: Email
    username: Username
    password: NewPassword
    role: Literal["buyer", "seller"] = Field("buyer", description="admin cannot self-register")


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    username: str
    role: Role
    is_active: bool
    email_verified: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class UserUpdate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"username": "ada_l"}]})

    username: Username | None = None


class AdminUserUpdate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"role": "seller", "is_active": True}]}
    )

    username: Username | None = None
    email: Email | None = None
    role: Role | None = None
    is_active: bool | None = None


class LoginRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"username": "ada", "password": "correct-horse-42"}]}
    )

    username: Annotated[str, Field(min_length=1, max_length=320, description="Username or email")]
    password: AnyPassword


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires")


class RefreshTokenBody(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"refresh_token": "rt_2Yx0c3Jw6H1qk9mP4bN7sV5dL8fA0gZe"}]}
    )

    refresh_token: Annotated[str, Field(min_length=1, max_length=200)]


class EmailChange(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"new_email": "ada.lovelace@example.com", "password": "correct-horse-42"}]
        }
    )

    new_email: Email
    password: AnyPassword


class PasswordChange(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"current_password": "correct-horse-42", "new_password": "battery-staple-77"}
            ]
        }
    )

    current_password: AnyPassword
    new_password: NewPassword


class CodeConfirm(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "493817"}]})

    code: Code


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "ada@example.com"}]})

    email: Email


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"email": "ada@example.com", "code": "493817", "new_password": "battery-staple-77"}
            ]
        }
    )

    email: Email
    code: Code
    new_password: NewPassword


class Accepted(BaseModel):
    detail: str


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "shop backend"}]})

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    prefix: str = Field(description="The key's first characters, to recognise it")
    last4: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="The full key; shown only in this response")


class IntrospectRequest(BaseModel):
    key: Annotated[str, Field(min_length=1, max_length=200)]


class IntrospectResponse(BaseModel):
    user_id: uuid.UUID
    role: Role
    access_token: str = Field(description="A short-lived access token for the key's owner")
    expires_in: int


class Jwks(BaseModel):
    keys: list[dict[str, Any]]
