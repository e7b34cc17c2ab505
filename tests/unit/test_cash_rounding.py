"""Cash rounds to the smallest coin the currency still has: 5 cents in Canada and Australia, the
cent elsewhere (domain.money.cash_rounding)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storepos.domain.money import CASH_STEP, MoneyError, cash_rounding, cash_step
from storepos.domain.till_day import DENOMINATIONS

cents = st.integers(min_value=-10**11, max_value=10**11).map(lambda n: Decimal(n).scaleb(-2))


@pytest.mark.parametrize(("owed", "handed"), [
    ("12.40", "12.40"), ("12.41", "12.40"), ("12.42", "12.40"), ("12.43", "12.45"),
    ("12.44", "12.45"), ("12.45", "12.45"), ("12.46", "12.45"), ("12.47", "12.45"),
    ("12.48", "12.50"), ("12.49", "12.50"), ("0.02", "0.00"), ("0.03", "0.05"),
    ("-12.47", "-12.45"), ("-12.48", "-12.50"),
])
@pytest.mark.parametrize("currency", ["CAD", "AUD", "cad"])
def test_the_five_cent_table(owed: str, handed: str, currency: str) -> None:
    rounded, adjustment = cash_rounding(Decimal(owed), currency)
    assert rounded == Decimal(handed)
    assert adjustment == Decimal(handed) - Decimal(owed)
    assert rounded.as_tuple().exponent == -2


@pytest.mark.parametrize("currency", ["USD", "EUR", "GBP"])
def test_a_currency_with_a_penny_is_unchanged(currency: str) -> None:
    assert cash_rounding(Decimal("12.47"), currency) == (Decimal("12.47"), Decimal("0.00"))


def test_more_than_two_decimals_is_refused() -> None:
    with pytest.raises(MoneyError):
        cash_rounding(Decimal("12.475"), "CAD")


def test_the_step_is_the_smallest_coin_in_the_drawer() -> None:
    for currency, faces in DENOMINATIONS.items():
        assert cash_step(currency) == min(faces), currency
    assert set(CASH_STEP) <= set(DENOMINATIONS)


@given(cents, st.sampled_from(["CAD", "AUD"]))
def test_five_cent_currencies(owed: Decimal, currency: str) -> None:
    rounded, adjustment = cash_rounding(owed, currency)
    assert abs(adjustment) <= Decimal("0.02")
    assert rounded % Decimal("0.05") == 0
    assert rounded - adjustment == owed
    assert cash_rounding(-owed, currency) == (-rounded, -adjustment)  # a refund as a payment


@given(cents)
def test_usd_keeps_every_cent(owed: Decimal) -> None:
    assert cash_rounding(owed, "USD") == (owed, Decimal("0.00"))
