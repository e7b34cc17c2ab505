"""Eligibility from the database on SQLite and PostgreSQL: quantities already returned, the store
where the customer stands, the engine's windows."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Fulfillment, Resolution
from storepos.services.base.order_lookup import find_order
from storepos.services.returns import eligibility
from storepos.services.returns.eligibility import (
    StoreNotFound,
    evaluate_order,
    load_store,
    store_today,
)
from tests.integration.lookup_data import TODAY, build_order


def test_already_returned_units_are_taken_off_and_fully_returned_lines_skip_the_engine(
    db_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_order(db_engine, age_days=10)
    asked: list[str] = []
    real = eligibility.evaluate

    def spy(policy, case):  # type: ignore[no-untyped-def]
        asked.extend(case.request.item_ids)
        return real(policy, case)

    monkeypatch.setattr(eligibility, "evaluate", spy)
    with db_engine.connect() as conn:
        order = find_order(conn, built.number, "cote")
        store = load_store(conn, built.retail_code.lower())
    result = evaluate_order(order, store, today=TODAY)

    assert result.policy == "softmoc" and result.today == TODAY
    first, second, third = result.lines
    # Line 1: 2 sold for 199.99 (units 100.00 + 99.99); the first unit came back already.
    assert (first.returnable, first.requested, first.unit_paid) == (1, 1, (Decimal("99.99"),))
    assert first.allowed == ("refund", "exchange", "store_credit")
    assert first.refund_amount == Decimal("99.99")
    assert second.requested == 1 and second.decision is not None
    # Line 3 came back in full: reported as such, never sent to the engine.
    assert third.fully_returned and third.decision is None and third.requested == 0
    assert third.message.startswith("Already returned")
    assert asked == ["1", "2"]
    assert result.refund_amount == first.refund_amount + second.refund_amount
    assert result.shipping_refund == Decimal("0.00")


def test_never_more_back_than_sold(db_engine: Engine) -> None:
    built = build_order(db_engine)
    with db_engine.connect() as conn:
        order = find_order(conn, built.number, "Côté")
        store = load_store(conn, built.retail_code)
    with pytest.raises(InvalidInput, match="1 of 2 already returned, so at most 1 can come back, not 2"):
        evaluate_order(order, store, quantities={1: 2}, today=TODAY)
    result = evaluate_order(order, store, quantities={2: 1}, today=TODAY)
    assert [line.requested for line in result.lines] == [0, 1, 0]
    assert result.lines[0].message == "Not part of this request."


def test_softmoc_windows_at_day_76_leave_exchange_and_credit(db_engine: Engine) -> None:
    built = build_order(db_engine, age_days=76)
    with db_engine.connect() as conn:
        order = find_order(conn, built.number, "COTE")
        store = load_store(conn, built.retail_code)
    line = evaluate_order(order, store, today=TODAY).lines[0]
    assert line.decision is not None
    assert Resolution.REFUND not in line.decision.allowed
    assert set(line.decision.allowed) == {Resolution.EXCHANGE, Resolution.STORE_CREDIT}
    assert line.refund_amount == Decimal("99.99")  # store credit pays the unit's share


def test_pickup_order_cannot_come_back_at_an_outlet(db_engine: Engine) -> None:
    built = build_order(db_engine, fulfillment=Fulfillment.SHIP_TO_STORE)
    with db_engine.connect() as conn:
        order = find_order(conn, built.number, "cote")
        outlet = load_store(conn, built.outlet_code)
        retail = load_store(conn, built.retail_code)
    assert all(not line.allowed for line in evaluate_order(order, outlet, today=TODAY).lines)
    assert evaluate_order(order, retail, today=TODAY).lines[0].allowed


def test_store_today_is_the_stores_own_date(db_engine: Engine) -> None:
    built = build_order(db_engine)
    with db_engine.connect() as conn:
        store = load_store(conn, built.retail_code)
        by_id = load_store(conn, store.id)
        with pytest.raises(StoreNotFound):
            load_store(conn, "NOPE")
    assert by_id == store
    # 02:30 UTC on 1 June is still 31 May in Toronto.
    assert str(store_today(store, datetime(2025, 6, 1, 2, 30, tzinfo=UTC))) == "2025-05-31"
