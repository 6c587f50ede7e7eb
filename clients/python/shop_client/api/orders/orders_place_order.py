from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_create import OrderCreate
from ...models.order_read import OrderRead
from ...models.orders_problem_detail import OrdersProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderRead | OrdersProblemDetail | None:
    if response.status_code == 201:
        response_201 = OrderRead.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = OrdersProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = OrdersProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = OrdersProblemDetail.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OrderRead | OrdersProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderRead | OrdersProblemDetail]:
    """Place Order

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (OrderCreate): Either ``items`` or ``from_cart: true`` (the caller's cart, emptied by
            the order).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | OrdersProblemDetail]
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
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderRead | OrdersProblemDetail | None:
    """Place Order

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (OrderCreate): Either ``items`` or ``from_cart: true`` (the caller's cart, emptied by
            the order).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | OrdersProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[OrderRead | OrdersProblemDetail]:
    """Place Order

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (OrderCreate): Either ``items`` or ``from_cart: true`` (the caller's cart, emptied by
            the order).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | OrdersProblemDetail]
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
    body: OrderCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> OrderRead | OrdersProblemDetail | None:
    """Place Order

    Args:
        idempotency_key (None | str | Unset): Makes retries safe: the first response is replayed
            for 24 h.
        body (OrderCreate): Either ``items`` or ``from_cart: true`` (the caller's cart, emptied by
            the order).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | OrdersProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
