from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment_create import PaymentCreate
from ...models.payment_read import PaymentRead
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...models.wallet_payment_read import WalletPaymentRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/payments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead | None:
    if response.status_code == 201:
        response_201 = WalletPaymentRead.from_dict(response.json())

        return response_201

    if response.status_code == 202:

        def _parse_response_202(data: object) -> PaymentRead | WalletPaymentRead:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_202_type_0 = PaymentRead.from_dict(data)

                return response_202_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_202_type_1 = WalletPaymentRead.from_dict(data)

            return response_202_type_1

        response_202 = _parse_response_202(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead]:
    """Create Payment

     A card payment is accepted as ``processing`` (202) and charged by the worker; a wallet
    payment (``payment_method_id: "wallet"``) settles at once (201). Any signed-in user, with an
    own card; with ``order_id`` the amount and currency must equal the order's total (422). For
    an order not yet confirmed here the request waits a few seconds for it, holding no database
    connection. Send an ``Idempotency-Key``: the same key and body replay the first answer,
    never a second charge.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead]
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
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead | None:
    """Create Payment

     A card payment is accepted as ``processing`` (202) and charged by the worker; a wallet
    payment (``payment_method_id: "wallet"``) settles at once (201). Any signed-in user, with an
    own card; with ``order_id`` the amount and currency must equal the order's total (422). For
    an order not yet confirmed here the request waits a few seconds for it, holding no database
    connection. Send an ``Idempotency-Key``: the same key and body replay the first answer,
    never a second charge.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead]:
    """Create Payment

     A card payment is accepted as ``processing`` (202) and charged by the worker; a wallet
    payment (``payment_method_id: "wallet"``) settles at once (201). Any signed-in user, with an
    own card; with ``order_id`` the amount and currency must equal the order's total (422). For
    an order not yet confirmed here the request waits a few seconds for it, holding no database
    connection. Send an ``Idempotency-Key``: the same key and body replay the first answer,
    never a second charge.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead]
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
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead | None:
    """Create Payment

     A card payment is accepted as ``processing`` (202) and charged by the worker; a wallet
    payment (``payment_method_id: "wallet"``) settles at once (201). Any signed-in user, with an
    own card; with ``order_id`` the amount and currency must equal the order's total (422). For
    an order not yet confirmed here the request waits a few seconds for it, holding no database
    connection. Send an ``Idempotency-Key``: the same key and body replay the first answer,
    never a second charge.

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentRead | WalletPaymentRead | Problem | ValidationProblem | WalletPaymentRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
