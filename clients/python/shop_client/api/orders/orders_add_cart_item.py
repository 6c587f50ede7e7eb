from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cart_line_read import CartLineRead
from ...models.line_item import LineItem
from ...models.orders_problem_detail import OrdersProblemDetail
from ...types import Response


def _get_kwargs(
    *,
    body: LineItem,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/orders/cart/items",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CartLineRead | OrdersProblemDetail | None:
    if response.status_code == 200:
        response_200 = CartLineRead.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CartLineRead.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = OrdersProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = OrdersProblemDetail.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CartLineRead | OrdersProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: LineItem,
) -> Response[CartLineRead | OrdersProblemDetail]:
    """Add Cart Item

    Args:
        body (LineItem): A product and how many of it (a strict positive integer, at most 10000).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartLineRead | OrdersProblemDetail]
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
    client: AuthenticatedClient,
    body: LineItem,
) -> CartLineRead | OrdersProblemDetail | None:
    """Add Cart Item

    Args:
        body (LineItem): A product and how many of it (a strict positive integer, at most 10000).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartLineRead | OrdersProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: LineItem,
) -> Response[CartLineRead | OrdersProblemDetail]:
    """Add Cart Item

    Args:
        body (LineItem): A product and how many of it (a strict positive integer, at most 10000).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartLineRead | OrdersProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: LineItem,
) -> CartLineRead | OrdersProblemDetail | None:
    """Add Cart Item

    Args:
        body (LineItem): A product and how many of it (a strict positive integer, at most 10000).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartLineRead | OrdersProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
