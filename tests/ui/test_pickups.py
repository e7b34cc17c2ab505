"""The pickup screen end to end, offscreen, on a copy of the demo store: sign in, scan a parcel in,
mark it ready, record the notification, hand it over (ID, payment, manager approval), send back
what is overdue; then check the database and the print queue."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from storepos.domain.pickups import NotifyChannel
from storepos.domain.vocabulary import PickupStatus, Role, TenderKind
from storepos.persistence.models import AuditEvent, Pickup, Store, Tender
from storepos.persistence.models.print_jobs import PrintJob
from storepos.services.counter import Counter
from storepos.services.pickups import status as pickups
from storepos.ui.pickups.model import PickupLine, PickupsTableModel
from storepos.ui.pickups.screen import PickupsScreen
from tests.factories import card, make_customer, make_pickup_order, make_product, tender
from tests.ui.conftest import demo_employee

WAIT = 20_000


def add_pickup(counter: Counter, demo_template, *, pay: str = "offline",  # type: ignore[no-untyped-def]
               last: str = "Côté", shelf: bool = False) -> tuple[str, str]:
    """A ship-to-store order for the demo's home store (129.95), on its way: (pickup, order)."""
    clerk = demo_employee(demo_template, Role.STOCK)
    actor = counter.sign_in(clerk.number, clerk.pin)

    def make(s, a):  # type: ignore[no-untyped-def]
        store = s.get(Store, a.store_id)
        shoe = make_product(s, store, sizes=("8",), on_hand=2, brand="Sorel", name="Caribou")["8"]
        paid = [tender(TenderKind.PAY_OFFLINE, "129.95")] if pay == "offline" else [
            card("129.95")]
        order = make_pickup_order(s, store, [(shoe, 1, "120.00")], tenders=paid,
                                  customer=make_customer(s, last=last), last_name=last,
                                  shipping="9.95", placed_on=a.today() - timedelta(days=2))
        row = pickups.register_pickup(s, a, order.id)
        if shelf:
            pickups.mark_arrived(s, a, row.number)
            pickups.mark_ready(s, a, row.number)
        return row.number, order.number

    return counter.run(actor, make)


def status_of(counter: Counter, number: str) -> PickupStatus:
    return counter.read(lambda s: PickupStatus(
        s.scalars(select(Pickup.status).where(Pickup.number == number)).one()))


def receipts(counter: Counter, number: str) -> list[str]:
    return counter.read(lambda s: list(s.scalars(
        select(PrintJob.kind).where(PrintJob.reference == number))))


def open_screen(qtbot: QtBot, context, **kwargs) -> PickupsScreen:  # type: ignore[no-untyped-def]
    screen = PickupsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    screen.on_enter(**kwargs)
    idle(qtbot, screen)
    return screen


def idle(qtbot: QtBot, screen: PickupsScreen) -> None:
    qtbot.waitUntil(lambda: not screen.presenter.busy, timeout=WAIT)


def says(qtbot: QtBot, screen: PickupsScreen, words: str) -> None:
    qtbot.waitUntil(lambda: words in screen.view.status.text(), timeout=WAIT)
    idle(qtbot, screen)


def test_scan_in_ready_notify_and_hand_over_an_unpaid_order(
        make_context, counter, demo_template, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number, order = add_pickup(counter, demo_template)
    screen = open_screen(qtbot, make_context(Role.CASHIER))
    view = screen.view
    assert view.tabs.tabText(0).startswith("In transit (") and view.tabs.count() == 7

    qtbot.keyClicks(view.scan, order)  # the scanner types the packing slip's barcode
    qtbot.keyClick(view.scan, Qt.Key.Key_Return)
    says(qtbot, screen, "arrived: held for Ana Côté")
    assert status_of(counter, number) is PickupStatus.ARRIVED and view.scan.text() == ""
    assert view.tabs.currentIndex() == 1 and screen.presenter.selected.number == number
    assert view.ready.isEnabled() and not view.send_back.isEnabled()

    view.ready.click()
    says(qtbot, screen, "ready on the shelf")
    assert status_of(counter, number) is PickupStatus.READY and view.tabs.currentIndex() == 1
    view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: screen.model.row_of(number) >= 0, timeout=WAIT)
    view.select_row(screen.model.row_of(number))
    assert screen.presenter.selected.number == number

    view.notify.click()
    dialog = view.notify_dialog
    assert dialog is not None
    dialog.ok.click()
    assert "Choose how" in dialog.error.text()
    dialog.choose(NotifyChannel.SMS)
    dialog.note.setText("Sent the pickup code")
    dialog.ok.click()
    says(qtbot, screen, "told by text message")
    assert view.notify_dialog is None and status_of(counter, number) is PickupStatus.NOTIFIED

    view.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: screen.model.row_of(number) >= 0, timeout=WAIT)
    assert screen.model.row_at(screen.model.row_of(number)).to_pay == "$129.95"
    view.select_row(screen.model.row_of(number))
    view.hand_over.click()
    hand = view.hand_over_dialog
    assert hand is not None and "$129.95" in hand.due.text()
    hand.last_name.setText("COTE")
    hand.id_checked.setChecked(True)
    hand.choose_method(TenderKind.CARD)
    hand.card_brand.setText("VISA")
    qtbot.keyClicks(hand.card_last4, "4242 4242")  # a full card number does not fit
    assert hand.card_last4.text() == "4242"
    hand.ok.click()
    qtbot.waitUntil(lambda: "authorisation reference" in hand.error.text(), timeout=WAIT)
    assert hand.last_name.text() == "COTE" and hand.card_brand.text() == "VISA"  # kept
    hand.reference.setText("AUTH77")
    hand.ok.click()
    says(qtbot, screen, "handed over to Ana Côté. Paid $129.95 by VISA ••••4242.")
    assert view.hand_over_dialog is None
    assert view.status.text().endswith(f"Pickup receipt {number} is waiting in the print queue: "
                                       "no receipt printer is set up on this till.")

    assert status_of(counter, number) is PickupStatus.COLLECTED
    assert receipts(counter, number) == ["pickup_receipt"]
    tenders = counter.read(lambda s: sorted(
        (t.kind.value, t.amount, t.auth_ref) for t in s.scalars(
            select(Tender).join(Pickup, Pickup.order_id == Tender.order_id)
            .where(Pickup.number == number))))
    assert tenders == [("card", Decimal("129.95"), "AUTH77"),
                       ("pay_offline", Decimal("129.95"), None)]


def test_a_name_mismatch_goes_ahead_with_a_managers_pin(
        make_context, counter, demo_template, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number, _ = add_pickup(counter, demo_template, pay="card", shelf=True)
    screen = open_screen(qtbot, make_context(Role.CASHIER), pickup=number)  # from home's scan
    hand = screen.view.hand_over_dialog
    assert hand is not None and "Already paid" in hand.due.text()
    hand.last_name.setText("Tremblay")
    hand.id_checked.setChecked(True)
    hand.ok.click()
    assert "does not match the name on order" in hand.error.text()
    approval = screen.approval_dialog
    assert approval is not None
    assert re.fullmatch(r"Hand over order \S+ to Tremblay", approval.what.text())
    assert approval.approve_button.text() == "Hand over"  # the decision, not a generic word
    manager = demo_employee(demo_template, Role.MANAGER)
    approval.number.setText(manager.number)
    approval.pin.setText("0000")
    approval.reason.setText("Married name; photo matches")
    approval.approve_button.click()
    qtbot.waitUntil(lambda: "Wrong employee number or PIN" in approval.error.text(),
                    timeout=WAIT)
    assert approval.reason.text() == "Married name; photo matches"  # kept
    approval.pin.setText(manager.pin)
    approval.approve_button.click()
    says(qtbot, screen, "Name approved by")
    assert status_of(counter, number) is PickupStatus.COLLECTED
    approved_by = counter.read(lambda s: s.scalars(
        select(AuditEvent.approved_by).join(Pickup, Pickup.id == AuditEvent.subject_id)
        .where(Pickup.number == number, AuditEvent.action == "pickup.collected")).one())
    assert approved_by is not None


@pytest.mark.parametrize("role", [Role.STOCK, Role.CASHIER])
def test_overdue_pickups_are_sent_back_by_stock_staff(
        make_context, counter, demo_template, demo_engine, qtbot: QtBot,  # type: ignore[no-untyped-def]
        role: Role) -> None:
    number, _ = add_pickup(counter, demo_template, shelf=True)
    with demo_engine.begin() as conn:  # the hold period ran out three weeks ago
        conn.execute(update(Pickup).where(Pickup.number == number).values(
            hold_until=date.today() - timedelta(days=21)))
    screen = open_screen(qtbot, make_context(role))
    view = screen.view
    assert view.tabs.tabText(4) != "Overdue (0)"
    view.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: screen.model.row_of(number) >= 0, timeout=WAIT)
    view.select_row(screen.model.row_of(number))
    line = screen.model.row_at(screen.model.row_of(number))
    assert line.status.startswith("Overdue, ") and line.late
    if role is Role.CASHIER:
        assert not view.send_back.isEnabled() and view.hand_over.isEnabled()
        return
    assert view.send_back.isEnabled() and not view.hand_over.isEnabled()
    view.send_back.click()
    says(qtbot, screen, "send-back list")
    assert status_of(counter, number) is PickupStatus.SENT_BACK
    assert screen.model.row_of(number) < 0


def test_errors_in_words_and_escape_clears_the_scan(make_context, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, make_context(Role.CASHIER))
    view = screen.view
    qtbot.keyClicks(view.scan, "P-TOR1-000001-0")
    qtbot.keyClick(view.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "check" in view.status.text().lower()
                    or "No pickup" in view.status.text(), timeout=WAIT)
    qtbot.keyClicks(view.scan, "half-typed")
    qtbot.keyClick(view.scan, Qt.Key.Key_Escape)
    assert view.scan.text() == ""


def test_pickups_model_passes_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PickupsTableModel([
        PickupLine("P-TOR1-000001-9", "10000013", "Sofía Wang", "Ready", "Jun 1, 2025",
                   "Jun 15, 2025", "Paid"),
        PickupLine("P-TOR1-000002-4", "10000015", "Yuki St-Pierre", "Overdue, 3 days",
                   "May 1, 2025", "May 15, 2025", "$129.95", late=True),
    ])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 7
    model.set_rows([])
    qtmodeltester.check(model)


def test_keyboard_enter_on_a_row_opens_the_hand_over_and_escape_cancels(
        make_context, counter, demo_template, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number, _ = add_pickup(counter, demo_template, pay="card", shelf=True)
    screen = open_screen(qtbot, make_context(Role.MANAGER))
    view = screen.view
    assert view.tabs.currentIndex() == 2  # Ready
    view.select_row(screen.model.row_of(number))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    hand = view.hand_over_dialog
    assert hand is not None and hand.isVisible()
    hand.last_name.setText("Cote")
    qtbot.keyClick(hand.last_name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.hand_over_dialog is None, timeout=WAIT)
    assert status_of(counter, number) is PickupStatus.READY  # nothing moved
