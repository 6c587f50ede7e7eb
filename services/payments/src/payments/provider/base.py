"""The card-acquirer interface the payments service talks to. One adapter per provider.

Every call carries our own ``reference`` (the payment or refund id) which the provider treats
as an idempotency key: repeating a call with the same reference never charges twice, and
``status(reference)`` answers what happened to a call whose answer was lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

ChargeStatus = Literal[
    "authorized",  # held, awaiting capture (manual capture)
    "captured",  # money taken (automatic capture, or after capture)
    "declined",  # final failure, see failure_code
    "voided",  # authorization released
    "refunded",  # a refund call succeeded
]


class ProviderError(Exception):
    """The provider did not give a final answer (timeout, 5xx, processing_error).

    ``retryable`` errors may be retried with the same reference; a status re-check resolves
    whether the call took effect.
    """

    def __init__(self, message: str, *, code: str = "provider_error", retryable: bool = True):
        super().__init__(message)
        self.code = code
        self.retryable = retryable


@dataclass(frozen=True, slots=True)
class CardToken:
    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ProviderResult:
    status: ChargeStatus
    provider_ref: str
    amount: int
    captured_amount: int = 0
    refunded_amount: int = 0
    failure_code: str | None = None
    failure_message: str | None = None


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    """One charge of :meth:`PaymentProvider.authorize_many` (the arguments of ``authorize``)."""

    reference: str
    token: str
    amount: int
    currency: str
    capture: bool


@dataclass(frozen=True, slots=True)
class CallbackNotice:
    """A verified server-to-server notification: which reference changed, and the charge's
    status then when the provider says it (signed with the rest: enough to confirm a payment
    already settled that way without asking again)."""

    reference: str
    provider_ref: str
    event: str
    status: str | None = None


class PaymentProvider(Protocol):
    name: str

    async def tokenize(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, holder_name: str | None
    ) -> CardToken:
        """Exchange card details for a reusable token; the number and CVC never reach our DB."""
        ...

    async def authorize(
        self, *, reference: str, token: str, amount: int, currency: str, capture: bool
    ) -> ProviderResult:
        """Charge (capture=True) or only authorize. Declines return status "declined"."""
        ...

    async def authorize_many(
        self, charges: Sequence[ChargeRequest]
    ) -> list[ProviderResult | ProviderError]:
        """``authorize`` for each charge in one call, answered in order: an item the provider
        refused is its ProviderError. Raises ProviderError when the call as a whole got no
        answer (then any of them may have been made: re-check their status)."""
        ...

    async def capture(
        self, *, reference: str, provider_ref: str, amount: int
    ) -> ProviderResult: ...

    async def void(self, *, reference: str, provider_ref: str) -> ProviderResult: ...

    async def refund(self, *, reference: str, provider_ref: str, amount: int) -> ProviderResult:
        """``reference`` is our refund id; the result's status is "refunded" or "declined"."""
        ...

    async def status(self, *, reference: str) -> ProviderResult | None:
        """What the provider knows of the charge made with ``reference`` (None: never seen)."""
        ...

    def verify_callback(self, *, headers: Mapping[str, str], body: bytes) -> CallbackNotice:
        """Check the signature of a server-to-server notification; raise ValueError if forged,
        replayed (timestamp outside tolerance) or malformed."""
        ...

    def verify_callbacks(self, *, headers: Mapping[str, str], body: bytes) -> list[CallbackNotice]:
        """Like :meth:`verify_callback` for a delivery that may carry several notices (one
        signature over all of them); a single notice gives a list of one."""
        ...
