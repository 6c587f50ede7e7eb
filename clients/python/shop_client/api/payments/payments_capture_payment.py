from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.capture_create import CaptureCreate
from ...models.payment_detail import PaymentDetail
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    payment_id: UUID,
    *,
    body: CaptureCreate | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/payments/{payment_id}/capture".format(
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    if isinstance(body, CaptureCreate):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentDetail | Problem | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PaymentDetail.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[PaymentDetail | Problem | ValidationProblem]:
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
    body: CaptureCreate | None | Unset = UNSET,
) -> Response[PaymentDetail | Problem | ValidationProblem]:
    """Capture Payment

     Capture an authorized payment. Its payer or an admin. An order payment is captured in
    full only (422 otherwise); a payment without an order in full or in part (the rest is
    released). Capturing a payment that is not ``requires_capture`` is 409.

    Args:
        payment_id (UUID): The payment's id
        body (CaptureCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentDetail | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CaptureCreate | None | Unset = UNSET,
) -> PaymentDetail | Problem | ValidationProblem | None:
    """Capture Payment

     Capture an authorized payment. Its payer or an admin. An order payment is captured in
    full only (422 otherwise); a payment without an order in full or in part (the rest is
    released). Capturing a payment that is not ``requires_capture`` is 409.

    Args:
        payment_id (UUID): The payment's id
        body (CaptureCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentDetail | Problem | ValidationProblem
    """

    return sync_detailed(
        payment_id=payment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CaptureCreate | None | Unset = UNSET,
) -> Response[PaymentDetail | Problem | ValidationProblem]:
    """Capture Payment

     Capture an authorized payment. Its payer or an admin. An order payment is captured in
    full only (422 otherwise); a payment without an order in full or in part (the rest is
    released). Capturing a payment that is not ``requires_capture`` is 409.

    Args:
        payment_id (UUID): The payment's id
        body (CaptureCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentDetail | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CaptureCreate | None | Unset = UNSET,
) -> PaymentDetail | Problem | ValidationProblem | None:
    """Capture Payment

     Capture an authorized payment. Its payer or an admin. An order payment is captured in
    full only (422 otherwise); a payment without an order in full or in part (the rest is
    released). Capturing a payment that is not ``requires_capture`` is 409.

    Args:
        payment_id (UUID): The payment's id
        body (CaptureCreate | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentDetail | Problem | ValidationProblem
    """

    return (
        await asyncio_detailed(
            payment_id=payment_id,
            client=client,
            body=body,
        )
    ).parsed
