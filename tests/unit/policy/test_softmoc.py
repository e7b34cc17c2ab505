"""SoftMoc: 75 days refund / 90 days exchange or credit from purchase; original card; outlets; warranty."""

from __future__ import annotations

import pytest

from storepos.wording.policy import reason_text
from tests.unit.policy.cases import CONFIRMED, allowed, decide, item, make_case, without

ALL = ["refund", "exchange", "store_credit"]


@pytest.mark.parametrize(("day", "expected"), [
    (0, ALL), (75, ALL), (76, ["exchange", "store_credit"]), (90, ["exchange", "store_credit"]), (91, []),
])
def test_windows_count_from_purchase(day: int, expected: list[str]) -> None:
    result = item(make_case("softmoc", day=day, received="2025-01-05"))
    assert result["allowed"] == expected
    assert result["refund_amount"] == ("140.00" if expected else "0.00")
    assert any(f"day {day}" in r for r in result["reasons"])


def test_window_is_from_purchase_not_receipt() -> None:
    # placed 5 Jan, received 9 Jan: day 76 from purchase is day 72 from receipt, still no refund.
    assert allowed(make_case("softmoc", day=76)) == ["exchange", "store_credit"]


def test_pickup_order_counts_from_the_day_it_was_placed() -> None:
    case = make_case("softmoc", fulfillment="ship_to_store", placed="2025-01-05", received="2025-02-10",
                     day=75)
    assert allowed(case) == ALL
    case = make_case("softmoc", fulfillment="ship_to_store", placed="2025-01-05", received="2025-02-10",
                     day=76)
    assert allowed(case) == ["exchange", "store_credit"]


def test_refund_needs_the_original_card_but_exchange_and_credit_remain() -> None:
    result = item(make_case("softmoc", day=10, condition=without("original_card")))
    assert result["allowed"] == ["exchange", "store_credit"]
    assert result["refund_amount"] == "140.00"  # store credit still pays the value
    assert any("original card" in r for r in result["reasons"])


@pytest.mark.parametrize("missing", ["worn", "original_box", "proof_of_purchase"])
def test_unworn_box_and_invoice_are_needed_for_everything(missing: str) -> None:
    result = item(make_case("softmoc", day=10, condition=without(missing)))
    assert result["allowed"] == []
    assert result["refund_amount"] == "0.00"


def test_packaging_is_not_required_at_the_counter() -> None:
    assert allowed(make_case("softmoc", day=10, condition=without("packaging_intact"))) == ALL


def test_final_sale_is_never_returned_for_change_of_mind() -> None:
    result = item(make_case("softmoc", day=10, tags=["final_sale"]))
    assert result["allowed"] == []
    assert any("final-sale" in r for r in result["reasons"])


@pytest.mark.parametrize("tag", ["clearance", "sale", "discounted", "second_pair_promo", "bundle",
                                 "one_of_a_kind", "accessory"])
def test_other_tags_do_not_bar_a_softmoc_return(tag: str) -> None:
    assert allowed(make_case("softmoc", day=10, tags=[tag], paid="100.00")) == ALL


def test_pickup_orders_cannot_be_returned_at_an_outlet() -> None:
    result = item(make_case("softmoc", day=10, kind="outlet", fulfillment="ship_to_store"))
    assert result["allowed"] == []
    assert any("outlet" in r for r in result["reasons"])


def test_shipped_orders_can_be_returned_at_an_outlet() -> None:
    assert allowed(make_case("softmoc", day=10, kind="outlet", fulfillment="ship_to_home")) == ALL


def test_in_store_purchase_uses_the_same_windows() -> None:
    case = make_case("softmoc", channel="store", fulfillment="in_store", received=None, day=76)
    assert allowed(case) == ["exchange", "store_credit"]


def test_wrong_item_is_not_barred_by_final_sale() -> None:
    assert allowed(make_case("softmoc", day=10, reason="wrong_item", tags=["final_sale"])) == ALL


def test_wrong_size_is_a_change_of_mind_return() -> None:
    assert allowed(make_case("softmoc", day=80, reason="wrong_size")) == ["exchange", "store_credit"]
    assert allowed(make_case("softmoc", day=10, reason="wrong_size", tags=["final_sale"])) == []


class TestWarranty:
    def warranty(self, day: int, **kwargs) -> dict:  # type: ignore[no-untyped-def]
        kwargs.setdefault("inspection", CONFIRMED)
        kwargs.setdefault("received", "2025-01-05")
        return make_case("softmoc", day=day, type_="warranty", reason="defective", **kwargs)

    @pytest.mark.parametrize(("day", "expected"), [
        (0, ["refund", "replacement"]),
        (75, ["refund", "replacement"]),
        (76, ["store_credit", "replacement"]),
        (365, ["store_credit", "replacement"]),  # 5 Jan 2025 + 1 year = 5 Jan 2026 (365 days)
        (366, []),
    ])
    def test_defect_windows(self, day: int, expected: list[str]) -> None:
        decision = decide(self.warranty(day)).to_json(reason_text)
        assert decision["items"]["L1"]["allowed"] == expected
        assert decision["needs_manager"] is bool(expected)

    def test_one_year_is_a_calendar_year_across_a_leap_day(self) -> None:
        placed = "2023-03-01"  # one year later is 2024-03-01, 366 days
        ok = make_case("softmoc", placed=placed, received="2023-03-03", today="2024-03-01",
                       type_="warranty", reason="defective", inspection=CONFIRMED)
        late = make_case("softmoc", placed=placed, received="2023-03-03", today="2024-03-02",
                         type_="warranty", reason="defective", inspection=CONFIRMED)
        assert allowed(ok) == ["store_credit", "replacement"]
        assert allowed(late) == []

    def test_worn_does_not_bar_a_warranty_claim(self) -> None:
        assert allowed(self.warranty(20, condition=without("worn"))) == ["refund", "replacement"]

    def test_proof_of_purchase_is_required(self) -> None:
        result = item(self.warranty(20, condition=without("proof_of_purchase")))
        assert result["allowed"] == [] and any("proof of purchase" in r for r in result["reasons"])

    @pytest.mark.parametrize(("finding", "words"), [
        ({"defect_confirmed": True, "wear_and_tear": True, "misuse": False}, "Wear and tear"),
        ({"defect_confirmed": True, "wear_and_tear": False, "misuse": True}, "misuse"),
        ({"defect_confirmed": False, "wear_and_tear": False, "misuse": False}, "did not confirm"),
    ])
    def test_wear_misuse_and_unconfirmed_are_denied(self, finding: dict, words: str) -> None:
        decision = decide(self.warranty(20, inspection=finding)).to_json(reason_text)
        assert decision["items"]["L1"]["allowed"] == []
        assert decision["needs_manager"] is False
        assert any(words in r for r in decision["items"]["L1"]["reasons"])

    def test_a_final_sale_item_still_has_its_warranty(self) -> None:
        assert allowed(self.warranty(20, tags=["final_sale"])) == ["refund", "replacement"]


def test_cancel_before_dispatch_refunds_in_full() -> None:
    case = make_case("softmoc", received=None, dispatched=False, type_="cancel", today="2025-01-06")
    result = item(case)
    assert result == {**result, "allowed": ["refund"], "restocking_fee": "0.00", "refund_amount": "140.00"}


def test_cancel_after_dispatch_is_refused() -> None:
    case = make_case("softmoc", received=None, dispatched=True, type_="cancel", today="2025-01-06")
    assert allowed(case) == []


def test_return_of_an_order_not_yet_received_is_refused() -> None:
    result = item(make_case("softmoc", received=None, today="2025-01-06"))
    assert result["allowed"] == [] and any("not been received" in r for r in result["reasons"])
