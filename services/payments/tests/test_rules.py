"""Pure rules, checked over many generated inputs: change-making, sharing amounts, Luhn."""

import datetime as dt
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from payments.errors import CardExpired, InvalidCardNumber, InvalidCvc, InvalidExpiry
from payments.service.cards import check_expiry, luhn_valid, validate_card
from payments.service.coins import COINS, make_change
from payments.service.ledger import allocate, payee_shares


@cache
def fewest_coins(amount: int) -> int:
    """Exhaustive minimum number of coins for a multiple of 5 (the reference)."""
    if amount == 0:
        return 0
    return 1 + min(fewest_coins(amount - c) for c in COINS if c <= amount)


class TestMakeChange:
    @given(st.integers(min_value=0, max_value=2_000))
    def test_change_pays_all_it_can_with_the_fewest_coins(self, amount):
        coins, left = make_change(amount)
        paid = sum(int(coin) * count for coin, count in coins.items())
        assert paid + left == amount
        assert 0 <= left < 5
        assert left == amount % 5
        assert sum(coins.values()) == fewest_coins(amount - left)
        assert set(coins) == {"100", "50", "20", "10", "5"}

    def test_negative_amount_is_refused(self):
        with pytest.raises(ValueError):
            make_change(-5)


class TestAllocate:
    @given(
        st.integers(min_value=0, max_value=10**9),
        st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=8),
    )
    def test_parts_sum_to_the_amount_and_stay_proportional(self, amount, weights):
        parts = allocate(amount, weights)
        assert sum(parts) == amount
        total = sum(weights)
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part * total - amount * weight) < total  # within one unit

    @given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=8))
    def test_the_whole_goes_back_to_each_weight(self, weights):
        assert allocate(sum(weights), weights) == weights

    @given(st.data())
    def test_refund_shares_of_partial_refunds_return_exactly_what_each_seller_got(self, data):
        weights = data.draw(st.lists(st.integers(1, 5000), min_size=1, max_size=5))
        splits = [{"seller_id": str(i), "amount": w} for i, w in enumerate(weights)]
        captured = sum(weights)
        refunds = data.draw(st.lists(st.integers(1, captured), max_size=6))
        given_back: dict[str, int] = {}
        done = 0
        for amount in [*refunds, captured]:
            amount = min(amount, captured - done)
            before = dict(payee_shares(splits, done))
            for account, share in payee_shares(splits, done + amount):
                given_back[account] = given_back.get(account, 0) + share - before[account]
            done += amount
        assert given_back == dict(payee_shares(splits, captured))


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


class TestCards:
    @given(st.text(alphabet="0123456789", min_size=11, max_size=18))
    def test_a_correct_check_digit_is_valid_and_any_other_is_not(self, body):
        number = _with_check_digit(body)
        assert luhn_valid(number)
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert not luhn_valid(wrong)

    def test_card_checks_and_their_codes(self):
        good = {"number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": 2040, "cvc": "123"}
        assert validate_card(**good) == "4242424242424242"
        for changes, error in [
            ({"number": "4242424242424241"}, InvalidCardNumber),
            ({"number": "42424242"}, InvalidCardNumber),
            ({"cvc": "12a"}, InvalidCvc),
            ({"number": "378282246310005", "cvc": "123"}, InvalidCvc),
        ]:
            with pytest.raises(error):
                validate_card(**{**good, **changes})

    def test_a_card_is_valid_through_its_expiry_month(self):
        today = dt.date(2030, 6, 15)
        check_expiry(6, 2030, today=today)
        with pytest.raises(CardExpired):
            check_expiry(5, 2030, today=today)
        with pytest.raises(InvalidExpiry):
            check_expiry(1, 2090, today=today)
