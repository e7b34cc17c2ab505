"""itsmysoft: 14 days from receipt, refund only, original packaging, unworn; defects within 7 days."""

from __future__ import annotations

import pytest

from tests.unit.policy.cases import CONFIRMED, allowed, item, make_case, without


@pytest.mark.parametrize(("day", "expected"), [(0, ["refund"]), (14, ["refund"]), (15, [])])
def test_fourteen_days_from_receipt(day: int, expected: list[str]) -> None:
    assert allowed(make_case("itsmysoft", day=day, from_="receipt")) == expected


def test_counts_from_receipt_not_purchase() -> None:
    # placed 5 Jan, received 9 Jan: 23 Jan is day 18 from purchase but day 14 from receipt.
    assert allowed(make_case("itsmysoft", today="2025-01-23")) == ["refund"]


def test_refund_only_never_exchange_or_credit() -> None:
    for reason in ("change_of_mind", "wrong_size", "wrong_item"):
        assert allowed(make_case("itsmysoft", day=3, from_="receipt", reason=reason)) == ["refund"]


@pytest.mark.parametrize("missing", ["worn", "original_box", "packaging_intact"])
def test_original_condition_and_packaging(missing: str) -> None:
    assert allowed(make_case("itsmysoft", day=3, from_="receipt", condition=without(missing))) == []


def test_card_and_invoice_not_needed() -> None:
    for missing in ("original_card", "proof_of_purchase"):
        case = make_case("itsmysoft", day=3, from_="receipt", condition=without(missing))
        assert allowed(case) == ["refund"]


def test_final_sale_excluded() -> None:
    assert allowed(make_case("itsmysoft", day=3, from_="receipt", tags=["final_sale"])) == []


@pytest.mark.parametrize(("day", "expected"), [(7, ["refund"]), (8, [])])
def test_defects_within_seven_days_of_receipt(day: int, expected: list[str]) -> None:
    case = make_case("itsmysoft", day=day, from_="receipt", type_="warranty", reason="defective",
                     inspection=CONFIRMED, condition=without("worn"))
    result = item(case)
    assert result["allowed"] == expected
    assert result["refund_amount"] == ("140.00" if expected else "0.00")


def test_refund_is_the_price_paid_shipping_kept() -> None:
    result = item(make_case("itsmysoft", day=3, from_="receipt", price="75.00", paid="60.00",
                            shipping="9.95"))
    assert result["refund_amount"] == "60.00"
    assert any("Shipping" in r for r in result["reasons"])
