from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.billing_list_subscription_charges_status_type_0 import BillingListSubscriptionChargesStatusType0
from ...models.page_charge_read import PageChargeRead
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: UUID,
    *,
    status: BillingListSubscriptionChargesStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, BillingListSubscriptionChargesStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

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
        "url": "/api/billing/subscriptions/{subscription_id}/charges".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageChargeRead | Problem | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PageChargeRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[PageChargeRead | Problem | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: UUID,
    *,
    client: AuthenticatedClient,
    status: BillingListSubscriptionChargesStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[PageChargeRead | Problem | ValidationProblem]:
    """List Subscription Charges

     The charges of one subscription, newest first, optionally filtered by `status`, for its
    owner or an admin; another user's subscription is 404. Read-only.

    Args:
        subscription_id (UUID):
        status (BillingListSubscriptionChargesStatusType0 | None | Unset):
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageChargeRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: UUID,
    *,
    client: AuthenticatedClient,
    status: BillingListSubscriptionChargesStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> PageChargeRead | Problem | ValidationProblem | None:
    """List Subscription Charges

     The charges of one subscription, newest first, optionally filtered by `status`, for its
    owner or an admin; another user's subscription is 404. Read-only.

    Args:
        subscription_id (UUID):
        status (BillingListSubscriptionChargesStatusType0 | None | Unset):
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageChargeRead | Problem | ValidationProblem
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        status=status,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    subscription_id: UUID,
    *,
    client: AuthenticatedClient,
    status: BillingListSubscriptionChargesStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[PageChargeRead | Problem | ValidationProblem]:
    """List Subscription Charges

     The charges of one subscription, newest first, optionally filtered by `status`, for its
    owner or an admin; another user's subscription is 404. Read-only.

    Args:
        subscription_id (UUID):
        status (BillingListSubscriptionChargesStatusType0 | None | Unset):
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageChargeRead | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: UUID,
    *,
    client: AuthenticatedClient,
    status: BillingListSubscriptionChargesStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> PageChargeRead | Problem | ValidationProblem | None:
    """List Subscription Charges

     The charges of one subscription, newest first, optionally filtered by `status`, for its
    owner or an admin; another user's subscription is 404. Read-only.

    Args:
        subscription_id (UUID):
        status (BillingListSubscriptionChargesStatusType0 | None | Unset):
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageChargeRead | Problem | ValidationProblem
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            status=status,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
