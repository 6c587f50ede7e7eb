from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_product_read import PageProductRead
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    seller_id: None | Unset | UUID = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_seller_id: None | str | Unset
    if isinstance(seller_id, Unset):
        json_seller_id = UNSET
    elif isinstance(seller_id, UUID):
        json_seller_id = str(seller_id)
    else:
        json_seller_id = seller_id
    params["seller_id"] = json_seller_id

    json_min_price: int | None | Unset
    if isinstance(min_price, Unset):
        json_min_price = UNSET
    else:
        json_min_price = min_price
    params["min_price"] = json_min_price

    json_max_price: int | None | Unset
    if isinstance(max_price, Unset):
        json_max_price = UNSET
    else:
        json_max_price = max_price
    params["max_price"] = json_max_price

    json_in_stock: bool | None | Unset
    if isinstance(in_stock, Unset):
        json_in_stock = UNSET
    else:
        json_in_stock = in_stock
    params["in_stock"] = json_in_stock

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/catalog/products",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageProductRead | Problem | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PageProductRead.from_dict(response.json())

        return response_200

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
) -> Response[PageProductRead | Problem | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    seller_id: None | Unset | UUID = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | None | Unset = UNSET,
) -> Response[PageProductRead | Problem | ValidationProblem]:
    """List Products

     Live products, newest first; no token needed.

    Args:
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor
        q (None | str | Unset): Words that must all appear in name or description
        seller_id (None | Unset | UUID): Only this seller's products
        min_price (int | None | Unset): Minimum price, minor units
        max_price (int | None | Unset): Maximum price, minor units
        in_stock (bool | None | Unset): true: something available; false: nothing available

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProductRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        seller_id=seller_id,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    seller_id: None | Unset | UUID = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | None | Unset = UNSET,
) -> PageProductRead | Problem | ValidationProblem | None:
    """List Products

     Live products, newest first; no token needed.

    Args:
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor
        q (None | str | Unset): Words that must all appear in name or description
        seller_id (None | Unset | UUID): Only this seller's products
        min_price (int | None | Unset): Minimum price, minor units
        max_price (int | None | Unset): Maximum price, minor units
        in_stock (bool | None | Unset): true: something available; false: nothing available

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProductRead | Problem | ValidationProblem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        q=q,
        seller_id=seller_id,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    seller_id: None | Unset | UUID = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | None | Unset = UNSET,
) -> Response[PageProductRead | Problem | ValidationProblem]:
    """List Products

     Live products, newest first; no token needed.

    Args:
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor
        q (None | str | Unset): Words that must all appear in name or description
        seller_id (None | Unset | UUID): Only this seller's products
        min_price (int | None | Unset): Minimum price, minor units
        max_price (int | None | Unset): Maximum price, minor units
        in_stock (bool | None | Unset): true: something available; false: nothing available

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProductRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        q=q,
        seller_id=seller_id,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    seller_id: None | Unset | UUID = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | None | Unset = UNSET,
) -> PageProductRead | Problem | ValidationProblem | None:
    """List Products

     Live products, newest first; no token needed.

    Args:
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor
        q (None | str | Unset): Words that must all appear in name or description
        seller_id (None | Unset | UUID): Only this seller's products
        min_price (int | None | Unset): Minimum price, minor units
        max_price (int | None | Unset): Maximum price, minor units
        in_stock (bool | None | Unset): true: something available; false: nothing available

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProductRead | Problem | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            q=q,
            seller_id=seller_id,
            min_price=min_price,
            max_price=max_price,
            in_stock=in_stock,
        )
    ).parsed
