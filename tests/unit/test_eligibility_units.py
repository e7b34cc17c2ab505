"""Eligibility without a database: per-unit shares, already-returned units, the engine per line."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from storepos.domain.vocabulary import Channel, Fulfillment, Reason, StoreKind
from storepos.services.base.order_lookup import (
    LineView,
    OrderView,
    normalise_order_number,
    phone_candidates,
)
from storepos.services.returns.eligibility import (
    StoreContext,
    evaluate_order,
    unit_shares,
)

TODAY = date(2025, 3, 1)
SYDNEY = StoreContext(uuid.uuid4(), "SYD", "Pitt Street", StoreKind.RETAIL, "shoeoftheweek",
                      "Australia/Sydney")
TORONTO = StoreContext(uuid.uuid4(), "TOR", "Eaton Centre", StoreKind.RETAIL, "softmoc",
                       "America/Toronto")


def line(no: int, quantity: int, paid: str, returned: int = 0, price: str = "50.00",
         tags: frozenset[str] = frozenset()) -> LineView:
    return LineView(
        uuid.uuid4(), no, uuid.uuid4(), "000000000000", "Brand", "Style", "Black", "40",
        quantity, returned, Decimal(price), Decimal(paid), tags, frozenset(), frozenset(),
    )


def order(*lines: LineView, received_days_ago: int = 3) -> OrderView:
    received = TODAY - timedelta(days=received_days_ago)
    return OrderView(
        uuid.uuid4(), "10000001", Channel.ONLINE, Fulfillment.SHIP_TO_HOME, "Côté", None,
        received - timedelta(days=2), received - timedelta(days=1), received, Decimal("12.95"),
        False, None, None, tuple(lines), (),
    )


@pytest.mark.parametrize(("paid", "quantity"), [("100.00", 3), ("0.01", 2), ("199.99", 2), ("7.00", 7)])
def test_unit_shares_add_up_to_the_line(paid: str, quantity: int) -> None:
    shares = unit_shares(Decimal(paid), quantity)
    assert len(shares) == quantity
    assert sum(shares) == Decimal(paid)
    assert max(shares) - min(shares) <= Decimal("0.01")


def test_unit_refunds_add_up_to_the_discounted_line() -> None:
    # 3 units at 40.00 sold for 100.00 together: shares 33.34 + 33.33 + 33.33 (one engine item
    # per distinct amount: "1" and "1+"), so the refunds add up to exactly what was paid.
    result = evaluate_order(order(line(1, 3, "100.00", price="40.00")), TORONTO, today=TODAY)
    (only,) = result.lines
    assert only.unit_paid == (Decimal("33.34"), Decimal("33.33"), Decimal("33.33"))
    assert [d.refund_amount for d in only.unit_decisions] == list(only.unit_paid)
    assert only.refund_amount == Decimal("100.00")


def test_restocking_fee_is_charged_per_unit() -> None:
    # Shoe of the Week keeps 20 % of each full-price unit on a change of mind.
    result = evaluate_order(order(line(1, 3, "100.05", price="33.35")), SYDNEY, today=TODAY)
    (only,) = result.lines
    assert [d.restocking_fee for d in only.unit_decisions] == [Decimal("6.67")] * 3
    assert only.refund_amount == Decimal("80.04")
    assert only.refund_amount + only.restocking_fee == Decimal("100.05")


def test_the_remaining_units_are_the_ones_after_those_returned() -> None:
    result = evaluate_order(order(line(1, 3, "100.00", returned=1, price="40.00")), TORONTO,
                            today=TODAY, quantities={1: 1})
    assert result.lines[0].unit_paid == (Decimal("33.33"),)
    assert result.lines[0].refund_amount == Decimal("33.33")


def test_excluded_tag_and_fault_follow_the_engine() -> None:
    sale = line(1, 1, "40.00", tags=frozenset({"sale"}))
    denied = evaluate_order(order(sale), SYDNEY, today=TODAY).lines[0]
    assert denied.allowed == () and denied.refund_amount == Decimal("0.00")
    assert "sale" in denied.message.lower()
    faulty = evaluate_order(order(sale), SYDNEY, today=TODAY, reason=Reason.DEFECTIVE).lines[0]
    assert faulty.allowed == ()  # a faulty claim without an inspection is not decided yet
    assert "inspection" in faulty.message


def test_no_engine_call_when_everything_came_back() -> None:
    result = evaluate_order(order(line(1, 2, "100.00", returned=2)), SYDNEY, today=TODAY)
    assert result.lines[0].fully_returned and result.lines[0].unit_decisions == ()
    assert result.needs_manager is False and result.refund_amount == Decimal("0.00")


@pytest.mark.parametrize(("typed", "stored"), [
    ("(416) 555-0140", "4165550140"), ("+1 416 555 0140", "4165550140"),
    ("1-416-555-0140", "4165550140"), ("+61 2 5550 1234", "0255501234"),
    ("02 5550 1234", "0255501234"),
])
def test_phone_candidates_include_the_stored_form(typed: str, stored: str) -> None:
    assert stored in phone_candidates(typed)


def test_order_numbers_are_trimmed_and_upper_cased() -> None:
    assert normalise_order_number("  #tor1-000123 ") == "TOR1-000123"
    assert normalise_order_number("1000 0001") == "10000001"
