"""Cash at the counter is handed over rounded to the smallest coin of the store's currency (CAD and
AUD: 5 cents; USD: the cent), through the services: the refund row keeps the exact amount, the
drawer's movement the cash that moved and its rounding, the day's expected cash comes from the
movements so a right count closes with no variance, and the receipt and the X/Z report show the
rounding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from storepos.central.client import Central
from storepos.central.schema import events, till_day_closes
from storepos.devices.printing.codec import from_json
from storepos.devices.printing.day_words import sections
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.events import EventKind
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Channel, Fulfillment, Reason, Resolution, Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, CashMovement, Refund, Return, TillDay
from storepos.persistence.models.print_jobs import PrintJob
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.day import days
from storepos.services.day.api import build_report
from storepos.services.day.cash import record_cash
from storepos.services.orders.cancel import cancel_order
from storepos.services.pickups.receipt import pickup_receipt
from storepos.services.printing import queue as pq
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.receipts import QueuedReceipts
from storepos.services.returns.types import LineRequest, Payment, ReturnRequest, ReturnSummary
from storepos.ui.returns.rows import done_view
from tests.factories import (
    FixedClock,
    actor_for,
    make_customer,
    make_employee,
    make_order,
    make_product,
    make_store,
    tender,
)
from tests.integration import day_world as dw
from tests.integration import pickup_world
from tests.integration.sync_world import central_pg, make_till
from tests.integration.test_pickups import _hand_over, _to_shelf

__all__ = ["central_pg"]  # the fixture

D = Decimal
FLOAT = dw.FLOAT  # 485.00
AUD_FLOAT = {"100.00": 3, "20.00": 5, "10.00": 4, "5.00": 4, "2.00": 5, "1.00": 10,
             "0.50": 10}  # 485.00
MODEL = get_model("tm-t88")


@dataclass
class Till:
    factory: Any
    cashier: Actor
    orders: list[uuid.UUID]
    sizes: dict[str, uuid.UUID]

    def run(self, action: Any) -> Any:
        with UnitOfWork(self.factory) as uow:
            result = action(uow.session, self.cashier)
            uow.commit()
            return result

    def refund(self, order_id: uuid.UUID, *, locale: str | None = None) -> ReturnSummary:
        line = LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND)
        return self.run(lambda s, a: complete_return(  # type: ignore[no-any-return]
            s, a, ReturnRequest((line,), order_id=order_id),
            receipts=QueuedReceipts(locale=locale)))

    def movements(self) -> list[tuple[str, Decimal, Decimal]]:
        """Every movement but the float: (kind, amount, rounding)."""
        with self.factory() as s:
            return [(str(k), D(str(a)), D(str(r))) for k, a, r in s.execute(
                select(CashMovement.kind, CashMovement.amount, CashMovement.rounding)
                .join(TillDay, TillDay.id == CashMovement.day_id)
                .where(CashMovement.kind != Movement.FLOAT,
                       TillDay.till_id == self.cashier.till_id)
                .order_by(CashMovement.created_at, CashMovement.kind))]


def till(engine: Engine, currency: str, *, price: str = "12.47", kind: TenderKind = TenderKind.CASH,
         orders: int = 1, channel: Channel = Channel.STORE) -> Till:
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, currency=currency)
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store, clock=FixedClock())
        sizes = make_product(s, store, price=price, sizes=("8", "10"), prices={"10": "25.00"},
                             on_hand=5)
        who = make_customer(s)
        fulfillment = Fulfillment.SHIP_TO_HOME if channel is Channel.ONLINE else Fulfillment.IN_STORE
        made = [make_order(s, [(sizes["8"], 1, price)], tenders=[tender(kind, price)],
                           store=store, customer=who, channel=channel, fulfillment=fulfillment)
                for _ in range(orders)]
        for order in made:
            if channel is Channel.ONLINE:
                order.dispatched_on = None  # still at the warehouse: it may be cancelled
        pq.configure_printer(s, "counter", "tm-t88", "tcp://127.0.0.1:9", default=True)
        uow.commit()
        return Till(factory, cashier, [o.id for o in made], {k: v.id for k, v in sizes.items()})


def receipt_text(t: Till) -> str:
    with t.factory() as s:
        job = s.scalars(select(PrintJob).where(PrintJob.kind == "refund_receipt",
                                               PrintJob.till_id == t.cashier.till_id)
                        .order_by(PrintJob.created_at.desc())).first()
    assert job is not None
    data = render(layout_document(from_json(job.document), MODEL), MODEL)
    return decode(data, {MODEL.code_page_table: MODEL.code_page}).text


def close_with(t: Till, counts: dict[str, int]) -> days.Closed:
    return t.run(lambda s, a: days.close_day(s, a, counts))  # type: ignore[no-any-return]


# -- Canada: a cash refund of 12.47 pays 12.45 -----------------------------------------------------

def test_a_cad_cash_refund_pays_12_45_and_the_drawer_count_matches(db_engine: Engine) -> None:
    t = till(db_engine, "CAD")
    t.run(lambda s, a: days.open_day(s, a, FLOAT))
    summary = t.refund(t.orders[0])
    assert summary.money_back == D("12.47") and summary.cash_rounding == D("-0.02")
    with t.factory() as s:  # the refund row keeps the exact amount owed
        assert [(str(k), a) for k, a in s.execute(
            select(Refund.kind, Refund.amount).join(Return, Return.id == Refund.return_id)
            .where(Return.till_id == t.cashier.till_id)).all()] == [("cash", D("12.47"))]
        moved = s.scalars(select(AuditEvent).where(
            AuditEvent.action == EventKind.CASH_MOVED,
            AuditEvent.till_id == t.cashier.till_id)).one().details
    assert t.movements()[-1] == ("cash_refund", D("-12.45"), D("0.02"))
    assert (D(moved["amount"]), D(moved["owed"]), D(moved["rounding"])) == (
        D("-12.45"), D("-12.47"), D("0.02"))
    state = t.run(days.state)
    assert state.expected == D("472.55")  # 485.00 - 12.45: what the drawer holds

    # the drawer counted as it is: 472.55 in notes and coins (no 1-cent coin exists)
    closed = close_with(t, {"100.00": 4, "50.00": 1, "20.00": 1, "2.00": 1, "0.25": 2, "0.05": 1})
    assert (closed.expected, closed.counted, closed.variance) == (D("472.55"), D("472.55"), D(0))
    report = t.run(lambda s, a: build_report(s, a, None))
    assert report.closed and report.variance == 0 and report.cash_rounding == D("0.02")
    assert report.refunded == D("12.47")  # refunds by tender stay exact
    rows = {row.label: row.value for section in sections(report) for row in section.rows}
    assert rows["Cash rounding (included above)"] == "+$0.02"
    assert rows["Expected in the drawer"] == "$472.55" and rows["Variance"] == "none"
    with t.factory() as s:
        details = s.scalars(select(AuditEvent).where(
            AuditEvent.action == EventKind.DAY_CLOSED,
            AuditEvent.till_id == t.cashier.till_id)).one().details
    assert D(details["cash_rounding"]) == D("0.02")


def test_the_cad_receipt_shows_the_rounding_in_english_and_french(sqlite_engine: Engine) -> None:
    t = till(sqlite_engine, "CAD", orders=2)
    summary = t.refund(t.orders[0])
    done = done_view(summary, lambda v: f"${v:.2f}" if v >= 0 else f"-${-v:.2f}", "")
    assert "Cash to hand over: $12.45 (cash rounding -$0.02)" in done.lines
    assert "Cash to hand over: $12.45 (cash rounding -$0.02)" in done.receipt_text
    text = receipt_text(t)
    assert "Cash" in text and "$12.47" in text  # the tender: exact
    lines = text.splitlines()
    rounding = next(ln for ln in lines if "Cash rounding" in ln)
    handed = next(ln for ln in lines if "Cash handed over" in ln)
    assert rounding.rstrip().endswith("-$0.02") and handed.rstrip().endswith("$12.45")
    assert lines.index(rounding) > next(i for i, ln in enumerate(lines) if "Refunded to:" in ln)

    t.refund(t.orders[1], locale="fr_CA")
    french = receipt_text(t)
    rounding = next(ln for ln in french.splitlines() if "Arrondi (espèces)" in ln)
    handed = next(ln for ln in french.splitlines() if "Espèces remises" in ln)
    assert rounding.rstrip().endswith("-0,02\xa0$") and handed.rstrip().endswith("12,45\xa0$")


def test_a_cad_card_refund_stays_exact(db_engine: Engine) -> None:
    t = till(db_engine, "CAD", kind=TenderKind.CARD)
    t.run(lambda s, a: days.open_day(s, a, FLOAT))
    summary = t.refund(t.orders[0])
    assert summary.money_back == D("12.47") and summary.cash_rounding == 0
    assert t.movements() == []  # no cash moved
    assert "Cash rounding" not in receipt_text(t)
    assert t.run(days.state).expected == D("485.00")


def test_a_cancelled_online_order_paid_in_cash_pays_back_rounded_cash(sqlite_engine: Engine) -> None:
    t = till(sqlite_engine, "CAD", channel=Channel.ONLINE)
    t.run(lambda s, a: days.open_day(s, a, FLOAT))
    summary = t.run(lambda s, a: cancel_order(s, a, t.orders[0]))
    assert summary.money_back == D("12.47") and summary.cash_rounding == D("-0.02")
    assert t.movements()[-1] == ("cash_refund", D("-12.45"), D("0.02"))


def test_an_exchange_difference_collected_in_cash_is_rounded(sqlite_engine: Engine) -> None:
    t = till(sqlite_engine, "CAD")
    line = LineRequest(1, 1, Reason.WRONG_SIZE, ALL_SHOWN, Resolution.EXCHANGE,
                       exchange_variant_id=t.sizes["10"])  # 12.47 back, 25.00 out: 12.53 owed
    summary = t.run(lambda s, a: complete_return(s, a, ReturnRequest(
        (line,), order_id=t.orders[0], payments=(Payment(TenderKind.CASH, D("12.53")),))))
    assert summary.to_collect == D("12.53") and summary.collected_rounding == D("0.02")
    assert t.movements() == [("exchange_collected", D("12.55"), D("0.02"))]


def test_paid_out_by_hand_moves_rounded_cash(sqlite_engine: Engine) -> None:
    w = dw.build(sqlite_engine, orders=1)
    dw.open_day(w)
    dw.paid_out(w, "12.47")
    with w.factory() as s:
        out = s.execute(select(CashMovement.amount, CashMovement.rounding)
                        .join(TillDay, TillDay.id == CashMovement.day_id).where(
            CashMovement.kind == Movement.PAID_OUT, TillDay.till_id == w.cashier.till_id)).one()
    assert (out.amount, out.rounding) == (D("-12.45"), D("0.02"))


def test_the_service_rounds_any_cash_it_records(sqlite_engine: Engine) -> None:
    """The movement is made by the service from the amount owed: a caller (a manager's own
    script) handing it 12.47 still moves 12.45, and the day's expected cash is the movements'."""
    t = till(sqlite_engine, "CAD")
    t.run(lambda s, a: days.open_day(s, a, FLOAT))
    t.run(lambda s, a: record_cash(s, a, Movement.CASH_REFUND, D("12.47"), reference="R-X"))
    assert t.movements()[-1] == ("cash_refund", D("-12.45"), D("0.02"))
    with t.factory() as s:
        total = D(str(s.scalar(select(func.sum(CashMovement.amount))
                               .join(TillDay, TillDay.id == CashMovement.day_id)
                               .where(TillDay.till_id == t.cashier.till_id))))
    assert t.run(days.state).expected == total == D("472.55")


# -- Australia rounds the same way; the US keeps the penny -----------------------------------------

@pytest.mark.parametrize(("price", "handed", "rounding"), [
    ("12.47", "12.45", "0.02"), ("12.48", "12.50", "-0.02"), ("12.43", "12.45", "-0.02"),
    ("12.41", "12.40", "0.01"),
])
def test_an_aud_store_rounds_cash_to_5_cents(sqlite_engine: Engine, price: str, handed: str,
                                             rounding: str) -> None:
    t = till(sqlite_engine, "AUD", price=price)
    t.run(lambda s, a: days.open_day(s, a, AUD_FLOAT))
    summary = t.refund(t.orders[0])
    assert summary.money_back == D(price)
    assert t.movements()[-1] == ("cash_refund", -D(handed), D(rounding))
    assert t.run(days.state).expected == D("485.00") - D(handed)


def test_a_usd_store_is_unchanged(db_engine: Engine) -> None:
    t = till(db_engine, "USD")
    t.run(lambda s, a: days.open_day(s, a, {"20.00": 5, "1.00": 10}))
    summary = t.refund(t.orders[0])
    assert summary.cash_rounding == 0
    assert t.movements()[-1] == ("cash_refund", D("-12.47"), D("0.00"))
    closed = close_with(t, {"20.00": 4, "10.00": 1, "5.00": 1, "2.00": 1, "0.25": 2, "0.01": 3})
    assert closed.variance == 0
    report = t.run(lambda s, a: build_report(s, a, None))
    assert report.cash_rounding == 0
    labels = {row.label for section in sections(report) for row in section.rows}
    assert "Cash rounding (included above)" not in labels
    assert "Cash rounding" not in receipt_text(t)



# -- head office sees it -----------------------------------------------------------------------------

def test_head_office_gets_the_rounding_with_the_movement_and_the_close(central_pg: str,
                                                                      tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till_ = make_till(tmp_path / "a.db")
    with UnitOfWork(till_.sessions) as uow:
        days.open_day(uow.session, till_.actor, {"20.00": 10, "1.00": 5})  # 205.00
        record_cash(uow.session, till_.actor, Movement.CASH_REFUND, D("12.47"), reference="R-1")
        days.close_day(uow.session, till_.actor, {"20.00": 9, "10.00": 1, "2.00": 1,
                                                  "0.25": 2, "0.05": 1})  # 192.55
        uow.commit()
    till_.service(central).sync_once()
    with central.engine.connect() as conn:
        row = conn.execute(select(till_day_closes).where(
            till_day_closes.c.till_id == till_.actor.till_id)).one()
        moved = conn.execute(select(events.c.payload).where(
            events.c.till_id == till_.actor.till_id,
            events.c.action == str(EventKind.CASH_MOVED))).scalar_one()
    assert (row.expected, row.counted, row.variance, row.cash_rounding) == (
        D("192.55"), D("192.55"), D("0.00"), D("0.02"))
    details = moved["audit"]["details"]
    assert (details["amount"], details["owed"], details["rounding"]) == ("-12.45", "-12.47", "0.02")


def test_a_pickup_balance_paid_in_cash_takes_rounded_cash(sqlite_engine: Engine) -> None:
    w = pickup_world.build(sqlite_engine, pay="offline")  # 129.95 due, CAD
    _to_shelf(w)
    summary = _hand_over(w, payments=(
        Payment(TenderKind.CASH, D("29.97")),
        Payment(TenderKind.CARD, D("99.98"), "VISA", "4242", reference="AUTH77")))
    assert summary.amount_paid_now == D("129.95") and summary.cash_rounding == D("-0.02")
    with w.factory() as s:
        moved = s.execute(select(CashMovement.kind, CashMovement.amount, CashMovement.rounding)
                          ).one()
        receipt = pickup_receipt(s, summary)
    assert (str(moved.kind), moved.amount, moved.rounding) == ("pickup_balance", D("29.95"),
                                                              D("-0.02"))
    text = decode(render(layout_document(receipt, MODEL), MODEL),
                  {MODEL.code_page_table: MODEL.code_page}).text
    assert "-$0.02" in next(ln for ln in text.splitlines() if "Cash rounding" in ln)
    assert "$29.95" in next(ln for ln in text.splitlines() if "Cash handed over" in ln)
