from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_status import OrderStatus
from ...models.page_order_read import PageOrderRead
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | OrderStatus | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    as_seller: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, OrderStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_user_id: None | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    elif isinstance(user_id, UUID):
        json_user_id = str(user_id)
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    params["as_seller"] = as_seller

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageOrderRead | Problem | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PageOrderRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[PageOrderRead | Problem | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    as_seller: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOrderRead | Problem | ValidationProblem]:
    """List Orders

     The caller's orders, newest first, paginated, with a `status` filter. Admins see everyone's
    (`?user_id=` narrows); `as_seller=true` lists the orders holding the caller's products
    (sellers see their own lines only). Read-only.

    Args:
        status (None | OrderStatus | Unset): Only orders in this status
        user_id (None | Unset | UUID): Admins only: the orders of this buyer
        as_seller (bool | Unset): Sellers: the orders containing their products instead of their
            own Default: False.
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        status=status,
        user_id=user_id,
        as_seller=as_seller,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    as_seller: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> PageOrderRead | Problem | ValidationProblem | None:
    """List Orders

     The caller's orders, newest first, paginated, with a `status` filter. Admins see everyone's
    (`?user_id=` narrows); `as_seller=true` lists the orders holding the caller's products
    (sellers see their own lines only). Read-only.

    Args:
        status (None | OrderStatus | Unset): Only orders in this status
        user_id (None | Unset | UUID): Admins only: the orders of this buyer
        as_seller (bool | Unset): Sellers: the orders containing their products instead of their
            own Default: False.
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderRead | Problem | ValidationProblem
    """

    return sync_detailed(
        client=client,
        status=status,
        user_id=user_id,
        as_seller=as_seller,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    as_seller: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOrderRead | Problem | ValidationProblem]:
    """List Orders

     The caller's orders, newest first, paginated, with a `status` filter. Admins see everyone's
    (`?user_id=` narrows); `as_seller=true` lists the orders holding the caller's products
    (sellers see their own lines only). Read-only.

    Args:
        status (None | OrderStatus | Unset): Only orders in this status
        user_id (None | Unset | UUID): Admins only: the orders of this buyer
        as_seller (bool | Unset): Sellers: the orders containing their products instead of their
            own Default: False.
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        status=status,
        user_id=user_id,
        as_seller=as_seller,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    as_seller: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> PageOrderRead | Problem | ValidationProblem | None:
    """List Orders

     The caller's orders, newest first, paginated, with a `status` filter. Admins see everyone's
    (`?user_id=` narrows); `as_seller=true` lists the orders holding the caller's products
    (sellers see their own lines only). Read-only.

    Args:
        status (None | OrderStatus | Unset): Only orders in this status
        user_id (None | Unset | UUID): Admins only: the orders of this buyer
        as_seller (bool | Unset): Sellers: the orders containing their products instead of their
            own Default: False.
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderRead | Problem | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            user_id=user_id,
            as_seller=as_seller,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
