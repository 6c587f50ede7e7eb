from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_read import OrderRead
from ...models.orders_http_validation_error import OrdersHTTPValidationError
from ...models.orders_problem_detail import OrdersProblemDetail
from ...types import Response


def _get_kwargs(
    order_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/orders/{order_id}".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderRead | OrdersHTTPValidationError | OrdersProblemDetail | None:
    if response.status_code == 200:
        response_200 = OrderRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = OrdersProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = OrdersProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = OrdersHTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OrderRead | OrdersHTTPValidationError | OrdersProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[OrderRead | OrdersHTTPValidationError | OrdersProblemDetail]:
    """Read Order

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | OrdersHTTPValidationError | OrdersProblemDetail]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> OrderRead | OrdersHTTPValidationError | OrdersProblemDetail | None:
    """Read Order

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | OrdersHTTPValidationError | OrdersProblemDetail
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[OrderRead | OrdersHTTPValidationError | OrdersProblemDetail]:
    """Read Order

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderRead | OrdersHTTPValidationError | OrdersProblemDetail]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
) -> OrderRead | OrdersHTTPValidationError | OrdersProblemDetail | None:
    """Read Order

    Args:
        order_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderRead | OrdersHTTPValidationError | OrdersProblemDetail
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
        )
    ).parsed
