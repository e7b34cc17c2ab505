"""Ledger arithmetic: positions, the zero floor in plain words, corrections, masked numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.ledger import (
    EMPTY,
    LedgerError,
    Position,
    apply,
    check_amount,
    correction_amount,
    mask_account_number,
)

D = Decimal


def test_movements_count_up_and_carry_the_balance() -> None:
    after_issue = apply(EMPTY, D("50.00"), label="Gift card ••••0015")
    after_spend = apply(after_issue, D("-20.00"), label="Gift card ••••0015")
    assert after_issue == Position(1, D("50.00"))
    assert after_spend == Position(2, D("30.00"))


def test_spending_exactly_the_balance_leaves_zero() -> None:
    assert apply(Position(3, D("12.50")), D("-12.50"), label="x") == Position(4, D("0.00"))


def test_the_balance_never_goes_below_zero_and_says_so_plainly() -> None:
    with pytest.raises(LedgerError) as refused:
        apply(Position(2, D("12.50")), D("-20.00"), label="Store credit ••••0007")
    assert refused.value.message == (
        "Store credit ••••0007 can't go below zero: the balance is 12.50, less than 20.00."
    )
    assert isinstance(refused.value, InvalidInput)


def test_a_zero_movement_is_refused() -> None:
    with pytest.raises(LedgerError, match=r"0.00 changes nothing"):
        apply(Position(1, D("5.00")), D("0.00"), label="Gift card")


@pytest.mark.parametrize("bad", ["0", "-5", "1.234", "abc", 12.5, None])
def test_amounts_must_be_positive_cents(bad: object) -> None:
    with pytest.raises(LedgerError):
        check_amount(bad)


def test_amounts_accept_decimal_and_strings() -> None:
    assert check_amount("25") == D("25.00")
    assert check_amount(D("0.01")) == D("0.01")


def test_a_correction_reverses_the_original_exactly() -> None:
    assert correction_amount(D("-20.00")) == D("20.00")
    assert correction_amount(D("50.00")) == D("-50.00")


def test_account_numbers_are_masked_to_the_last_four() -> None:
    assert mask_account_number("G-TORA1-000015-3") == "••••0153"
