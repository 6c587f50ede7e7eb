from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment_detail import PaymentDetail
from ...models.payments_http_validation_error import PaymentsHTTPValidationError
from ...models.payments_problem_detail import PaymentsProblemDetail
from ...types import Response


def _get_kwargs(
    payment_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/payments/{payment_id}".format(
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail | None:
    if response.status_code == 200:
        response_200 = PaymentDetail.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = PaymentsProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = PaymentsProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = PaymentsHTTPValidationError.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail]:
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
) -> Response[PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail]:
    """Get Payment

     The payer and admins see it all; a seller it pays sees its own share only.

    Args:
        payment_id (UUID): The payment's id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
) -> PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail | None:
    """Get Payment

     The payer and admins see it all; a seller it pays sees its own share only.

    Args:
        payment_id (UUID): The payment's id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail
    """

    return sync_detailed(
        payment_id=payment_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail]:
    """Get Payment

     The payer and admins see it all; a seller it pays sees its own share only.

    Args:
        payment_id (UUID): The payment's id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
) -> PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail | None:
    """Get Payment

     The payer and admins see it all; a seller it pays sees its own share only.

    Args:
        payment_id (UUID): The payment's id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentDetail | PaymentsHTTPValidationError | PaymentsProblemDetail
    """

    return (
        await asyncio_detailed(
            payment_id=payment_id,
            client=client,
        )
    ).parsed
