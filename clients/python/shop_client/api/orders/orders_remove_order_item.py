from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_read import OrderRead
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    product_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/orders/{order_id}/items/{product_id}".format(
            order_id=quote(str(order_id), safe=""),
            product_id=quote(str(product_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderRead | Problem | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = OrderRead.from_dict(response.json())

        return response_200

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
) -> Response[OrderRead | Problem | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: UUID,
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[OrderRead | Problem | ValidationProblem]:
    """Remove Order Item

     Remove a line from an unpaid order; the stock is reserved again. The order's buyer; the last
    line cannot be removed (409, cancel instead).

    Args:
        order_id (UUID):
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        product_id=product_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> OrderRead | Problem | ValidationProblem | None:
    """Remove Order Item

     Remove a line from an unpaid order; the stock is reserved again. The order's buyer; the last
    line cannot be removed (409, cancel instead).

    Args:
        order_id (UUID):
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | Problem | ValidationProblem
    """

    return sync_detailed(
        order_id=order_id,
        product_id=product_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[OrderRead | Problem | ValidationProblem]:
    """Remove Order Item

     Remove a line from an unpaid order; the stock is reserved again. The order's buyer; the last
    line cannot be removed (409, cancel instead).

    Args:
        order_id (UUID):
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        product_id=product_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> OrderRead | Problem | ValidationProblem | None:
    """Remove Order Item

     Remove a line from an unpaid order; the stock is reserved again. The order's buyer; the last
    line cannot be removed (409, cancel instead).

    Args:
        order_id (UUID):
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | Problem | ValidationProblem
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            product_id=product_id,
            client=client,
        )
    ).parsed
