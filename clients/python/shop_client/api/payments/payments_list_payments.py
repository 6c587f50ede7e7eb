from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_payment_read import PagePaymentRead
from ...models.payments_http_validation_error import PaymentsHTTPValidationError
from ...models.payments_list_payments_status_type_0 import PaymentsListPaymentsStatusType0
from ...models.payments_problem_detail import PaymentsProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | PaymentsListPaymentsStatusType0 | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, PaymentsListPaymentsStatusType0):
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
        "url": "/api/payments",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail | None:
    if response.status_code == 200:
        response_200 = PagePaymentRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = PaymentsProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = PaymentsHTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: None | PaymentsListPaymentsStatusType0 | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail]:
    """List Payments

     The caller's payments, newest first; an admin sees everyone's.

    Args:
        status (None | PaymentsListPaymentsStatusType0 | Unset):
        user_id (None | Unset | UUID): Admins: one payer's payments
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail]
    """

    kwargs = _get_kwargs(
        status=status,
        user_id=user_id,
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
    status: None | PaymentsListPaymentsStatusType0 | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail | None:
    """List Payments

     The caller's payments, newest first; an admin sees everyone's.

    Args:
        status (None | PaymentsListPaymentsStatusType0 | Unset):
        user_id (None | Unset | UUID): Admins: one payer's payments
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail
    """

    return sync_detailed(
        client=client,
        status=status,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: None | PaymentsListPaymentsStatusType0 | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail]:
    """List Payments

     The caller's payments, newest first; an admin sees everyone's.

    Args:
        status (None | PaymentsListPaymentsStatusType0 | Unset):
        user_id (None | Unset | UUID): Admins: one payer's payments
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail]
    """

    kwargs = _get_kwargs(
        status=status,
        user_id=user_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: None | PaymentsListPaymentsStatusType0 | Unset = UNSET,
    user_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail | None:
    """List Payments

     The caller's payments, newest first; an admin sees everyone's.

    Args:
        status (None | PaymentsListPaymentsStatusType0 | Unset):
        user_id (None | Unset | UUID): Admins: one payer's payments
        limit (int | Unset): Page size, 1..100 Default: 20.
        cursor (None | str | Unset): Opaque cursor from next_cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePaymentRead | PaymentsHTTPValidationError | PaymentsProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            user_id=user_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
