from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.orders_http_validation_error import OrdersHTTPValidationError
from ...models.orders_problem_detail import OrdersProblemDetail
from ...models.shipping_read import ShippingRead
from ...models.shipping_update import ShippingUpdate
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    body: ShippingUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/orders/{order_id}/shipping".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead | None:
    if response.status_code == 200:
        response_200 = ShippingRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = OrdersProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = OrdersProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = OrdersProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = OrdersProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = OrdersHTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead]:
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
    body: ShippingUpdate,
) -> Response[OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead]:
    """Update Shipping

    Args:
        order_id (UUID):
        body (ShippingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ShippingUpdate,
) -> OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead | None:
    """Update Shipping

    Args:
        order_id (UUID):
        body (ShippingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ShippingUpdate,
) -> Response[OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead]:
    """Update Shipping

    Args:
        order_id (UUID):
        body (ShippingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ShippingUpdate,
) -> OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead | None:
    """Update Shipping

    Args:
        order_id (UUID):
        body (ShippingUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrdersHTTPValidationError | OrdersProblemDetail | ShippingRead
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
        )
    ).parsed
