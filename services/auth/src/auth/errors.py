"""The auth service's expected failures; each renders as problem+json with ``code``."""

from __future__ import annotations

from common.errors import (
    Conflict,
    DependencyUnavailable,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    Unprocessable,
)


class EmailTaken(Conflict):
    default_message = "An account with this email already exists."


class UsernameTaken(Conflict):
    default_message = "This username is taken."


class InvalidCredentials(Unauthorized):
    default_message = "The username or password is incorrect."


class AccountDisabled(Forbidden):
    default_message = "This account is deactivated."


class LoginThrottled(TooManyRequests):
    default_message = "Too many failed sign-in attempts; retry later."


class NotAuthenticated(Unauthorized):
    default_message = "Missing or invalid credentials, or the account no longer exists."


class InvalidRefreshToken(Unauthorized):
    default_message = "The refresh token is invalid, expired or revoked."


class RefreshTokenReused(Unauthorized):
    keeps_changes = True
    default_message = (
        "This refresh token was already used; every token of its session has been revoked."
    )


class IncorrectPassword(Forbidden):
    default_message = "The current password is incorrect."


class InvalidCode(Unprocessable):
    keeps_changes = True
    default_message = "The code is invalid or has expired."


class CodeLocked(TooManyRequests):
    default_message = "Too many wrong codes; request a new one."


class CodeRecentlySent(TooManyRequests):
    default_message = "A code was sent moments ago; wait before asking for another."


class DailyCodeLimit(TooManyRequests):
    default_message = "This address has received as many codes as it may today; retry later."


class EmailChangeTooSoon(TooManyRequests):
    default_message = "The email address was changed moments ago; wait before changing it again."


class EmailAlreadyVerified(Conflict):
    default_message = "The email address is already verified."


class UserNotFound(NotFound):
    default_message = "User not found."


class CannotModifySelf(Conflict):
    default_message = "Administrators cannot deactivate, demote or delete their own account here."


class ApiKeyNotFound(NotFound):
    default_message = "API key not found."


class InvalidApiKey(Unauthorized):
    default_message = "The API key is unknown or revoked."


class InvalidInternalToken(Forbidden):
    default_message = "This endpoint is for the platform's gateway only."


class RoleRequired(Forbidden):
    default_message = "Your role does not allow this."


class RedisUnavailable(DependencyUnavailable):
    default_message = "The session store is unavailable; retry later."
