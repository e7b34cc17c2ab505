"""The Day screen end to end on the demo store: the float counted into the spin boxes and the till
opened; three cash refunds and an exchange through the returns door; the X report; a count with
a variance a manager approves in the shared dialog; the Z report printed through the print queue
to a loopback printer and decoded from its ESC/POS bytes, its totals checked against the day's
rows; and the PDF saved from the screen, rendered with pdftoppm."""

from __future__ import annotations

import gc
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storepos.devices.printing.definitions import printer_models
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import Reason, Resolution, Role, TenderKind
from storepos.i18n.formats import money
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import (
    CashMovement,
    DayClose,
    Refund,
    Return,
    Store,
    Till,
    TillDay,
)
from storepos.services.base.context import Actor
from storepos.services.day.report import window
from storepos.services.printing import queue as pq
from storepos.services.returns import api as returns_api
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, Payment, ReturnRequest
from storepos.ui.day.screen import DayScreen
from tests.factories import make_customer, make_order, make_product, tender
from tests.integration.print_queue_world import FAST, wait_until
from tests.pdf_text import pdf_text
from tests.ui.conftest import demo_employee

WAIT = 20_000
D = Decimal
FLOAT = {"50.00": 4, "20.00": 10, "10.00": 5, "5.00": 6, "2.00": 10, "1.00": 10, "0.25": 40}


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    yield
    gc.collect()


def _cash_orders(engine: Engine, actor: Actor, n: int) -> tuple[list[str], uuid.UUID]:
    """n orders paid 89.95 in cash at the home store three days ago (numbers, the size 10)."""
    with make_session_factory(engine).begin() as s:
        store = s.get(Store, actor.store_id)
        assert store is not None
        sizes = make_product(s, store, price="89.95", sizes=("9", "10"), prices={"10": "99.95"},
                             on_hand=10, brand="Blundstone", name="Chelsea 500")
        who = make_customer(s, first="Lise", last="Gagnon")
        placed = actor.today() - timedelta(days=3)
        numbers = [make_order(s, [(sizes["9"], 1, "89.95")], store=store, customer=who,
                              tenders=[tender(TenderKind.CASH, "89.95")], placed_on=placed,
                              last_name="Gagnon").number for _ in range(n)]
        return numbers, sizes["10"].id


def _return(context: Any, number: str, line: LineRequest,
            payments: tuple[Payment, ...] = ()) -> None:
    def work(s: Session, a: Actor) -> None:
        order = returns_api.load_order(s, a, number, "Gagnon").order
        returns_api.complete(s, a, ReturnRequest((line,), order_id=order.id, payments=payments))
    context.counter.run(context.actor, work)


def _idle(qtbot: QtBot, screen: DayScreen) -> None:
    qtbot.waitUntil(lambda: not screen.presenter.busy and not screen.context.runner.busy,
                    timeout=WAIT)


def _type_count(screen: DayScreen, counts: dict[str, int]) -> None:
    screen.view.clear_counts()
    for face, pieces in counts.items():
        screen.view.pieces[face].setValue(pieces)


def _rows(screen: DayScreen) -> dict[str, str]:
    report = screen.presenter.report
    assert report is not None
    return {row.label: row.value for section in report.sections for row in section.rows}


def test_a_day_from_float_to_z_report(qtbot: QtBot, make_context: Any, demo_engine: Engine,
                                      demo_template: Any, tmp_path: Path) -> None:
    context = make_context(Role.CASHIER)
    pdf_path = tmp_path / "z.pdf"
    screen = DayScreen(context, choose_pdf=lambda name: str(pdf_path))
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    screen.on_enter()
    _idle(qtbot, screen)
    place = context.place
    m = lambda value: money(D(value), place.currency, place.locale)  # noqa: E731

    # open with the float typed into the spin boxes
    _type_count(screen, FLOAT)
    assert screen.view.count_total.text().endswith(m("520.00"))
    assert screen.view.open_button.isEnabled()
    screen.view.open_button.click()
    _idle(qtbot, screen)
    state = screen.presenter.state
    assert state is not None and state.opened and state.float_total == D("520.00")
    assert not screen.view.open_button.isEnabled()

    # a paid-in "amount" that is not one is refused in words: no approval asked, nothing kept
    screen.view.amount.setText("twelve")
    screen.view.reason.setText("Change from the bank")
    screen.view.paid_in_button.click()
    assert "not an amount" in screen.view.message.text()
    assert screen.view.amount.text() == "twelve"  # what was typed stays to be corrected
    screen.view.clear_paid()

    # three cash refunds (three reasons) and an exchange paid up in cash, through the returns door
    numbers, size_10 = _cash_orders(demo_engine, context.actor, 4)
    for number, reason in zip(numbers, (Reason.WRONG_ITEM, Reason.WRONG_SIZE, Reason.CHANGE_OF_MIND),
                              strict=False):
        _return(context, number, LineRequest(1, 1, reason, ALL_SHOWN, Resolution.REFUND))
    _return(context, numbers[3], LineRequest(1, 1, Reason.WRONG_SIZE, ALL_SHOWN,
                                             Resolution.EXCHANGE, exchange_variant_id=size_10),
            (Payment(TenderKind.CASH, D("10.00")),))

    with make_session_factory(demo_engine)() as s:
        day = s.scalars(select(TillDay).where(TillDay.till_id == context.actor.till_id,
                                              TillDay.business_date == context.actor.today())).one()
        cash = {str(k): D(str(v)).quantize(D("0.01")) for k, v in s.execute(
            select(CashMovement.kind, func.sum(CashMovement.amount))
            .where(CashMovement.day_id == day.id).group_by(CashMovement.kind))}
        expected = sum(cash.values(), D("0.00"))
        start, end = window(context.actor.today(), place.time_zone)
        refunded = D(str(s.scalar(select(func.sum(Refund.amount)).join(
            Return, Return.id == Refund.return_id).where(
            Return.till_id == context.actor.till_id, Return.completed_at >= start,
            Return.completed_at < end)))).quantize(D("0.01"))
    assert cash["cash_refund"] == D("-269.85") and cash["exchange_collected"] == D("10.00")

    # the X report, the day so far
    screen.view.x_button.click()
    _idle(qtbot, screen)
    report = screen.presenter.report
    assert report is not None and not report.closed and report.title.startswith("X report")
    rows = _rows(screen)
    assert rows["Cash refunds"] == m("-269.85")
    assert rows["Exchange differences collected"] == m("10.00")
    assert rows["Expected in the drawer"] == m(expected)
    assert rows["Total refunded"] == m(refunded)
    assert rows["Wrong size"].endswith(m("179.90"))  # the refund and the exchange line, each its own

    # the count: short by more than the limit, so a manager approves it with the reason
    counted = expected - D("20.00")
    count = {"50.00": int(counted // 50)}
    rest = counted - 50 * count["50.00"]
    for face in ("20.00", "10.00", "5.00", "2.00", "1.00", "0.25", "0.10", "0.05"):
        count[face] = int(rest // D(face))
        rest -= D(face) * count[face]
    assert rest == 0
    _type_count(screen, count)
    screen.view.close_button.click()
    qtbot.waitUntil(lambda: screen.approval_dialog is not None
                    and screen.approval_dialog.isVisible(), timeout=WAIT)
    dialog = screen.approval_dialog
    assert dialog is not None and m("20.00") in dialog.what.text()  # type: ignore[attr-defined]
    manager = demo_employee(demo_template, Role.MANAGER)
    dialog.number.setText(manager.number)  # type: ignore[attr-defined]
    dialog.pin.setText(manager.pin)  # type: ignore[attr-defined]
    dialog.reason.setText("Twenty given as change twice; customer called back")  # type: ignore[attr-defined]
    dialog.approve_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: screen.presenter.state is not None and screen.presenter.state.closed,
                    timeout=WAIT)
    _idle(qtbot, screen)
    assert not screen.view.close_button.isEnabled() and not screen.view.paid_out_button.isEnabled()
    with make_session_factory(demo_engine)() as s:
        close = s.scalars(select(DayClose).where(DayClose.day_id == day.id)).one()
        assert (close.expected, close.counted, close.variance) == (expected, counted, D("-20.00"))
        assert close.approved_by is not None and close.reason.startswith("Twenty given")

    # the Z report on the receipt printer: the real ESC/POS bytes, decoded
    model = printer_models()["tm-t88"]
    with LoopbackPrinter() as printer:
        factory = make_session_factory(demo_engine)
        with factory.begin() as s:
            till = s.get(Till, context.actor.till_id)
            assert till is not None
            pq.configure_printer(s, "receipt", "tm-t88", printer.address, default=True)
        queue = pq.PrintQueue(factory, backoff=FAST, status_timeout=0.2)
        queue.start()
        try:
            screen.view.print_button.click()
            _idle(qtbot, screen)
            # the returns' receipts print first: the Z report is the job that says so
            text = str(wait_until(lambda: next(
                (t for t in (decode(job, {model.code_page_table: model.code_page}).text
                             for job in printer.jobs) if "Z report" in t), ""), timeout=60))
        finally:
            queue.stop()
    assert "Z report: the day closed" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]

    def printed(label: str) -> str:
        found = [ln for ln in lines if ln.startswith(label)]
        assert found, (label, lines)
        return found[0][len(label):].strip()

    assert printed("Expected in the drawer") == m(expected)
    assert printed("Counted") == m(counted)
    assert printed("Variance") == f"{m('20.00')} short"
    assert printed("Cash refunds") == m(cash["cash_refund"])
    assert printed("Float counted at opening") == m(cash["float"])
    assert printed("Total refunded") == m(refunded)
    assert printed("Approved by") == manager.name
    assert "Closed: this day can no longer change." in text

    # the PDF from the screen, rendered
    screen.view.pdf_button.click()
    qtbot.waitUntil(lambda: pdf_path.exists() or screen.view.message.property("role") == "error",
                    timeout=WAIT)
    assert pdf_path.exists(), screen.view.message.text()
    _idle(qtbot, screen)
    pdf = pdf_path.read_bytes()
    words = pdf_text(pdf)
    assert "Z report: the day closed" in words and "Returned items by reason" in words
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(tmp_path / "z")],
                       check=True)
        assert list(tmp_path.glob("z*.png"))


def test_a_french_speaking_cashier_reads_the_day_in_french(qtbot: QtBot, make_context: Any) -> None:
    """At an English store, a cashier who chose French at sign-in reads the Day screen and its X
    report in French, amounts and dates the French way; the store's printed report is unchanged."""
    from storepos.i18n import set_language

    set_language("fr_CA")
    try:
        context = make_context(Role.CASHIER)
        screen = DayScreen(context, choose_pdf=lambda name: None)
        qtbot.addWidget(screen)
        screen.resize(1024, 768)
        screen.show()
        screen.on_enter()
        _idle(qtbot, screen)
        shown = screen.view.report_title.text()
        assert "Rapport X" in shown and "X report" not in shown, shown
        assert "Compté : 0,00\u00a0$" in screen.view.count_total.text()
    finally:
        set_language("en_CA")
