"""The refund-share policy as pure functions: who may refund, and how much of whose share."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.auth import Principal
from payments.errors import (
    PaymentNotFound,
    RefundExceedsCaptured,
    RefundExceedsShare,
    RefundForbidden,
)
from payments.service.shares import captured_by_seller, plan_refund, refund_scope

PAYER, FIRST, SECOND = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def _who(user_id: uuid.UUID, role: str = "buyer") -> Principal:
    return Principal(user_id=user_id, role=role, token_id="t", issued_at=0.0)  # type: ignore[arg-type]


class TestScope:
    def test_an_admin_refunds_every_share(self):
        assert refund_scope(_who(uuid.uuid4(), "admin"), payer_id=PAYER, sellers=[FIRST]) is None

    def test_the_payer_never_refunds_itself_even_as_a_seller_of_its_order(self):
        with pytest.raises(RefundForbidden):
            refund_scope(_who(PAYER, "seller"), payer_id=PAYER, sellers=[PAYER, FIRST])

    def test_a_seller_paid_refunds_its_own_share(self):
        scope = refund_scope(_who(SECOND, "seller"), payer_id=PAYER, sellers=[FIRST, SECOND])
        assert scope == SECOND

    def test_anyone_else_does_not_see_the_payment(self):
        with pytest.raises(PaymentNotFound):
            refund_scope(_who(uuid.uuid4(), "seller"), payer_id=PAYER, sellers=[FIRST])
        with pytest.raises(PaymentNotFound):  # no order: it pays the platform
            refund_scope(_who(FIRST, "seller"), payer_id=PAYER, sellers=[])


class TestPlan:
    captured = {FIRST: 700, SECOND: 300}

    def test_a_seller_refunds_all_of_its_share_by_default_and_no_more(self):
        plan = plan_refund(captured=self.captured, reserved={}, amount=None, seller_id=SECOND)
        assert plan == {SECOND: 300}
        with pytest.raises(RefundExceedsShare):
            plan_refund(captured=self.captured, reserved={SECOND: 300}, amount=1, seller_id=SECOND)

    def test_an_admin_refund_is_spread_by_what_each_seller_has_left(self):
        plan = plan_refund(
            captured=self.captured, reserved={FIRST: 100}, amount=500, seller_id=None
        )
        assert plan == {FIRST: 333, SECOND: 167}
        with pytest.raises(RefundExceedsCaptured):
            plan_refund(captured=self.captured, reserved={}, amount=1001, seller_id=None)

    @given(
        st.lists(st.integers(1, 10_000), min_size=1, max_size=4),
        st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3_000)), max_size=12),
    )
    def test_no_sequence_of_refunds_takes_more_than_a_share(self, weights, requests):
        sellers = [uuid.uuid4() for _ in weights]
        splits = [{"seller_id": str(s), "amount": w} for s, w in zip(sellers, weights, strict=True)]
        captured = captured_by_seller(splits, sum(weights))
        assert captured == dict(zip(sellers, weights, strict=True))
        reserved: dict[uuid.UUID, int] = {}
        for who, amount in requests:
            seller = sellers[who] if who < len(sellers) else None
            try:
                plan = plan_refund(
                    captured=captured, reserved=reserved, amount=amount, seller_id=seller
                )
            except (RefundExceedsShare, RefundExceedsCaptured):
                continue
            assert sum(plan.values()) == amount
            assert seller is None or set(plan) == {seller}
            for part_seller, part in plan.items():
                reserved[part_seller] = reserved.get(part_seller, 0) + part
            assert all(reserved[s] <= captured[s] for s in reserved)
