"""The order state machine as a pure function: every legal edge, and illegal ones refused."""

import pytest

from orders.state import (
    TRANSITIONS,
    IllegalTransitionError,
    OrderStatus,
    can_transition,
    ensure_transition,
    is_terminal,
)

S = OrderStatus

LEGAL = [
    (S.PENDING, S.AWAITING_PAYMENT),
    (S.PENDING, S.REJECTED),
    (S.PENDING, S.CANCELLED),
    (S.AWAITING_PAYMENT, S.PAID),
    (S.AWAITING_PAYMENT, S.CANCELLED),
    (S.AWAITING_PAYMENT, S.PENDING),
    (S.PAID, S.SHIPPED),
    (S.PAID, S.CANCELLED),
    (S.PAID, S.REFUNDED),
    (S.PAID, S.PARTIALLY_REFUNDED),
    (S.SHIPPED, S.DELIVERED),
    (S.SHIPPED, S.REFUNDED),
    (S.SHIPPED, S.PARTIALLY_REFUNDED),
    (S.DELIVERED, S.REFUNDED),
    (S.DELIVERED, S.PARTIALLY_REFUNDED),
    (S.PARTIALLY_REFUNDED, S.REFUNDED),
]


class TestTransitions:
    @pytest.mark.parametrize(("source", "target"), LEGAL)
    def test_legal_transition_is_allowed(self, source, target):
        assert can_transition(source, target)
        assert ensure_transition(source, target) is target

    def test_the_legal_list_is_the_whole_machine(self):
        edges = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
        assert edges == set(LEGAL)

    @pytest.mark.parametrize(
        ("source", "target"),
        [
            (S.PENDING, S.PAID),
            (S.PENDING, S.SHIPPED),
            (S.AWAITING_PAYMENT, S.SHIPPED),
            (S.AWAITING_PAYMENT, S.REJECTED),
            (S.PAID, S.PENDING),
            (S.PAID, S.DELIVERED),
            (S.SHIPPED, S.CANCELLED),
            (S.DELIVERED, S.CANCELLED),
            (S.DELIVERED, S.SHIPPED),
            (S.CANCELLED, S.PAID),
            (S.CANCELLED, S.CANCELLED),
            (S.REJECTED, S.AWAITING_PAYMENT),
            (S.REFUNDED, S.PARTIALLY_REFUNDED),
            (S.PARTIALLY_REFUNDED, S.SHIPPED),
        ],
    )
    def test_illegal_transition_is_refused_naming_both_states(self, source, target):
        assert not can_transition(source, target)
        with pytest.raises(IllegalTransitionError) as raised:
            ensure_transition(source, target)
        assert (raised.value.source, raised.value.target) == (source, target)
        assert f"'{source}'" in str(raised.value)
        assert f"'{target}'" in str(raised.value)

    def test_every_status_has_an_entry(self):
        assert set(TRANSITIONS) == set(OrderStatus)

    @pytest.mark.parametrize("status", [S.REJECTED, S.CANCELLED, S.REFUNDED])
    def test_end_states_are_terminal(self, status):
        assert is_terminal(status)

    def test_awaiting_payment_may_go_back_to_pending_for_a_line_change(self):
        assert can_transition(S.AWAITING_PAYMENT, S.PENDING)
        assert not can_transition(S.PAID, S.PENDING)
