"""SandboxProvider against a real sandbox process: every method and every error mapping."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from common.testing import free_port, wait_for
from payments.provider import get_provider
from payments.provider.base import ChargeRequest, ProviderError, ProviderResult
from payments.provider.sandbox import CardRejected, SandboxProvider

VISA = "4242424242424242"
API_KEY = "sk_adapter_tests"
WEBHOOK_SECRET = "whsec_adapter_tests"


def ref(prefix: str = "pay") -> str:
    return f"{prefix}-{uuid.uuid4()}"


async def tokenize(provider: SandboxProvider, number: str = VISA, **changes: Any) -> str:
    fields: dict[str, Any] = {
        "number": number,
        "exp_month": 12,
        "exp_year": 2034,
        "cvc": "123",
        "holder_name": None,
        **changes,
    }
    return (await provider.tokenize(**fields)).token


async def behave(sandbox: Any, http: httpx.AsyncClient, **behaviour: int) -> None:
    response = await http.post(
        f"{sandbox.base_url}/v1/test/behaviour",
        json=behaviour,
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    response.raise_for_status()


class TestTokenize:
    async def test_a_card_becomes_a_token(self, provider: SandboxProvider) -> None:
        card = await provider.tokenize(
            number="5555 5555 5555 4444", exp_month=7, exp_year=2031, cvc="321", holder_name="A"
        )
        assert card.token.startswith("tok_")
        assert (card.brand, card.last4, card.exp_month, card.exp_year) == (
            "mastercard",
            "4444",
            7,
            2031,
        )

    async def test_the_same_card_has_the_same_fingerprint(self, provider: SandboxProvider) -> None:
        first = await provider.tokenize(
            number=VISA, exp_month=1, exp_year=2030, cvc="111", holder_name=None
        )
        second = await provider.tokenize(
            number=VISA, exp_month=2, exp_year=2031, cvc="222", holder_name="B"
        )
        assert first.token != second.token
        assert first.fingerprint == second.fingerprint

    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"number": "4242424242424241"}, "invalid_number"),
            ({"exp_year": 2020}, "expired_card"),
            ({"exp_month": 13}, "invalid_expiry_month"),
            ({"cvc": "12"}, "invalid_cvc"),
            ({"number": "378282246310005", "cvc": "123"}, "invalid_cvc"),
        ],
    )
    async def test_refused_details_raise_card_rejected_with_the_code(
        self, provider: SandboxProvider, changes: dict[str, Any], code: str
    ) -> None:
        with pytest.raises(CardRejected) as caught:
            await tokenize(provider, **changes)
        assert caught.value.code == code
        assert caught.value.message
        assert isinstance(caught.value, ValueError)


class TestAuthorize:
    async def test_4242_is_captured(self, provider: SandboxProvider) -> None:
        token = await tokenize(provider)
        result = await provider.authorize(
            reference=ref(), token=token, amount=1250, currency="USD", capture=True
        )
        assert result.status == "captured"
        assert result.provider_ref.startswith("ch_")
        assert (result.amount, result.captured_amount, result.refunded_amount) == (1250, 1250, 0)
        assert result.failure_code is None

    async def test_without_capture_it_is_authorized(self, provider: SandboxProvider) -> None:
        token = await tokenize(provider)
        result = await provider.authorize(
            reference=ref(), token=token, amount=1250, currency="USD", capture=False
        )
        assert (result.status, result.captured_amount) == ("authorized", 0)

    @pytest.mark.parametrize(
        ("number", "code"),
        [("4000000000000002", "card_declined"), ("4000000000009995", "insufficient_funds")],
    )
    async def test_declines_are_results_with_their_code(
        self, provider: SandboxProvider, number: str, code: str
    ) -> None:
        token = await tokenize(provider, number)
        result = await provider.authorize(
            reference=ref(), token=token, amount=500, currency="EUR", capture=True
        )
        assert (result.status, result.failure_code) == ("declined", code)
        assert result.failure_message

    async def test_0119_is_a_retryable_processing_error_that_charges_nothing(
        self, provider: SandboxProvider
    ) -> None:
        token = await tokenize(provider, "4000000000000119")
        reference = ref()
        for _ in range(2):
            with pytest.raises(ProviderError) as caught:
                await provider.authorize(
                    reference=reference, token=token, amount=500, currency="EUR", capture=True
                )
            assert (caught.value.code, caught.value.retryable) == ("processing_error", True)
        assert await provider.status(reference=reference) is None

    async def test_repeating_a_reference_never_charges_twice(
        self, provider: SandboxProvider
    ) -> None:
        token = await tokenize(provider)
        reference = ref()
        first = await provider.authorize(
            reference=reference, token=token, amount=700, currency="USD", capture=True
        )
        again = await provider.authorize(
            reference=reference, token=token, amount=700, currency="USD", capture=True
        )
        assert again == first

    async def test_an_unknown_token_is_a_final_provider_error(
        self, provider: SandboxProvider
    ) -> None:
        with pytest.raises(ProviderError) as caught:
            await provider.authorize(
                reference=ref(), token="tok_nope", amount=700, currency="USD", capture=True
            )
        assert (caught.value.code, caught.value.retryable) == ("unknown_token", False)

    async def test_a_reused_reference_is_a_final_provider_error(
        self, provider: SandboxProvider
    ) -> None:
        token = await tokenize(provider)
        reference = ref()
        await provider.authorize(
            reference=reference, token=token, amount=700, currency="USD", capture=True
        )
        with pytest.raises(ProviderError) as caught:
            await provider.authorize(
                reference=reference, token=token, amount=1, currency="USD", capture=True
            )
        assert (caught.value.code, caught.value.retryable) == ("reference_reused", False)


async def authorized(provider: SandboxProvider, amount: int = 1000) -> tuple[str, str]:
    token = await tokenize(provider)
    reference = ref()
    result = await provider.authorize(
        reference=reference, token=token, amount=amount, currency="USD", capture=False
    )
    return reference, result.provider_ref


class TestAuthorizeMany:
    async def test_each_charge_is_answered_in_order(self, provider: SandboxProvider) -> None:
        visa = await tokenize(provider)
        declined = await tokenize(provider, "4000000000000002")
        network = await tokenize(provider, "4000000000000119")
        made = ref()
        await provider.authorize(
            reference=made, token=visa, amount=100, currency="USD", capture=True
        )
        asks = [
            ChargeRequest(ref(), visa, 100, "USD", True),
            ChargeRequest(ref(), visa, 100, "USD", False),
            ChargeRequest(ref(), declined, 100, "USD", True),
            ChargeRequest(ref(), network, 100, "USD", True),
            ChargeRequest(ref(), "tok_unknown", 100, "USD", True),
            ChargeRequest(made, visa, 100, "USD", True),
            ChargeRequest(made, visa, 200, "USD", True),
        ]

        answers = await provider.authorize_many(asks)

        results = [a for a in answers if isinstance(a, ProviderResult)]
        assert [r.status for r in results] == ["captured", "authorized", "declined", "captured"]
        assert results[2].failure_code == "card_declined"
        errors = [a for a in answers if isinstance(a, ProviderError)]
        assert [(e.code, e.retryable) for e in errors] == [
            ("processing_error", True), ("unknown_token", False), ("reference_reused", False)
        ]  # fmt: skip
        assert [type(a) for a in answers][3:5] == [ProviderError, ProviderError]
        status = await provider.status(reference=asks[0].reference)
        assert status is not None
        assert status.provider_ref == results[0].provider_ref

    async def test_a_lost_batch_answer_is_a_retryable_error_and_the_charges_are_made(
        self, provider: SandboxProvider, sandbox: Any, http: httpx.AsyncClient
    ) -> None:
        visa = await tokenize(provider)
        asks = [ChargeRequest(ref(), visa, 100, "USD", True) for _ in range(2)]
        await behave(sandbox, http, drop_response_next=1, hang_ms=100)
        with pytest.raises(ProviderError) as caught:
            await provider.authorize_many(asks)
        assert caught.value.retryable
        for ask in asks:
            status = await provider.status(reference=ask.reference)
            assert status is not None
            assert status.status == "captured"


class TestCaptureAndVoid:
    async def test_a_partial_capture_then_a_retry_of_it(self, provider: SandboxProvider) -> None:
        reference, charge_id = await authorized(provider)
        result = await provider.capture(reference=reference, provider_ref=charge_id, amount=600)
        again = await provider.capture(reference=reference, provider_ref=charge_id, amount=600)
        assert (result.status, result.captured_amount, result.amount) == ("captured", 600, 1000)
        assert again == result

    async def test_capture_over_the_authorization_is_a_final_error(
        self, provider: SandboxProvider
    ) -> None:
        reference, charge_id = await authorized(provider)
        with pytest.raises(ProviderError) as caught:
            await provider.capture(reference=reference, provider_ref=charge_id, amount=1001)
        assert (caught.value.code, caught.value.retryable) == ("capture_exceeds_authorized", False)

    async def test_void_releases_the_authorization(self, provider: SandboxProvider) -> None:
        reference, charge_id = await authorized(provider)
        result = await provider.void(reference=reference, provider_ref=charge_id)
        assert result.status == "voided"
        with pytest.raises(ProviderError) as caught:
            await provider.capture(reference=reference, provider_ref=charge_id, amount=1000)
        assert (caught.value.code, caught.value.retryable) == ("charge_not_capturable", False)

    async def test_voiding_a_captured_charge_is_a_final_error(
        self, provider: SandboxProvider
    ) -> None:
        reference, charge_id = await authorized(provider)
        await provider.capture(reference=reference, provider_ref=charge_id, amount=1000)
        with pytest.raises(ProviderError) as caught:
            await provider.void(reference=reference, provider_ref=charge_id)
        assert caught.value.code == "charge_not_voidable"

    async def test_an_unknown_charge_is_a_final_error(self, provider: SandboxProvider) -> None:
        with pytest.raises(ProviderError) as caught:
            await provider.void(reference=ref(), provider_ref="ch_missing")
        assert (caught.value.code, caught.value.retryable) == ("charge_not_found", False)


class TestRefund:
    async def test_a_refund_and_its_retry(self, provider: SandboxProvider) -> None:
        reference, charge_id = await authorized(provider)
        await provider.capture(reference=reference, provider_ref=charge_id, amount=1000)
        refund_ref = ref("refund")
        result = await provider.refund(reference=refund_ref, provider_ref=charge_id, amount=400)
        again = await provider.refund(reference=refund_ref, provider_ref=charge_id, amount=400)
        assert result.status == "refunded"
        assert result.provider_ref.startswith("re_")
        assert (result.amount, result.captured_amount, result.refunded_amount) == (400, 1000, 400)
        assert again == result
        status = await provider.status(reference=reference)
        assert status is not None
        assert (status.status, status.refunded_amount) == ("captured", 400)

    async def test_refunding_more_than_captured_is_declined(
        self, provider: SandboxProvider
    ) -> None:
        reference, charge_id = await authorized(provider)
        await provider.capture(reference=reference, provider_ref=charge_id, amount=500)
        result = await provider.refund(reference=ref(), provider_ref=charge_id, amount=501)
        assert (result.status, result.failure_code) == ("declined", "refund_exceeds_captured")

    async def test_refunding_an_uncaptured_charge_is_declined(
        self, provider: SandboxProvider
    ) -> None:
        _, charge_id = await authorized(provider)
        result = await provider.refund(reference=ref(), provider_ref=charge_id, amount=1)
        assert (result.status, result.failure_code) == ("declined", "charge_not_refundable")

    async def test_a_full_refund_marks_the_charge_refunded(self, provider: SandboxProvider) -> None:
        token = await tokenize(provider)
        reference = ref()
        charge = await provider.authorize(
            reference=reference, token=token, amount=300, currency="USD", capture=True
        )
        await provider.refund(reference=ref(), provider_ref=charge.provider_ref, amount=300)
        status = await provider.status(reference=reference)
        assert status is not None
        assert status.status == "refunded"


class TestStatus:
    async def test_a_known_reference_answers_the_charge(self, provider: SandboxProvider) -> None:
        token = await tokenize(provider, "4000000000000002")
        reference = ref()
        made = await provider.authorize(
            reference=reference, token=token, amount=900, currency="USD", capture=True
        )
        assert await provider.status(reference=reference) == made

    async def test_an_unknown_reference_is_none(self, provider: SandboxProvider) -> None:
        assert await provider.status(reference=ref()) is None


class TestTransportFailures:
    async def test_a_refused_call_is_a_retryable_processing_error(
        self, provider: SandboxProvider, sandbox: Any, http: httpx.AsyncClient
    ) -> None:
        token = await tokenize(provider)
        await behave(sandbox, http, fail_next=1)
        reference = ref()
        with pytest.raises(ProviderError) as caught:
            await provider.authorize(
                reference=reference, token=token, amount=100, currency="USD", capture=True
            )
        assert (caught.value.code, caught.value.retryable) == ("processing_error", True)
        retried = await provider.authorize(
            reference=reference, token=token, amount=100, currency="USD", capture=True
        )
        assert retried.status == "captured"

    async def test_a_lost_answer_is_retryable_and_the_status_tells_the_truth(
        self, provider: SandboxProvider, sandbox: Any, http: httpx.AsyncClient
    ) -> None:
        token = await tokenize(provider)
        await behave(sandbox, http, drop_response_next=1, hang_ms=100)
        reference = ref()
        with pytest.raises(ProviderError) as caught:
            await provider.authorize(
                reference=reference, token=token, amount=100, currency="USD", capture=True
            )
        assert (caught.value.code, caught.value.retryable) == ("processing_error", True)
        status = await provider.status(reference=reference)
        assert status is not None
        assert status.status == "captured"

    async def test_a_slow_answer_is_a_retryable_timeout(
        self, provider: SandboxProvider, sandbox: Any, http: httpx.AsyncClient
    ) -> None:
        token = await tokenize(provider)
        await behave(sandbox, http, drop_response_next=1, hang_ms=3000)
        reference = ref()
        with pytest.raises(ProviderError) as caught:
            await provider.authorize(
                reference=reference, token=token, amount=100, currency="USD", capture=True
            )
        assert (caught.value.code, caught.value.retryable) == ("provider_timeout", True)
        status = await provider.status(reference=reference)
        assert status is not None
        assert status.status == "captured"

    async def test_an_unreachable_sandbox_is_retryable_unavailable(
        self, http: httpx.AsyncClient
    ) -> None:
        provider = SandboxProvider(
            http, base_url=f"http://127.0.0.1:{free_port()}", api_key=API_KEY, webhook_secret="x"
        )
        with pytest.raises(ProviderError) as caught:
            await provider.status(reference=ref())
        assert (caught.value.code, caught.value.retryable) == ("provider_unavailable", True)

    async def test_a_wrong_api_key_is_a_final_error(
        self, sandbox: Any, http: httpx.AsyncClient
    ) -> None:
        provider = SandboxProvider(
            http, base_url=sandbox.base_url, api_key="sk_wrong", webhook_secret=WEBHOOK_SECRET
        )
        with pytest.raises(ProviderError) as caught:
            await provider.status(reference=ref())
        assert (caught.value.code, caught.value.retryable) == ("provider_auth_failed", False)


class TestFactory:
    def test_sandbox_is_built_by_name(self, http: httpx.AsyncClient) -> None:
        provider = get_provider(
            "sandbox", http=http, base_url="http://x", api_key="k", webhook_secret="w"
        )
        assert isinstance(provider, SandboxProvider)
        assert provider.name == "sandbox"

    def test_an_unknown_name_is_refused(self, http: httpx.AsyncClient) -> None:
        with pytest.raises(ValueError, match="unknown payment provider"):
            get_provider("acme", http=http, base_url="http://x", api_key="k", webhook_secret="w")


class TestNoCardNumbersInTheSandboxLog:
    async def test_the_sandbox_process_never_logs_a_number(
        self, provider: SandboxProvider, sandbox: Any
    ) -> None:
        await tokenize(provider, "6011111111111117")
        with pytest.raises(CardRejected):
            await tokenize(provider, "6011111111111118")
        await wait_for(_log_mentions(sandbox, "1117"), timeout=5)
        assert "601111111111111" not in sandbox.log()


def _log_mentions(sandbox: Any, text: str) -> Any:
    async def probe() -> bool:
        return text in sandbox.log()

    return probe
