from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_problem_detail import AuthProblemDetail
from ...models.auth_token_login_request import AuthTokenLoginRequest
from ...models.token_pair import TokenPair
from ...types import Response


def _get_kwargs(
    *,
    body: AuthTokenLoginRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/auth/token",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthProblemDetail | TokenPair | None:
    if response.status_code == 200:
        response_200 = TokenPair.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = AuthProblemDetail.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = AuthProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = AuthProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = AuthProblemDetail.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = AuthProblemDetail.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = AuthProblemDetail.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthProblemDetail | TokenPair]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthTokenLoginRequest,
) -> Response[AuthProblemDetail | TokenPair]:
    """Sign in with username (or email) and password

    Args:
        body (AuthTokenLoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthProblemDetail | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AuthTokenLoginRequest,
) -> AuthProblemDetail | TokenPair | None:
    """Sign in with username (or email) and password

    Args:
        body (AuthTokenLoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthProblemDetail | TokenPair
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthTokenLoginRequest,
) -> Response[AuthProblemDetail | TokenPair]:
    """Sign in with username (or email) and password

    Args:
        body (AuthTokenLoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthProblemDetail | TokenPair]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AuthTokenLoginRequest,
) -> AuthProblemDetail | TokenPair | None:
    """Sign in with username (or email) and password

    Args:
        body (AuthTokenLoginRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthProblemDetail | TokenPair
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
