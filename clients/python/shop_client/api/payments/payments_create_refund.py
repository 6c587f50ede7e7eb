from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payments_problem_detail import PaymentsProblemDetail
from ...models.refund_create import RefundCreate
from ...models.refund_read import RefundRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    payment_id: UUID,
    *,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/payments/{payment_id}/refunds".format(
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentsProblemDetail | RefundRead | None:
    if response.status_code == 201:
        response_201 = RefundRead.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = PaymentsProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = PaymentsProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = PaymentsProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = PaymentsProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = PaymentsProblemDetail.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaymentsProblemDetail | RefundRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[PaymentsProblemDetail | RefundRead]:
    """Create Refund

     Refund all that is left (default) or part of it: a seller from its own share, an admin
    from every share. Wallet refunds are credited at once (``succeeded``); card refunds are
    ``pending`` until the provider confirms.

    Args:
        payment_id (UUID): The payment's id
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentsProblemDetail | RefundRead]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> PaymentsProblemDetail | RefundRead | None:
    """Create Refund

     Refund all that is left (default) or part of it: a seller from its own share, an admin
    from every share. Wallet refunds are credited at once (``succeeded``); card refunds are
    ``pending`` until the provider confirms.

    Args:
        payment_id (UUID): The payment's id
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentsProblemDetail | RefundRead
    """

    return sync_detailed(
        payment_id=payment_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[PaymentsProblemDetail | RefundRead]:
    """Create Refund

     Refund all that is left (default) or part of it: a seller from its own share, an admin
    from every share. Wallet refunds are credited at once (``succeeded``); card refunds are
    ``pending`` until the provider confirms.

    Args:
        payment_id (UUID): The payment's id
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentsProblemDetail | RefundRead]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> PaymentsProblemDetail | RefundRead | None:
    """Create Refund

     Refund all that is left (default) or part of it: a seller from its own share, an admin
    from every share. Wallet refunds are credited at once (``succeeded``); card refunds are
    ``pending`` until the provider confirms.

    Args:
        payment_id (UUID): The payment's id
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentsProblemDetail | RefundRead
    """

    return (
        await asyncio_detailed(
            payment_id=payment_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
