"""The returns and exchanges screen end to end: the demo database, the real worker, real widgets.

Each test signs in, finds or scans an order, ticks the checklist, completes, and then reads the
database to see that the return, its money, stock, audit and receipt were all written.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from storepos.domain.vocabulary import Resolution, ReturnStatus, Role, TenderKind
from storepos.persistence.models import (
    AuditEvent,
    Exchange,
    LedgerEntry,
    Order,
    OrderLine,
    Refund,
    Return,
    ReturnLine,
    StockLevel,
)
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.base.order_lookup import OrderView, find_order
from storepos.services.printing import queue as print_queue
from storepos.services.returns import api
from storepos.services.returns.eligibility import (
    OrderEligibility,
    evaluate_order,
    load_store,
)
from storepos.ui.returns.screen import ReturnsScreen

WAIT = 20_000
EVERYTHING = ("unworn", "original_box", "packaging_intact")


@pytest.fixture
def open_screen(make_context, qtbot: QtBot) -> Callable[..., ReturnsScreen]:  # type: ignore[no-untyped-def]
    def build(role: Role = Role.CASHIER) -> ReturnsScreen:
        screen = ReturnsScreen(make_context(role))
        qtbot.addWidget(screen)
        screen.resize(1024, 768)
        screen.show()
        return screen
    return build


def idle(qtbot: QtBot, screen: ReturnsScreen) -> None:
    qtbot.waitUntil(lambda: not screen.presenter.busy, timeout=WAIT)


Candidate = tuple[OrderView, OrderEligibility]


def demo_orders(screen: ReturnsScreen) -> list[Candidate]:
    """Every demo order with its best-case decisions at this store today (a direct read)."""
    context = screen.context

    def read(session):  # type: ignore[no-untyped-def]
        store = load_store(session, context.place.store_id)
        found = []
        for number, name in session.execute(
                select(Order.number, Order.billing_last_name).order_by(Order.number)):
            order = find_order(session, number, name)
            found.append((order, evaluate_order(order, store, today=context.actor.today())))
        return found
    return context.counter.read(read)  # type: ignore[no-any-return]


def pick(screen: ReturnsScreen, want: Callable[[OrderView, OrderEligibility], bool]) -> Candidate:
    for order, verdict in demo_orders(screen):
        if want(order, verdict):
            return order, verdict
    raise AssertionError("no demo order fits this test")


def open_lines(verdict: OrderEligibility) -> list:  # type: ignore[type-arg]
    return [le for le in verdict.lines if le.returnable > 0]


def paid_by_card(order: OrderView) -> bool:
    return any(t.card_last4 for t in order.tenders) and all(
        t.kind is not TenderKind.PAY_OFFLINE for t in order.tenders)


def find(qtbot: QtBot, screen: ReturnsScreen, number: str, last_name: str) -> None:
    view = screen.view
    view.number.setText(number)
    view.last_name.setText(last_name)
    qtbot.keyClick(view.last_name, Qt.Key.Key_Return)
    idle(qtbot, screen)


def tick_everything(qtbot: QtBot, screen: ReturnsScreen, line_no: int) -> None:
    line = screen.view.lines[line_no]
    if not line.include.isChecked():
        line.include.setChecked(True)
    for name in EVERYTHING:
        line.checks[name].setChecked(True)
    screen.view.proof.setChecked(True)
    screen.view.card.setChecked(True)
    idle(qtbot, screen)


def complete(qtbot: QtBot, screen: ReturnsScreen) -> str:
    view = screen.view
    assert view.complete.isEnabled(), view.blockers.text()
    view.complete.click()
    assert view.confirm_bar.isVisible()
    qtbot.keyClick(view.confirm, Qt.Key.Key_Return)  # Enter confirms
    idle(qtbot, screen)
    assert view.pages.currentIndex() == 1, view.status.text()
    title = view.done_title.text()
    assert title.startswith("Return R-") and title.endswith(" completed")
    return title.removeprefix("Return ").removesuffix(" completed")


def totals(screen: ReturnsScreen) -> dict[str, str]:
    model = screen.model
    return {model.row_at(i).label: model.row_at(i).amount for i in range(model.rowCount())}


def test_find_tick_and_refund_to_the_card(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    order, verdict = pick(screen, lambda o, v: paid_by_card(o) and len(o.tenders) == 1
                          and len(open_lines(v)) == 1 and "refund" in open_lines(v)[0].allowed)
    line = open_lines(verdict)[0]
    find(qtbot, screen, f" {order.number.lower()} ", order.billing_last_name.upper())
    view = screen.view
    assert view.order_title.text() == f"Order {order.number} · {order.billing_last_name}"
    widget = view.lines[line.line.line_no]
    assert widget.include.isChecked()  # the only line that can come back
    # Nothing ticked yet: the policy refuses, in words, and Complete waits.
    assert widget.verdict.text() == "Not returnable under the policy"
    assert "original shoe box" in widget.reasons.text()
    assert not view.complete.isEnabled()

    widget.checks["unworn"].setChecked(True)
    widget.checks["original_box"].setChecked(True)
    view.proof.setChecked(True)
    idle(qtbot, screen)
    # No card shown: exchange or store credit only, and the line switched to store credit.
    assert not widget.resolution_buttons[Resolution.REFUND].isEnabled()
    assert widget.resolution_buttons[Resolution.STORE_CREDIT].isChecked()
    assert "original card" in widget.reasons.text()

    view.card.setChecked(True)
    idle(qtbot, screen)
    assert widget.resolution_buttons[Resolution.REFUND].isChecked()
    tender = order.tenders[0]
    masked = f"{tender.card_brand} ••••{tender.card_last4}"
    shown = totals(screen)
    value = line.line.paid  # every unit left comes back by default
    assert shown[f"Refund to {masked}"] == f"${value:,.2f}"
    assert shown["Restocking fee"] == "$0.00"

    return_id = complete(qtbot, screen)
    assert f"{masked}: ${value:,.2f} back" in view.done_lines.text()
    assert view.done_printing.text() == (  # the sentence every screen says for queued paper
        f"Refund receipt {return_id} is waiting in the print queue: no receipt printer is set up "
        "on this till.")
    assert return_id in view.receipt_text.toPlainText()  # no printer set up: the text on screen

    def written(session):  # type: ignore[no-untyped-def]
        ret = session.scalars(select(Return).where(Return.return_number == return_id)).one()
        refunds = session.scalars(select(Refund).where(Refund.return_id == ret.id)).all()
        rl = session.scalars(select(ReturnLine).where(ReturnLine.return_id == ret.id)).one()
        returned = session.get(OrderLine, line.line.id).quantity_returned
        stock = session.get(StockLevel, (screen.context.place.store_id, line.line.variant_id))
        audit = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "return.completed", AuditEvent.subject_id == ret.id))
        jobs = session.scalars(select(PrintJob).where(PrintJob.reference == return_id)).all()
        return ret, refunds, rl, returned, stock.on_hand if stock else 0, audit, jobs
    ret, refunds, rl, returned, on_hand, audit, jobs = screen.context.counter.read(written)
    assert ret.status is ReturnStatus.COMPLETED
    assert [(r.tender_id, r.amount) for r in refunds] == [(tender.id, value)]
    assert rl.resolution is Resolution.REFUND and rl.quantity == line.line.remaining
    assert rl.condition["original_box"] is True and rl.condition["worn"] is False
    assert returned == line.line.quantity
    assert on_hand >= line.line.remaining  # back on this store's shelf
    assert audit == 1
    assert [j.kind for j in jobs] == ["refund_receipt"]


def test_requested_return_id_is_scanned_and_completed(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()

    def requested(session):  # type: ignore[no-untyped-def]
        return session.scalars(select(Return.return_number)
                               .where(Return.status == ReturnStatus.REQUESTED)).all()
    numbers = screen.context.counter.read(requested)
    assert numbers, "the demo has requested Return IDs"
    view = screen.view
    for number in numbers:  # the first one whose lines the policy lets back with everything shown
        view.number.clear()
        qtbot.keyClicks(view.number, number.lower())  # a keyboard-wedge scanner types it
        qtbot.keyClick(view.number, Qt.Key.Key_Return)
        idle(qtbot, screen)
        included = [n for n, w in view.lines.items() if w.include.isChecked()]
        assert included, view.status.text()
        assert view.order_title.text().endswith(f" · Return {number}")
        for n in included:
            tick_everything(qtbot, screen, n)
        if view.complete.isEnabled():
            break
    else:
        pytest.skip("no requested return the policy lets back today")
    return_id = complete(qtbot, screen)
    assert return_id == number  # completed under its own Return ID

    def status(session):  # type: ignore[no-untyped-def]
        return session.scalars(select(Return.status).where(Return.return_number == number)).one()
    assert screen.context.counter.read(status) is ReturnStatus.COMPLETED


def test_a_denied_line_is_overridden_by_a_manager(open_screen, qtbot: QtBot, demo_template) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import demo_employee

    screen = open_screen()
    order, verdict = pick(screen, lambda o, v: paid_by_card(o) and open_lines(v)
                          and not open_lines(v)[0].allowed
                          and "past the" in open_lines(v)[0].message)
    line_no = open_lines(verdict)[0].line.line_no
    find(qtbot, screen, order.number, order.billing_last_name)
    widget = screen.view.lines[line_no]
    tick_everything(qtbot, screen, line_no)
    assert widget.verdict.text() == "Not returnable under the policy"
    assert "past the" in widget.reasons.text()
    assert not any(b.isEnabled() for b in widget.resolution_buttons.values())
    assert "a manager can override" in screen.view.blockers.text()
    assert not screen.view.complete.isEnabled()

    widget.override_button.click()
    dialog = screen.approval_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.what.text() == f"Override the return policy on line {line_no}"
    assert dialog.approve_button.text() == "Override the policy"
    manager = demo_employee(demo_template, Role.MANAGER)
    dialog.number.setText(manager.number)
    dialog.pin.setText("0000")  # wrong first: refused in words, the number and reason are kept
    dialog.reason.setText("Box lost by the courier; long-standing customer")
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: "PIN" in dialog.error.text(), timeout=WAIT)
    assert dialog.approve_button.text() == "Override the policy"  # back from "Checking…"
    assert dialog.isVisible() and dialog.number.text() == manager.number and dialog.reason.text()
    dialog.pin.setText(manager.pin)
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: screen.approval_dialog is None, timeout=WAIT)
    idle(qtbot, screen)
    assert widget.pending.text().startswith("Approved by ")
    assert all(b.isEnabled() for b in widget.resolution_buttons.values())
    assert widget.resolution_buttons[Resolution.REFUND].isChecked()

    return_id = complete(qtbot, screen)
    assert "approved by" in screen.view.done_lines.text()

    def written(session):  # type: ignore[no-untyped-def]
        ret = session.scalars(select(Return).where(Return.return_number == return_id)).one()
        rl = session.scalars(select(ReturnLine).where(ReturnLine.return_id == ret.id)).one()
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "return.override",
                                                         AuditEvent.subject_id == rl.id)).one()
        return rl, audit
    rl, audit = screen.context.counter.read(written)
    assert rl.override_by is not None and "courier" in (rl.override_reason or "")
    assert audit.approved_by == rl.override_by


def _costlier_exchange(screen: ReturnsScreen) -> tuple[Candidate, int, api.ExchangeOption]:
    """An in-window line whose style has a pricier size or colour in stock here."""
    context = screen.context
    for order, verdict in demo_orders(screen):
        if not paid_by_card(order):
            continue
        for le in open_lines(verdict):
            if "exchange" not in le.allowed:
                continue
            unit_paid = le.unit_paid[0]
            options = context.counter.run(
                context.actor, lambda s, a, le=le: api.exchange_options(s, a, le.line.variant_id),
                commit=False)
            dearer = [o for o in options if o.unit_price > unit_paid]
            if dearer:
                return (order, verdict), le.line.line_no, dearer[0]
    raise AssertionError("no demo line has a pricier variant in stock")


def test_exchange_for_a_pricier_pair_collects_the_difference(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    (order, _verdict), line_no, option = _costlier_exchange(screen)
    find(qtbot, screen, order.number, order.billing_last_name)
    view = screen.view
    widget = view.lines[line_no]
    for n, other in view.lines.items():  # only this line comes back
        if n != line_no and other.include.isChecked():
            other.include.setChecked(False)
    tick_everything(qtbot, screen, line_no)
    widget.quantity.setValue(1)
    idle(qtbot, screen)
    widget.resolution_buttons[Resolution.EXCHANGE].click()
    idle(qtbot, screen)
    assert widget.variant.isVisible() and widget.variant.count() > 1
    assert "choose the new size or colour" in view.blockers.text()
    index = widget.variant.findData(str(option.variant_id))
    assert index > 0
    widget.variant.setCurrentIndex(index)
    idle(qtbot, screen)
    plan = screen.presenter.plan
    assert plan is not None and plan.to_collect > 0
    assert view.payment_box.isVisible()
    assert view.collect_label.text() == f"Collect ${plan.to_collect:,.2f} for the exchange"
    assert "last four digits" in view.blockers.text() and not view.complete.isEnabled()
    view.card_brand.setText("VISA")
    qtbot.keyClicks(view.card_last4, "4242 4242 4242 4242")  # only four digits go in
    assert view.card_last4.text() == "4242"
    assert view.complete.isEnabled()

    def stock(session):  # type: ignore[no-untyped-def]
        row = session.get(StockLevel, (screen.context.place.store_id, option.variant_id))
        return row.on_hand if row else 0
    before = screen.context.counter.read(stock)
    return_id = complete(qtbot, screen)
    assert "VISA ••••4242" in view.done_lines.text()

    def written(session):  # type: ignore[no-untyped-def]
        ret = session.scalars(select(Return).where(Return.return_number == return_id)).one()
        rl = session.scalars(select(ReturnLine).where(ReturnLine.return_id == ret.id)).one()
        swap = session.scalars(select(Exchange).where(Exchange.return_line_id == rl.id)).one()
        return swap
    swap = screen.context.counter.read(written)
    assert swap.new_variant_id == option.variant_id and swap.price_difference == plan.to_collect
    assert screen.context.counter.read(stock) == before - 1
    jobs = screen.context.counter.run(
        screen.context.actor, lambda s, a: print_queue.list_jobs(s, reference=return_id), commit=False)
    assert [j.kind for j in jobs] == ["exchange_receipt"]


def test_store_credit_goes_on_the_customers_account(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    order, verdict = pick(screen, lambda o, v: o.customer_id is not None and any(
        "store_credit" in le.allowed for le in open_lines(v)))
    line = next(le for le in open_lines(verdict) if "store_credit" in le.allowed)
    find(qtbot, screen, order.number, order.billing_last_name)
    view = screen.view
    for n, other in view.lines.items():
        if n != line.line.line_no and other.include.isChecked():
            other.include.setChecked(False)
    tick_everything(qtbot, screen, line.line.line_no)
    widget = view.lines[line.line.line_no]
    widget.resolution_buttons[Resolution.STORE_CREDIT].click()
    idle(qtbot, screen)
    plan = screen.presenter.plan
    assert plan is not None
    assert totals(screen)["Store credit to the customer's account"] == f"${plan.store_credit:,.2f}"
    return_id = complete(qtbot, screen)

    def credit(session):  # type: ignore[no-untyped-def]
        ret = session.scalars(select(Return).where(Return.return_number == return_id)).one()
        return session.scalars(select(LedgerEntry.amount).where(LedgerEntry.return_id == ret.id)).all()
    assert screen.context.counter.read(credit) == [plan.store_credit]


def test_shipping_not_refunded_is_shown_before_completing(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    try:
        order, verdict = pick(screen, lambda o, v: o.shipping_charged > 0 and any(
            le.allowed for le in open_lines(v)))
    except AssertionError:
        pytest.skip("no demo order with shipping charged is returnable today")
    line = next(le for le in open_lines(verdict) if le.allowed)
    find(qtbot, screen, order.number, order.billing_last_name)
    tick_everything(qtbot, screen, line.line.line_no)
    assert totals(screen)["Shipping not refunded"] == f"${order.shipping_charged:,.2f}"


def test_wrong_name_is_said_in_words_and_nothing_typed_is_lost(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    order, _ = demo_orders(screen)[0]
    find(qtbot, screen, order.number, "Nobody-Here")
    view = screen.view
    assert view.status.text() == f"No order {order.number} with last name Nobody-Here"
    assert view.number.text() == order.number and view.last_name.text() == "Nobody-Here"
    # A number alone waits for the last name instead of failing.
    view.last_name.clear()
    qtbot.keyClick(view.number, Qt.Key.Key_Return)
    assert view.last_name.hasFocus() or "last name" in view.status.text()
    assert not screen.presenter.busy


def test_arriving_with_a_return_id_or_order_number(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    order, _ = demo_orders(screen)[0]
    screen.on_enter(order_number=order.number)  # the home screen's scan of a packing slip
    assert screen.view.number.text() == order.number
    assert "last name" in screen.view.status.text()
    screen.on_enter(order_number=order.number, last_name=order.billing_last_name)
    idle(qtbot, screen)
    assert screen.view.order_title.text().startswith(f"Order {order.number}")
    screen.on_enter(return_id="R-TOR1-000123-9")  # a typo in the check digit
    idle(qtbot, screen)
    assert "typing mistake" in screen.view.status.text()


def test_escape_closes_the_confirmation_then_goes_home(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    went: list[str] = []
    screen.context.navigate = lambda name, **kw: went.append(name) or True
    order, verdict = pick(screen, lambda o, v: any(le.allowed for le in open_lines(v)))
    line = next(le for le in open_lines(verdict) if le.allowed)
    find(qtbot, screen, order.number, order.billing_last_name)
    for n, other in screen.view.lines.items():
        if n != line.line.line_no and other.include.isChecked():
            other.include.setChecked(False)
    tick_everything(qtbot, screen, line.line.line_no)
    view = screen.view
    qtbot.keyClick(view.number, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.confirm_bar.isVisible() and "Complete the return" in view.confirm_text.text()
    qtbot.keyClick(view.confirm, Qt.Key.Key_Escape)
    assert not view.confirm_bar.isVisible() and went == []
    assert view.lines[line.line.line_no].include.isChecked()  # nothing lost
    qtbot.keyClick(view.number, Qt.Key.Key_Escape)
    assert went == ["home"]


def test_stock_staff_are_refused_in_words(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(Role.STOCK)
    order, _verdict = pick(screen, lambda o, v: len(open_lines(v)) == 1)
    find(qtbot, screen, order.number, order.billing_last_name)
    assert "process returns" in screen.view.status.text()
    assert not screen.view.complete.isEnabled()


def test_receipt_preview_when_a_printer_is_set_up(open_screen, qtbot: QtBot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    context = screen.context
    context.counter.run(context.actor, lambda s, a: print_queue.configure_printer(
        s, "receipt", "tm-t88", f"file:{tmp_path / 'out.bin'}", till_id=a.till_id, default=True))
    order, verdict = pick(screen, lambda o, v: paid_by_card(o) and any(
        "refund" in le.allowed for le in open_lines(v)))
    line = next(le for le in open_lines(verdict) if "refund" in le.allowed)
    find(qtbot, screen, order.number, order.billing_last_name)
    for n, other in screen.view.lines.items():
        if n != line.line.line_no and other.include.isChecked():
            other.include.setChecked(False)
    tick_everything(qtbot, screen, line.line.line_no)
    complete(qtbot, screen)
    idle(qtbot, screen)
    assert screen.view.receipt_scroll.isVisible()
    assert not screen.view.receipt_image.pixmap().isNull()


def test_tab_order_and_accessible_names(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    view = screen.view
    assert view.number.nextInFocusChain() is view.last_name
    order, _ = pick(screen, lambda o, v: len(open_lines(v)) >= 1)
    find(qtbot, screen, order.number, order.billing_last_name)
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox
    for kind in (QAbstractButton, QLineEdit, QComboBox, QSpinBox):
        for widget in view.findChildren(kind):
            if (not widget.isVisibleTo(view) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus
                    or widget.objectName().startswith("qt_")):  # Qt's own inner parts
                continue
            assert widget.accessibleName(), widget
            assert widget.height() >= 30, widget.accessibleName()  # large targets


def test_qt_model_tester_on_the_totals(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from storepos.ui.returns.model import TotalsModel
    from storepos.ui.returns.rows import TotalRow

    model = TotalsModel([TotalRow("Refund to VISA ••••4242", "$140.00", "refund"),
                         TotalRow("Restocking fee", "$0.00", "fee"),
                         TotalRow("Shipping not refunded", "$9.95", "shipping")])
    qtmodeltester.check(model)
    model.set_rows([TotalRow("Money back", "$0.00", "refund")])
    qtmodeltester.check(model)


def test_demo_kwargs_open_a_demo_order_for_screenshots(open_screen, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen()
    context = screen.context
    kwargs = context.counter.run(context.actor, screen.demo_kwargs, commit=False)
    assert set(kwargs) == {"order_number", "last_name"}
    screen.on_enter(**kwargs)
    idle(qtbot, screen)
    assert screen.view.order_title.text().startswith(f"Order {kwargs['order_number']}")
    assert sum(w.include.isEnabled() for w in screen.view.lines.values()) >= 1


def test_registered_for_the_main_window() -> None:
    from storepos.ui.shell.registry import load_screens

    assert ReturnsScreen in load_screens()
    assert ReturnsScreen.name == "returns" and Role.STOCK not in ReturnsScreen.roles


def test_a_requested_return_id_saves_its_mail_back_form(open_screen, qtbot: QtBot, tmp_path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Scanned Return ID -> "Mail-back form (PDF)…" -> a PDF of that request in the chosen file;
    an ordinary order shows no such button."""
    from storepos.ui.widgets import pdf_save

    screen = open_screen()

    def requested(session):  # type: ignore[no-untyped-def]
        return session.scalars(select(Return.return_number)
                               .where(Return.status == ReturnStatus.REQUESTED)).first()
    number = screen.context.counter.read(requested)
    view = screen.view
    qtbot.keyClicks(view.number, number)
    qtbot.keyClick(view.number, Qt.Key.Key_Return)
    idle(qtbot, screen)
    assert view.mail_back.isVisible()
    target = tmp_path / "form"  # typed without .pdf: the file gets it
    monkeypatch.setattr(pdf_save, "ask_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(view.mail_back, Qt.MouseButton.LeftButton)
    saved = tmp_path / "form.pdf"
    qtbot.waitUntil(saved.exists, timeout=WAIT)
    qtbot.waitUntil(lambda: "is saved" in view.status.text(), timeout=WAIT)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert str(saved) in view.status.text()

    unwritable = tmp_path / "no-such-folder" / "form.pdf"  # a folder that is not there
    monkeypatch.setattr(pdf_save, "ask_path", lambda parent, suggested: str(unwritable))
    qtbot.mouseClick(view.mail_back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was saved" in view.status.text(), timeout=WAIT)

    candidate = pick(screen, lambda order, verdict: bool(open_lines(verdict)))
    find(qtbot, screen, candidate[0].number, candidate[0].billing_last_name)
    assert not view.mail_back.isVisible()
