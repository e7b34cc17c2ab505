"""The day's cash rounding is the sum of what the receipts say, to the cent, even when the rounding
leaves no coin to hand over (a cash refund of 0.01 or 0.02 CAD: 0.00 handed over, the rounding on
the receipt): such a refund writes a movement of 0.00 carrying its rounding, so the X/Z report,
the close's event and head office's copy (till_day_closes.cash_rounding) hold it, and expected
cash (float + movements) stays what the drawer holds.

And a dishonest insider writing movements by hand cannot put a cash amount off the 5-cent grid
into a CAD drawer, nor a rounding larger than the grid allows, nor edit a rounding away."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storepos.central.client import Central
from storepos.central.schema import till_day_closes
from storepos.devices.printing.codec import from_json
from storepos.devices.printing.day_words import sections
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document
from storepos.domain.events import EventKind
from storepos.domain.money import parse_money
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Reason, Resolution, Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, CashMovement, TillDay
from storepos.persistence.models.print_jobs import PrintJob
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.cards.slips import queue_value_card_slip
from storepos.services.cards.value_source import sold
from storepos.services.day import days
from storepos.services.day.api import build_report
from storepos.services.day.cash import record_cash
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.receipts import QueuedReceipts
from storepos.services.returns.types import LineRequest, ReturnRequest
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
from tests.integration.sync_world import central_pg, make_till

__all__ = ["central_pg"]  # the fixture

D = Decimal
MODEL = get_model("tm-t88")
FLOAT = dw.FLOAT  # 485.00
# Cash refunds of the day: two that hand over no coin at all, one rounded down, one up.
PRICES = ("0.02", "0.01", "12.47", "12.48")
# Which way each document's cash went, as the drawer sees it.
INTO_DRAWER = {"value_card_slip": 1, "refund_receipt": -1}


@dataclass
class Day:
    factory: sessionmaker[Session]
    cashier: Actor
    orders: dict[str, uuid.UUID]

    def run(self, action):  # type: ignore[no-untyped-def]
        with UnitOfWork(self.factory) as uow:
            result = action(uow.session, self.cashier)
            uow.commit()
            return result


def cad_day(engine: Engine) -> Day:
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, currency="CAD")
        cashier = actor_for(make_employee(s, store, Role.CASHIER), store, clock=FixedClock())
        sizes = make_product(s, store, sizes=PRICES, prices={p: p for p in PRICES}, on_hand=3)
        who = make_customer(s)
        orders = {p: make_order(s, [(sizes[p], 1, p)], tenders=[tender(TenderKind.CASH, p)],
                                store=store, customer=who).id for p in PRICES}
        uow.commit()
    return Day(factory, cashier, orders)


def refund(day: Day, price: str) -> None:
    line = LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND)
    day.run(lambda s, a: complete_return(s, a, ReturnRequest((line,), order_id=day.orders[price]),
                                         receipts=QueuedReceipts()))


def sell_card(day: Day, amount: str) -> None:
    day.run(lambda s, a: queue_value_card_slip(
        s, a, va.issue_gift_card(s, a, amount, sold(TenderKind.CASH))))


def money_at_end(line: str) -> Decimal:
    """"  Cash rounding        -$0.02" -> Decimal("-0.02")."""
    return parse_money(line.rstrip().rsplit(" ", 1)[-1].replace("$", ""), allow_negative=True)


def what_the_paper_says(day: Day) -> tuple[Decimal, Decimal, int]:
    """(rounding, cash) summed over every receipt and slip printed at this till, signed as the
    drawer sees them, and how many documents showed a rounding: read from the printed text."""
    with day.factory() as s:
        jobs = s.scalars(select(PrintJob).where(PrintJob.till_id == day.cashier.till_id)).all()
        documents = [(job.kind, from_json(job.document)) for job in jobs]
    rounding = cash = D("0.00")
    shown = 0
    for kind, document in documents:
        lines = decode(render(layout_document(document, MODEL), MODEL),
                       {MODEL.code_page_table: MODEL.code_page}).text.splitlines()
        rounded = [money_at_end(ln) for ln in lines if "Cash rounding" in ln]
        handed = [money_at_end(ln) for ln in lines if "Cash handed over" in ln]
        if not rounded:
            continue
        shown += 1
        assert len(set(rounded)) == 1 and len(set(handed)) == 1  # a slip's copies say the same
        rounding += INTO_DRAWER[kind] * rounded[0]
        cash += INTO_DRAWER[kind] * handed[0]
    return rounding, cash, shown


def test_the_z_reports_rounding_is_the_sum_of_the_receipts(db_engine: Engine) -> None:
    day = cad_day(db_engine)
    day.run(lambda s, a: days.open_day(s, a, FLOAT))
    for price in PRICES:
        refund(day, price)
    sell_card(day, "10.03")  # 10.05 taken
    sell_card(day, "0.02")  # a card of 0.02 sold for cash: no coin taken

    rounding, cash, shown = what_the_paper_says(day)
    closed = day.run(lambda s, a: days.close_day(
        s, a, {"100.00": 4, "50.00": 1, "20.00": 1, "0.10": 1}))  # 470.10 counted
    report = day.run(lambda s, a: build_report(s, a, None))
    assert report.closed and report.cash_rounding == rounding  # the Z report agrees with the paper
    expected = D("485.00") + cash  # the float and the cash the paper says was handed over
    assert report.expected == closed.expected == expected and report.variance == 0

    # refunds: +0.02 +0.01 +0.02 -0.02 (the drawer keeps what it did not hand over); cards: +0.02
    # taken over 10.03, -0.02 under 0.02 (a 0.02 card sold for no coin)
    assert shown == len(PRICES) + 2 and rounding == D("0.03")
    assert cash == D("10.05") - D("24.95") and expected == D("470.10")
    rows = {row.label: row.value for section in sections(report) for row in section.rows}
    assert rows["Cash rounding (included above)"] == "+$0.03"
    with day.factory() as s:
        closed_event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == EventKind.DAY_CLOSED,
            AuditEvent.till_id == day.cashier.till_id)).one().details
        no_coin = s.execute(select(CashMovement.kind, CashMovement.amount, CashMovement.rounding)
                            .join(TillDay, TillDay.id == CashMovement.day_id)
                            .where(TillDay.till_id == day.cashier.till_id,
                                   CashMovement.amount == 0)
                            .order_by(CashMovement.rounding)).all()
    assert D(closed_event["cash_rounding"]) == rounding
    assert [(str(k), D(str(a)), D(str(r))) for k, a, r in no_coin] == [
        ("gift_card_sold", D("0.00"), D("-0.02")), ("cash_refund", D("0.00"), D("0.01")),
        ("cash_refund", D("0.00"), D("0.02"))]


def test_head_office_gets_the_rounding_of_a_refund_that_hands_over_no_coin(
        central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "a.db")
    with UnitOfWork(till.sessions) as uow:
        days.open_day(uow.session, till.actor, {"20.00": 10, "1.00": 5})  # 205.00
        record_cash(uow.session, till.actor, Movement.CASH_REFUND, D("0.02"), reference="R-1")
        record_cash(uow.session, till.actor, Movement.CASH_REFUND, D("12.48"), reference="R-2")
        record_cash(uow.session, till.actor, Movement.CASH_REFUND, D("0.01"), reference="R-3")
        days.close_day(uow.session, till.actor, {"20.00": 9, "10.00": 1, "2.00": 1,
                                                 "0.25": 2})  # 192.50
        uow.commit()
    till.service(central).sync_once()
    with central.engine.connect() as conn:
        row = conn.execute(select(till_day_closes).where(
            till_day_closes.c.till_id == till.actor.till_id)).one()
    assert (row.expected, row.counted, row.variance, row.cash_rounding) == (
        D("192.50"), D("192.50"), D("0.00"), D("0.01"))  # +0.02 - 0.02 + 0.01


# -- by hand -----------------------------------------------------------------------------------------

def _by_hand(engine: Engine, amount: str, rounding: str, currency: str = "CAD") -> tuple[D, D]:
    """A cash refund row written straight into the table (no service); (amount, rounding) read back."""
    day = cad_day(engine) if currency == "CAD" else None
    factory = day.factory if day else make_session_factory(engine)
    if day is None:
        with UnitOfWork(factory) as uow:
            store = make_store(uow.session, currency=currency)
            actor = actor_for(make_employee(uow.session, store, Role.CASHIER), store,
                              clock=FixedClock())
            uow.commit()
    else:
        actor = day.cashier
    with UnitOfWork(factory) as uow:
        days.open_day(uow.session, actor, {"20.00": 5})
        uow.commit()
    with factory() as s:
        found = s.scalars(select(TillDay).where(TillDay.till_id == actor.till_id)).one()
        row = CashMovement(day_id=found.id, kind=Movement.CASH_REFUND, amount=D(amount),
                           rounding=D(rounding), employee_id=actor.employee_id, reason="by hand")
        s.add(row)
        s.commit()
        moved = row.id
    with factory() as s:
        kept = s.get_one(CashMovement, moved)
        return kept.amount, kept.rounding


@pytest.mark.parametrize(("amount", "rounding"), [
    ("-12.47", "0.00"),  # a cent coin Canada does not have
    ("-12.46", "-0.01"),  # off the grid, whatever the rounding says
    ("-12.45", "0.05"),  # a "rounding" no 5-cent step makes: cash hidden as rounding
    ("0.00", "0.03"),
    ("0.00", "0.00"),  # nothing at all
])
def test_a_row_written_by_hand_off_the_grid_is_refused(db_engine: Engine, amount: str,
                                                       rounding: str) -> None:
    with pytest.raises((IntegrityError, DBAPIError)):
        _by_hand(db_engine, amount, rounding)


def test_a_row_on_the_grid_is_taken(db_engine: Engine) -> None:
    # the trigger refuses only what the rules refuse
    assert _by_hand(db_engine, "-12.45", "0.02") == (D("-12.45"), D("0.02"))


def test_a_usd_drawer_has_no_rounding(db_engine: Engine) -> None:
    assert _by_hand(db_engine, "-12.47", "0.00", currency="USD") == (D("-12.47"), D("0.00"))  # the penny
    with pytest.raises((IntegrityError, DBAPIError)):
        _by_hand(db_engine, "0.00", "0.02", currency="USD")


def test_a_rounding_cannot_be_edited_away(db_engine: Engine) -> None:
    day = cad_day(db_engine)
    day.run(lambda s, a: days.open_day(s, a, FLOAT))
    refund(day, "0.02")
    with day.factory() as s:
        moved = s.scalars(select(CashMovement.id).join(TillDay, TillDay.id == CashMovement.day_id)
                          .where(TillDay.till_id == day.cashier.till_id,
                                 CashMovement.kind == Movement.CASH_REFUND)).one()
    for statement in ("UPDATE cash_movements SET rounding = 0 WHERE id = :i",
                      "DELETE FROM cash_movements WHERE id = :i"):
        with day.factory() as s, pytest.raises((IntegrityError, DBAPIError)):
            key = moved.hex if db_engine.dialect.name == "sqlite" else moved
            s.execute(text(statement), {"i": key})
            s.commit()
    assert day.run(lambda s, a: build_report(s, a, None)).cash_rounding == D("0.02")
