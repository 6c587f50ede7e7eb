from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.callback_received import CallbackReceived
from ...models.callbacks_received import CallbacksReceived
from ...models.problem import Problem
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    provider_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/payments/providers/{provider_name}/callback".format(
            provider_name=quote(str(provider_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallbackReceived | CallbacksReceived | Problem | ValidationProblem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> CallbackReceived | CallbacksReceived:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = CallbackReceived.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = CallbacksReceived.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[CallbackReceived | CallbacksReceived | Problem | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    provider_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CallbackReceived | CallbacksReceived | Problem | ValidationProblem]:
    """Provider Callback

     Verify the signature, then confirm each notified payment: one read for a payment
    already settled (or whose first charge attempt is in flight), a status re-check with the
    provider and settlement for one waiting for a retry. A delivery may carry one notice or a
    batch of them under one signature. Called by the payment provider, no token. Idempotent:
    a payment is settled once however often its callback arrives.

    Args:
        provider_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackReceived | CallbacksReceived | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        provider_name=provider_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    provider_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> CallbackReceived | CallbacksReceived | Problem | ValidationProblem | None:
    """Provider Callback

     Verify the signature, then confirm each notified payment: one read for a payment
    already settled (or whose first charge attempt is in flight), a status re-check with the
    provider and settlement for one waiting for a retry. A delivery may carry one notice or a
    batch of them under one signature. Called by the payment provider, no token. Idempotent:
    a payment is settled once however often its callback arrives.

    Args:
        provider_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackReceived | CallbacksReceived | Problem | ValidationProblem
    """

    return sync_detailed(
        provider_name=provider_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    provider_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CallbackReceived | CallbacksReceived | Problem | ValidationProblem]:
    """Provider Callback

     Verify the signature, then confirm each notified payment: one read for a payment
    already settled (or whose first charge attempt is in flight), a status re-check with the
    provider and settlement for one waiting for a retry. A delivery may carry one notice or a
    batch of them under one signature. Called by the payment provider, no token. Idempotent:
    a payment is settled once however often its callback arrives.

    Args:
        provider_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallbackReceived | CallbacksReceived | Problem | ValidationProblem]
    """

    kwargs = _get_kwargs(
        provider_name=provider_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    provider_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> CallbackReceived | CallbacksReceived | Problem | ValidationProblem | None:
    """Provider Callback

     Verify the signature, then confirm each notified payment: one read for a payment
    already settled (or whose first charge attempt is in flight), a status re-check with the
    provider and settlement for one waiting for a retry. A delivery may carry one notice or a
    batch of them under one signature. Called by the payment provider, no token. Idempotent:
    a payment is settled once however often its callback arrives.

    Args:
        provider_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallbackReceived | CallbacksReceived | Problem | ValidationProblem
    """

    return (
        await asyncio_detailed(
            provider_name=provider_name,
            client=client,
        )
    ).parsed
