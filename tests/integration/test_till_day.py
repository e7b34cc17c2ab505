"""The till's day through its services: the float, cash refunds and an exchange recorded with the
money in one transaction, paid out with a manager, the X report, the count and close with a
variance a second manager approves, the Z report's figures against the rows; and a closed day
attacked as an insider would (the service, the database row, a movement after the close)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from storepos.devices.printing.day_words import sections
from storepos.domain.errors import InvalidInput
from storepos.domain.events import EventKind
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Reason, TenderKind
from storepos.persistence.models import (
    AuditEvent,
    CashMovement,
    DayClose,
    Employee,
    OutboxEntry,
    Refund,
    Return,
    TillDay,
)
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from storepos.services.day import days
from storepos.services.day.api import build_report
from storepos.services.day.cash import DayClosed
from storepos.services.returns.complete import ReturnRefused
from storepos.services.staff import approvals
from storepos.services.staff.approvals import Approval, ApprovalRefused, Binding
from tests.integration import day_world as dw

D = Decimal
COUNT_SHORT = {"100.00": 2, "50.00": 1, "20.00": 4, "10.00": 3, "2.00": 2, "0.25": 4}  # 365.00


def _busy_day(w: dw.DayWorld) -> None:
    dw.open_day(w)                                                 # +485.00
    dw.cash_refund(w, w.orders[0])                                 # -120.00
    dw.cash_refund(w, w.orders[1], Reason.WRONG_SIZE)              # -120.00
    dw.cash_refund(w, w.orders[2], Reason.WRONG_ITEM)              # -120.00 (no fee)
    dw.exchange_up(w, w.orders[3])                                 # +15.00


def test_every_cash_movement_is_on_the_day_with_its_action(db_engine: Engine) -> None:
    w = dw.build(db_engine, orders=5)
    _busy_day(w)
    with w.factory() as s:
        ours = s.execute(select(CashMovement.kind, CashMovement.amount, CashMovement.reference)
                         .join(TillDay, TillDay.id == CashMovement.day_id)
                         .where(TillDay.till_id == w.cashier.till_id)).all()
        kinds = sorted(str(r.kind) for r in ours)
        assert kinds == ["cash_refund"] * 3 + ["exchange_collected", "float"]
        assert all(r.reference.startswith("R") for r in ours if r.kind != "float")
        assert sum((r.amount for r in ours), D(0)) == D("485.00") - 360 + 15
        # each movement has its audit event and outbox entry
        moved = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == EventKind.CASH_MOVED, AuditEvent.till_id == w.cashier.till_id))
        assert moved == 4
        assert s.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.action == EventKind.CASH_MOVED, OutboxEntry.till_id == w.cashier.till_id)) == 4
    state = w.run(lambda s, a: days.state(s, a))
    assert state.opened and not state.closed and state.expected == D("140.00")


def test_the_x_report_adds_up_to_the_rows(db_engine: Engine) -> None:
    w = dw.build(db_engine, orders=5)
    _busy_day(w)
    dw.paid_out(w, "10.00")
    report = w.run(lambda s, a: build_report(s, a, None))
    assert not report.closed and report.opened
    assert report.float_total == D("485.00")
    assert report.expected == D("485.00") - 360 + 15 - 10
    assert report.returns == 4 and report.items == 4
    by_tender = {t.key: t.amount for t in report.by_tender}
    with w.factory() as s:
        assert by_tender == {"cash": D(str(s.scalar(
            select(func.sum(Refund.amount)).join(Return, Return.id == Refund.return_id)
            .where(Return.till_id == w.cashier.till_id, Refund.kind == "cash")))).quantize(D("0.01"))}
    assert by_tender == {"cash": D("360.00")}
    reasons = {t.key: (t.count, t.amount) for t in report.by_reason}
    assert reasons["change_of_mind"] == (1, D("120.00"))
    assert reasons["wrong_size"] == (2, D("240.00"))  # the refund and the exchange line
    assert reasons["wrong_item"] == (1, D("120.00"))
    assert [(p.kind, p.amount, p.reason, p.manager) for p in report.paid] == [
        ("paid_out", D("-10.00"), "Window cleaner", "Maria Manager")]


def test_close_with_a_variance_needs_another_manager_and_the_z_report_says_so(
        db_engine: Engine) -> None:
    w = dw.build(db_engine, orders=5)
    dw.open_day(w, {"20.00": 20})                                  # +400.00
    dw.cash_refund(w, w.orders[0])                                 # -120.00 -> 280.00 expected
    short = {"100.00": 2, "50.00": 1, "10.00": 2}                  # 270.00: 10.00 short
    with pytest.raises(days.NeedsManager) as asked:
        w.run(lambda s, a: days.close_day(s, a, short))
    assert asked.value.variance == D("-10.00") and "10.00" in asked.value.message
    check = w.run(lambda s, a: days.preview_close(s, a, short))
    binding = days.variance_binding(check[0], check[3])
    # the manager closing cannot approve their own count, even with a token minted by hand
    own = _self_minted(w, w.manager, binding)
    with pytest.raises(ApprovalRefused, match="can't approve their own"):
        w.run(lambda s, a: days.close_day(s, a, short, own), actor=w.manager)
    yes = w.approve(binding, reason="Float miscounted this morning")
    closed = w.run(lambda s, a: days.close_day(s, a, short, yes))
    assert (closed.expected, closed.counted, closed.variance) == (D("280.00"), D("270.00"),
                                                                  D("-10.00"))
    report = w.run(lambda s, a: build_report(s, a, None))
    assert report.closed and report.counted == D("270.00") and report.variance == D("-10.00")
    assert report.approved_by == "Maria Manager"
    assert report.approval_reason == "Float miscounted this morning"
    assert {t.key: t.count for t in report.counts} == {"100.00": 2, "50.00": 1, "10.00": 2}


def _self_minted(w: dw.DayWorld, manager: Actor, binding: Binding) -> Approval:
    """An insider's token: minted for themself, past the PIN check's own refusal."""
    with w.factory() as s:
        employee = s.get(Employee, manager.employee_id)
        assert employee is not None
        return approvals.mint(s, manager, employee, "my own count", binding)


def _closed_day(engine: Engine) -> dw.DayWorld:
    w = dw.build(engine, orders=3)
    dw.open_day(w, {"20.00": 10})
    w.run(lambda s, a: days.close_day(s, a, {"20.00": 10}))
    return w


def test_a_closed_day_refuses_cash_through_the_services(db_engine: Engine) -> None:
    w = _closed_day(db_engine)
    with pytest.raises(DayClosed):
        dw.cash_refund(w, w.orders[0])  # the return rolls back with its cash
    with w.factory() as s:
        assert s.scalar(select(func.count()).select_from(Return).where(
            Return.order_id == w.orders[0])) == 0
    with pytest.raises(DayClosed):
        w.run(lambda s, a: days.close_day(s, a, {"20.00": 10}))
    with pytest.raises(DayClosed):
        dw.open_day(w)
    with pytest.raises(DayClosed):
        dw.paid_out(w, "5.00")


def test_a_closed_day_cannot_be_edited_in_the_database(db_engine: Engine) -> None:
    w = _closed_day(db_engine)
    with w.factory() as s:
        close_id = s.scalar(select(DayClose.id).join(TillDay, TillDay.id == DayClose.day_id)
                            .where(TillDay.till_id == w.cashier.till_id))
        day_id = s.scalar(select(DayClose.day_id).where(DayClose.id == close_id))
    for statement, params in (
        ("UPDATE day_closes SET counted = 999, variance = 799 WHERE id = :i", {"i": close_id}),
        ("DELETE FROM day_closes WHERE id = :i", {"i": close_id}),
        ("UPDATE cash_movements SET amount = 1 WHERE day_id = :i", {"i": day_id}),
        ("DELETE FROM cash_movements WHERE day_id = :i", {"i": day_id}),
        ("UPDATE till_days SET business_date = '2025-06-02' WHERE id = :i", {"i": day_id}),
    ):
        with w.factory() as s, pytest.raises(DBAPIError, match="append-only"):
            s.execute(text(statement), {k: _param(db_engine, v) for k, v in params.items()})
            s.commit()
    # a movement slipped in by hand after the close
    with w.factory() as s, pytest.raises(DBAPIError, match="closed"):
        s.add(CashMovement(day_id=day_id, kind=Movement.PAID_OUT, amount=D("-50.00"),
                           employee_id=w.cashier.employee_id, reason="taken home"))
        s.commit()


def _param(engine: Engine, value: object) -> object:
    # SQLite keeps UUIDs as 32 hex digits (SQLAlchemy's Uuid), PostgreSQL as uuid
    return value.hex if engine.dialect.name == "sqlite" else value  # type: ignore[union-attr]


def test_a_correction_is_a_new_entry_on_the_next_day(db_engine: Engine) -> None:
    w = _closed_day(db_engine)
    w.clock.advance(days=1)
    dw.open_day(w, {"20.00": 10})
    dw.paid_out(w, "12.00", "Correction of yesterday: bank bag short")
    today = w.run(lambda s, a: build_report(s, a, None))
    assert today.expected == D("188.00")
    w.clock.advance(days=-1)
    yesterday = w.run(lambda s, a: build_report(s, a, None))
    assert yesterday.closed and yesterday.expected == D("200.00")


def test_paid_out_needs_a_reason_and_a_second_person(db_engine: Engine) -> None:
    w = dw.build(db_engine, orders=1)
    dw.open_day(w)
    with pytest.raises(InvalidInput):
        w.run(lambda s, a: days.pay(s, a, Movement.PAID_OUT, "5.00", "  ", None))
    with pytest.raises(ApprovalRefused):
        w.run(lambda s, a: days.pay(s, a, Movement.PAID_OUT, "5.00", "Stamps", None))
    state = w.run(lambda s, a: days.state(s, a))
    binding = days.paid_binding(Movement.PAID_OUT, state.business_date, D("5.00"))
    mine = _self_minted(w, w.manager, binding)
    with pytest.raises(ApprovalRefused, match="can't approve their own"):
        w.run(lambda s, a: days.pay(s, a, Movement.PAID_OUT, "5.00", "Stamps", mine),
              actor=w.manager)
    small = w.approve(binding)
    with pytest.raises(ApprovalRefused):  # approved for 5.00, not 50.00
        w.run(lambda s, a: days.pay(s, a, Movement.PAID_OUT, "50.00", "Stamps", small))


def test_a_count_that_is_not_money_is_refused_in_words(db_engine: Engine) -> None:
    w = dw.build(db_engine, orders=1)
    with pytest.raises(InvalidInput, match=r"0\.01 is not a note or coin of CAD"):
        dw.open_day(w, {"0.01": 3})
    with pytest.raises(InvalidInput, match="whole number"):
        dw.open_day(w, {"5.00": -1})


def test_refund_refused_on_a_closed_day_is_not_a_return_refused(db_engine: Engine) -> None:
    w = _closed_day(db_engine)
    with pytest.raises(DayClosed) as refused:
        dw.cash_refund(w, w.orders[1])
    assert not isinstance(refused.value, ReturnRefused)
    assert "closed" in refused.value.message


def test_a_close_rewritten_past_the_triggers_is_named_on_the_z_report(sqlite_engine: Engine) -> None:
    """The insider who drops the triggers and rewrites the count: the report names it (the close
    row no longer matches its chained audit entry), and the audit chain still holds the truth."""
    w = _closed_day(sqlite_engine)
    assert not w.run(lambda s, a: build_report(s, a, None)).close_differs
    with sqlite_engine.begin() as conn:
        conn.execute(text("DROP TRIGGER day_closes_no_update"))
        conn.execute(text("UPDATE day_closes SET counted = 250, variance = 50"))
    report = w.run(lambda s, a: build_report(s, a, None))
    assert report.close_differs and report.counted == D("250.00")
    rows = {r.label: r.value for section in sections(report) for r in section.rows}
    assert "run storepos audit verify" in rows["Warning"]


def test_a_gift_card_sold_for_cash_goes_in_the_drawer_and_not_on_a_closed_day(
        db_engine: Engine) -> None:
    w = dw.build(db_engine, orders=1)
    dw.open_day(w, {"20.00": 5})
    card = w.run(lambda s, a: va.issue_gift_card(s, a, "50.00", sold(TenderKind.CASH))).account
    w.run(lambda s, a: va.issue_gift_card(s, a, "25.00", sold(TenderKind.INTERAC)))  # no cash
    report = w.run(lambda s, a: build_report(s, a, None))
    assert {t.key: t.amount for t in report.movements} == {"float": D("100.00"),
                                                           "gift_card_sold": D("50.00")}
    assert {t.key: (t.count, t.amount) for t in report.cards} == {
        "gift_card.issue": (2, D("75.00"))}
    with w.factory() as s:
        assert s.scalar(select(CashMovement.reference).where(
            CashMovement.kind == Movement.GIFT_CARD_SOLD,
            CashMovement.subject_id == card.id)) == card.number
    w.run(lambda s, a: days.close_day(s, a, {"50.00": 3}))
    with pytest.raises(DayClosed):
        w.run(lambda s, a: va.issue_gift_card(s, a, "10.00", sold(TenderKind.CASH)))
