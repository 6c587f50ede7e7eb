"""The adapter for the sandbox acquirer (``services/sandbox-provider``), reached over HTTP.

Error mapping, so callers can decide without knowing the sandbox:

- card details refused at tokenization (4xx) -> :class:`CardRejected` (a ``ValueError``) with
  the sandbox's code (``invalid_number``, ``expired_card``, ``invalid_cvc``, ...);
- a declined charge -> ``ProviderResult(status="declined", failure_code=...)``; a refused
  refund (more than captured, nothing captured) -> ``status="declined"`` as well;
- 5xx, timeouts and connection failures -> ``ProviderError(retryable=True)`` with code
  ``processing_error``, ``provider_unavailable`` or ``provider_timeout``: retry with the same
  reference, or ask :meth:`SandboxProvider.status`;
- other refusals (unknown token or charge, a reference reused with other parameters, a capture
  or void the charge's state forbids, a wrong API key) -> ``ProviderError(retryable=False)``
  with the sandbox's code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from common import tracing
from payments.provider.base import (
    CallbackNotice,
    CardToken,
    ChargeRequest,
    ProviderError,
    ProviderResult,
)

TIMESTAMP_HEADER = "sandbox-timestamp"
SIGNATURE_HEADER = "sandbox-signature"
CALLBACK_TOLERANCE_SECONDS = 300
BATCH_TYPE = "batch"
_REFUND_REFUSALS = {"refund_exceeds_captured", "charge_not_refundable"}
_T = TypeVar("_T")


class CardRejected(ValueError):
    """The acquirer refused the card details; ``code`` says why (answer 422 with it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidCallback(ValueError):
    """A callback that is unsigned, forged, replayed (stale timestamp) or malformed."""


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class SandboxProvider:
    name = "sandbox"

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str,
        webhook_secret: str,
        timeout: float = 10.0,
        callback_tolerance_seconds: int = CALLBACK_TOLERANCE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._webhook_secret = webhook_secret
        self._timeout = timeout
        self._tolerance = callback_tolerance_seconds
        self._clock = clock

    async def tokenize(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, holder_name: str | None
    ) -> CardToken:
        body = {"number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc}
        response = await self._call("POST", "/v1/tokens", {**body, "holder_name": holder_name})
        if response.status_code in (400, 422):
            code, message = _problem(response)
            raise CardRejected(code, message)
        data = _expect(response, 201)
        return _build(
            CardToken,
            token=data.get("token"),
            brand=data.get("brand"),
            last4=data.get("last4"),
            exp_month=data.get("exp_month"),
            exp_year=data.get("exp_year"),
            fingerprint=data.get("fingerprint"),
        )

    async def authorize(
        self, *, reference: str, token: str, amount: int, currency: str, capture: bool
    ) -> ProviderResult:
        body = {
            "reference": reference,
            "token": token,
            "amount": amount,
            "currency": currency,
            "capture": capture,
        }
        return _charge_result(_expect(await self._call("POST", "/v1/charges", body), 200, 201))

    async def authorize_many(
        self, charges: Sequence[ChargeRequest]
    ) -> list[ProviderResult | ProviderError]:
        """``POST /v1/charges/batch``: each item is answered as ``POST /v1/charges`` would be."""
        body = {"charges": [asdict(charge) for charge in charges]}
        data = _expect(await self._call("POST", "/v1/charges/batch", body), 200)
        items = data.get("results")
        if not isinstance(items, list) or len(items) != len(charges):
            raise ProviderError("The sandbox answered a malformed batch.")
        return [_batch_item(item) for item in items]

    async def capture(self, *, reference: str, provider_ref: str, amount: int) -> ProviderResult:
        """Capturing again with the same amount answers the captured charge (safe to retry)."""
        path = f"/v1/charges/{quote(provider_ref, safe='')}/capture"
        return _charge_result(_expect(await self._call("POST", path, {"amount": amount}), 200))

    async def void(self, *, reference: str, provider_ref: str) -> ProviderResult:
        path = f"/v1/charges/{quote(provider_ref, safe='')}/void"
        return _charge_result(_expect(await self._call("POST", path), 200))

    async def refund(self, *, reference: str, provider_ref: str, amount: int) -> ProviderResult:
        """``provider_ref`` of a refunded result is the refund's id; of a declined one, the
        charge's. Amounts: the refund's, and the charge's captured and refunded totals."""
        body = {"reference": reference, "charge_id": provider_ref, "amount": amount}
        response = await self._call("POST", "/v1/refunds", body)
        if response.status_code == 409:
            code, message = _problem(response)
            if code in _REFUND_REFUSALS:
                return ProviderResult(
                    status="declined",
                    provider_ref=provider_ref,
                    amount=amount,
                    failure_code=code,
                    failure_message=message,
                )
        data = _expect(response, 200, 201)
        charge = data.get("charge")
        if not isinstance(charge, dict):
            raise ProviderError("The sandbox answered a malformed refund.")
        return _build(
            ProviderResult,
            status="refunded",
            provider_ref=data.get("id"),
            amount=data.get("amount"),
            captured_amount=charge.get("captured_amount"),
            refunded_amount=charge.get("refunded_amount"),
        )

    async def status(self, *, reference: str) -> ProviderResult | None:
        response = await self._call("GET", "/v1/charges", params={"reference": reference})
        if response.status_code == 404:
            return None
        return _charge_result(_expect(response, 200))

    def verify_callback(self, *, headers: Mapping[str, str], body: bytes) -> CallbackNotice:
        self._verify_signature(headers, body)
        return _notice(_json_object(body))

    def verify_callbacks(self, *, headers: Mapping[str, str], body: bytes) -> list[CallbackNotice]:
        """A batch is ``{"type": "batch", "data": [notice, ...]}`` under one signature."""
        self._verify_signature(headers, body)
        data = _json_object(body)
        if data.get("type") != BATCH_TYPE:
            return [_notice(data)]
        notices = data.get("data")
        if not isinstance(notices, list) or not notices:
            raise InvalidCallback("The callback batch holds no notices.")
        return [_notice(notice) for notice in notices]

    def _verify_signature(self, headers: Mapping[str, str], body: bytes) -> None:
        lowered = {name.lower(): value for name, value in headers.items()}
        timestamp = lowered.get(TIMESTAMP_HEADER, "")
        signatures = lowered.get(SIGNATURE_HEADER, "")
        if not timestamp.isascii() or not timestamp.isdigit() or not signatures:
            raise InvalidCallback("The callback is not signed.")
        age = self._clock() - int(timestamp)
        if age > self._tolerance:
            raise InvalidCallback("The callback is too old; it may be a replay.")
        if -age > self._tolerance:
            raise InvalidCallback("The callback's timestamp is in the future.")
        expected = expected_signature(self._webhook_secret, timestamp, body)
        offered = [part.strip() for part in signatures.split(",")]
        if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
            raise InvalidCallback("The callback's signature does not match.")

    async def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        try:
            response = await self._http.request(
                method,
                self._base_url + path,
                json=body,
                params=params,
                headers=tracing.with_traceparent(self._headers),
                timeout=self._timeout,
            )
        except httpx.TimeoutException as exc:
            raise ProviderError(
                "The sandbox did not answer in time.", code="provider_timeout"
            ) from exc
        except httpx.HTTPError as exc:
            message = f"The sandbox is unreachable ({type(exc).__name__})."
            raise ProviderError(message, code="provider_unavailable") from exc
        if response.status_code >= 500:
            code, message = _problem(response)
            if code != "processing_error":
                code = "provider_unavailable"
            raise ProviderError(message, code=code, retryable=True)
        if response.status_code == 401:
            raise ProviderError(
                "The sandbox refused our API key.", code="provider_auth_failed", retryable=False
            )
        return response


def _problem(response: httpx.Response) -> tuple[str, str]:
    """``(code, detail)`` of a problem+json answer, with fallbacks for anything else."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return "provider_error", f"The sandbox answered HTTP {response.status_code}."
    code, detail = data.get("code"), data.get("detail")
    return (
        code if isinstance(code, str) else "provider_error",
        detail if isinstance(detail, str) else f"The sandbox answered HTTP {response.status_code}.",
    )


def _expect(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    if response.status_code not in statuses:
        code, message = _problem(response)
        raise ProviderError(message, code=code, retryable=False)
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProviderError("The sandbox answered something that is not a JSON object.")
    return data


def _build(cls: Callable[..., _T], **fields: Any) -> _T:
    expected = {
        "token": str, "brand": str, "last4": str, "fingerprint": str, "status": str,
        "provider_ref": str, "exp_month": int, "exp_year": int, "amount": int,
        "captured_amount": int, "refunded_amount": int,
    }  # fmt: skip
    for name, value in fields.items():
        kind = expected.get(name)
        if kind is not None and not isinstance(value, kind):
            raise ProviderError(f"The sandbox answered a malformed '{name}'.")
    return cls(**fields)


def _charge_result(data: dict[str, Any]) -> ProviderResult:
    if data.get("status") not in ("authorized", "captured", "declined", "voided", "refunded"):
        raise ProviderError("The sandbox answered an unknown charge status.")
    return _build(
        ProviderResult,
        status=data["status"],
        provider_ref=data.get("id"),
        amount=data.get("amount"),
        captured_amount=data.get("captured_amount"),
        refunded_amount=data.get("refunded_amount"),
        failure_code=data.get("failure_code"),
        failure_message=data.get("failure_message"),
    )


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InvalidCallback("The callback body is not JSON.") from exc
    if not isinstance(data, dict):
        raise InvalidCallback("The callback body is not an object.")
    return data


def _batch_item(item: Any) -> ProviderResult | ProviderError:
    """One item of a batch answer, mapped as :meth:`SandboxProvider._call` maps a whole one."""
    if not isinstance(item, dict) or not isinstance(item.get("status"), int):
        return ProviderError("The sandbox answered a malformed batch item.")
    status, charge, error = item["status"], item.get("charge"), item.get("error")
    if status in (200, 201) and isinstance(charge, dict):
        try:
            return _charge_result(charge)
        except ProviderError as exc:
            return exc
    error = error if isinstance(error, dict) else {}
    code, detail = error.get("code"), error.get("detail")
    code = code if isinstance(code, str) else "provider_error"
    detail = detail if isinstance(detail, str) else f"The sandbox answered HTTP {status}."
    if status >= 500:
        return ProviderError(
            detail, code=code if code == "processing_error" else "provider_unavailable"
        )
    return ProviderError(detail, code=code, retryable=False)


def _notice(data: Any) -> CallbackNotice:
    if not isinstance(data, dict):
        raise InvalidCallback("The callback notice is not an object.")
    fields = (data.get("reference"), data.get("charge_id"), data.get("type"))
    if not all(isinstance(value, str) and value for value in fields):
        raise InvalidCallback("The callback lacks reference, charge_id or type.")
    reference, charge_id, event = fields
    status = data.get("status")
    return CallbackNotice(
        reference=str(reference),
        provider_ref=str(charge_id),
        event=str(event),
        status=status if isinstance(status, str) else None,
    )
