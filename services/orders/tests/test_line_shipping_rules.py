"""Line shipping to order state, as pure functions: the order is shipped when every line is
shipped (or delivered) and delivered when every line is delivered."""

from hypothesis import given
from hypothesis import strategies as st

from orders.state import (
    LineShipping,
    OrderStatus,
    can_move_line,
    can_transition,
    fulfilment,
    order_moves,
)

L = LineShipping
S = OrderStatus


class TestOrderMoves:
    def test_a_paid_order_with_one_line_unshipped_stays_paid(self):
        assert order_moves(S.PAID, [L.SHIPPED, L.NOT_SHIPPED]) == []

    def test_the_last_line_shipped_ships_the_order(self):
        assert order_moves(S.PAID, [L.SHIPPED, L.SHIPPED]) == [S.SHIPPED]

    def test_a_delivered_line_counts_as_shipped(self):
        assert order_moves(S.PAID, [L.DELIVERED, L.SHIPPED]) == [S.SHIPPED]

    def test_every_line_delivered_delivers_the_order_even_from_paid(self):
        assert order_moves(S.PAID, [L.DELIVERED, L.DELIVERED]) == [S.SHIPPED, S.DELIVERED]
        assert order_moves(S.SHIPPED, [L.DELIVERED]) == [S.DELIVERED]

    def test_a_shipped_order_waits_for_every_delivery(self):
        assert order_moves(S.SHIPPED, [L.DELIVERED, L.SHIPPED]) == []

    def test_a_partially_refunded_order_keeps_its_status(self):
        assert order_moves(S.PARTIALLY_REFUNDED, [L.SHIPPED]) == []

    @given(st.sampled_from(list(S)), st.lists(st.sampled_from(list(L)), max_size=6))
    def test_every_move_is_legal_and_follows_the_lines(self, status, lines):
        current = status
        moves = order_moves(status, lines)
        for target in moves:
            assert target in (S.SHIPPED, S.DELIVERED)
            assert can_transition(current, target)
            current = target
        if S.DELIVERED in moves:
            assert set(lines) == {L.DELIVERED}
        if S.SHIPPED in moves:
            assert L.NOT_SHIPPED not in lines


class TestLines:
    def test_a_line_ships_then_is_delivered_never_backwards(self):
        assert can_move_line(L.NOT_SHIPPED, L.SHIPPED)
        assert can_move_line(L.SHIPPED, L.DELIVERED)
        assert not can_move_line(L.NOT_SHIPPED, L.DELIVERED)
        assert not can_move_line(L.SHIPPED, L.SHIPPED)
        assert not can_move_line(L.DELIVERED, L.SHIPPED)

    def test_fulfilment_in_one_word(self):
        assert fulfilment([]) == "not_shipped"
        assert fulfilment([L.NOT_SHIPPED, L.SHIPPED]) == "partially_shipped"
        assert fulfilment([L.SHIPPED, L.SHIPPED]) == "shipped"
        assert fulfilment([L.SHIPPED, L.DELIVERED]) == "partially_delivered"
        assert fulfilment([L.DELIVERED]) == "delivered"
