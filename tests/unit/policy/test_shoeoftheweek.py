"""Shoe of the Week: 14 days from receipt AND 30 from purchase, 20 % fee, exclusions, ACL faults."""

from __future__ import annotations

import pytest

from storepos.wording.policy import reason_text
from tests.unit.policy.cases import CONFIRMED, allowed, decide, item, make_case, without

ALL = ["refund", "exchange", "store_credit"]


def sotw(**kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("placed", "2025-05-01")
    kwargs.setdefault("received", "2025-05-05")
    kwargs.setdefault("price", "120.00")
    return make_case("shoeoftheweek", **kwargs)


@pytest.mark.parametrize(("today", "expected"), [
    ("2025-05-19", ALL),  # day 14 from receipt, day 18 from purchase
    ("2025-05-20", []),  # day 15 from receipt
])
def test_fourteen_days_from_receipt(today: str, expected: list[str]) -> None:
    assert allowed(sotw(today=today)) == expected


def test_thirty_days_from_purchase_must_also_hold() -> None:
    # received late: day 10 from receipt but day 31 from purchase.
    assert allowed(sotw(placed="2025-05-01", received="2025-05-22", today="2025-05-31")) == ALL  # day 30
    assert allowed(sotw(placed="2025-05-01", received="2025-05-22", today="2025-06-01")) == []  # day 31


@pytest.mark.parametrize(("paid", "fee", "refund"), [
    ("120.00", "24.00", "96.00"),
    ("99.99", "20.00", "79.99"),  # 19.998 -> 20.00
    ("12.53", "2.51", "10.02"),  # 2.506 -> 2.51
    ("1.03", "0.21", "0.82"),  # 0.206 -> 0.21
    ("0.03", "0.01", "0.02"),  # 0.006 -> 0.01
    ("0.02", "0.00", "0.02"),  # 0.004 -> 0.00
    ("0.00", "0.00", "0.00"),
])
def test_fee_is_twenty_percent_rounded_half_up(paid: str, fee: str, refund: str) -> None:
    result = item(sotw(today="2025-05-08", price=paid, paid=paid))
    assert (result["restocking_fee"], result["refund_amount"]) == (fee, refund)


def test_exact_half_cent_rounds_up() -> None:
    # 20 % of 0.0x5 never lands on a half cent, so check the rounding rule itself as well.
    from decimal import Decimal

    from storepos.domain.money import percent_of
    assert percent_of(Decimal("0.125"), Decimal(20)) == Decimal("0.03")  # 0.025 -> 0.03
    assert percent_of(Decimal("10.025"), Decimal(20)) == Decimal("2.01")  # 2.005 -> 2.01


def test_fee_applies_to_every_change_of_mind_resolution() -> None:
    result = item(sotw(today="2025-05-08", reason="wrong_size"))
    assert result["allowed"] == ALL and result["restocking_fee"] == "24.00"


@pytest.mark.parametrize("tag", ["sale", "discounted", "clearance", "second_pair_promo", "bundle",
                                 "final_sale"])
def test_excluded_tags(tag: str) -> None:
    result = item(sotw(today="2025-05-08", tags=[tag]))
    assert result["allowed"] == [] and result["restocking_fee"] == "0.00"


def test_paid_below_list_price_counts_as_discounted() -> None:
    assert allowed(sotw(today="2025-05-08", paid="100.00")) == []


@pytest.mark.parametrize("tag", ["one_of_a_kind", "accessory"])
def test_other_tags_are_returnable(tag: str) -> None:
    assert allowed(sotw(today="2025-05-08", tags=[tag])) == ALL


@pytest.mark.parametrize("missing", ["worn", "original_box", "packaging_intact"])
def test_unused_and_packaging_intact(missing: str) -> None:
    assert allowed(sotw(today="2025-05-08", condition=without(missing))) == []


class TestFaulty:
    def test_refund_repair_or_replacement_without_fee_windows_or_exclusions(self) -> None:
        case = sotw(today="2026-01-20", tags=["sale"], paid="84.00", type_="warranty",
                    reason="defective", inspection=CONFIRMED, condition=without("worn"))
        decision = decide(case).to_json(reason_text)
        result = decision["items"]["L1"]
        assert result["allowed"] == ["refund", "replacement", "repair"]
        assert (result["restocking_fee"], result["refund_amount"]) == ("0.00", "84.00")
        assert decision["needs_manager"] is True

    def test_a_return_for_a_defect_is_judged_as_faulty(self) -> None:
        case = sotw(today="2025-07-01", reason="defective", inspection=CONFIRMED)
        result = item(case)
        assert result["allowed"] == ["refund", "replacement", "repair"]
        assert result["restocking_fee"] == "0.00"
        assert decide(case).needs_manager is False  # a return, not a warranty claim

    @pytest.mark.parametrize("finding", ["wear_and_tear", "misuse"])
    def test_misuse_and_wear_denied(self, finding: str) -> None:
        inspection = {**CONFIRMED, finding: True}
        case = sotw(today="2025-05-08", type_="warranty", reason="defective", inspection=inspection)
        assert allowed(case) == []

    def test_without_an_inspection_the_claim_is_not_decided(self) -> None:
        result = item(sotw(today="2025-05-08", type_="return", reason="defective"))
        assert result["allowed"] == [] and any("inspection" in r for r in result["reasons"])


def test_wrong_item_is_put_right_without_fee() -> None:
    result = item(sotw(today="2025-07-01", reason="wrong_item", tags=["sale"], paid="84.00"))
    assert result["allowed"] == ["refund", "exchange", "replacement"]
    assert result["restocking_fee"] == "0.00" and result["refund_amount"] == "84.00"


class TestCancel:
    def test_before_dispatch_refund_less_twenty_percent(self) -> None:
        result = item(sotw(today="2025-05-02", received=None, dispatched=False, type_="cancel"))
        outcome = (result["allowed"], result["restocking_fee"], result["refund_amount"])
        assert outcome == (["refund"], "24.00", "96.00")

    def test_after_dispatch_refused(self) -> None:
        assert allowed(sotw(today="2025-05-02", received=None, dispatched=True, type_="cancel")) == []

    def test_received_order_cannot_be_cancelled(self) -> None:
        assert allowed(sotw(today="2025-05-08", type_="cancel")) == []


def test_shipping_is_never_refunded() -> None:
    for policy in ("softmoc", "softstar", "itsmysoft", "shoeoftheweek"):
        decision = decide(make_case(policy, day=3, from_="receipt", shipping="15.00")).to_json(reason_text)
        assert decision["shipping_refund"] == "0.00"
