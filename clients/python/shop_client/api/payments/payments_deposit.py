from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...models.wallet_deposit import WalletDeposit
from ...models.wallet_deposit_read import WalletDepositRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WalletDeposit,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/payments/wallet/deposit",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ValidationProblem | WalletDepositRead | None:
    if response.status_code == 200:
        response_200 = WalletDepositRead.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ValidationProblem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ValidationProblem | WalletDepositRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WalletDeposit,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | ValidationProblem | WalletDepositRead]:
    """Deposit

     Insert one coin: ``{"coin": 5|10|20|50|100}`` (or ``{"amount": ...}``), in minor units.
    Buyers only (sellers 403); any other coin is 422. Send an ``Idempotency-Key`` to retry
    without depositing twice.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (WalletDeposit): One coin per call: ``{"coin": 50}`` (``{"amount": 50}`` is accepted
            too).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ValidationProblem | WalletDepositRead]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WalletDeposit,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | ValidationProblem | WalletDepositRead | None:
    """Deposit

     Insert one coin: ``{"coin": 5|10|20|50|100}`` (or ``{"amount": ...}``), in minor units.
    Buyers only (sellers 403); any other coin is 422. Send an ``Idempotency-Key`` to retry
    without depositing twice.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (WalletDeposit): One coin per call: ``{"coin": 50}`` (``{"amount": 50}`` is accepted
            too).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ValidationProblem | WalletDepositRead
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WalletDeposit,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | ValidationProblem | WalletDepositRead]:
    """Deposit

     Insert one coin: ``{"coin": 5|10|20|50|100}`` (or ``{"amount": ...}``), in minor units.
    Buyers only (sellers 403); any other coin is 422. Send an ``Idempotency-Key`` to retry
    without depositing twice.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (WalletDeposit): One coin per call: ``{"coin": 50}`` (``{"amount": 50}`` is accepted
            too).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ValidationProblem | WalletDepositRead]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WalletDeposit,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | ValidationProblem | WalletDepositRead | None:
    """Deposit

     Insert one coin: ``{"coin": 5|10|20|50|100}`` (or ``{"amount": ...}``), in minor units.
    Buyers only (sellers 403); any other coin is 422. Send an ``Idempotency-Key`` to retry
    without depositing twice.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (WalletDeposit): One coin per call: ``{"coin": 50}`` (``{"amount": 50}`` is accepted
            too).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ValidationProblem | WalletDepositRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
