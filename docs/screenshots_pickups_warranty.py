"""Screenshots of the pickup and warranty screens with demo data, at 1024x768 (the smallest screen
the counter app is made for), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_pickups_warranty.py

writes docs/screenshots/pickups.png, warranty.png and warranty_queue.png. It makes a fresh demo
store, adds a few pickups in every state (one unpaid, one overdue) and warranty claims through the
services, signs in as the demo manager and shows the screens in the app's main window (standalone
screens with the app's style if the main window is not there).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from shots import OUT, SIZE, choose_language, save, settle, with_dialog  # noqa: E402
from sqlalchemy import select  # noqa: E402

from storepos.domain.pickups import NotifyChannel  # noqa: E402
from storepos.domain.vocabulary import (  # noqa: E402
    Channel,
    Fulfillment,
    Resolution,
    Role,
    TenderKind,
)
from storepos.domain.warranty import DefectCategory  # noqa: E402
from storepos.persistence.models import (  # noqa: E402
    Customer,
    Order,
    OrderLine,
    StockLevel,
    Store,
    Tender,
    Variant,
)
from storepos.services.base.order_lookup import find_order  # noqa: E402
from storepos.services.counter import Counter  # noqa: E402
from storepos.services.pickups import status as pickups
from storepos.services.warranty import claims as warranty  # noqa: E402


def demo_photo(label: str) -> bytes:
    """A made-up inspection photo: a sole with the defect circled (PNG bytes)."""
    image = QImage(480, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("#ebe8e2"))
    painter = QPainter(image)
    painter.setBrush(QColor("#6b4a2f"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(50, 80, 380, 160, 70, 70)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("#d11"), 6))
    painter.drawEllipse(320, 90, 110, 90)
    painter.setPen(QColor("#222"))
    painter.drawText(20, 300, label)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _pickup_order(s: Any, a: Any, number: str, first: str, last: str, variant: Variant,
                  *, unpaid: bool) -> Order:
    """A ship-to-store order for this store, placed three days ago (as the website makes them)."""
    customer = Customer(first_name=first, last_name=last, email=f"{first}.{last}@example.ca"
                        .lower().replace("'", ""))
    s.add(customer)
    s.flush()
    placed = a.today() - timedelta(days=3)
    order = Order(number=number, channel=Channel.ONLINE, fulfillment=Fulfillment.SHIP_TO_STORE,
                  pickup_store_id=a.store_id, customer_id=customer.id, billing_last_name=last,
                  placed_on=placed, dispatched_on=placed, received_on=None,
                  shipping_charged=Decimal("9.95"))
    s.add(order)
    s.flush()
    s.add(OrderLine(order_id=order.id, line_no=1, variant_id=variant.id, quantity=1,
                    list_price=variant.list_price, paid=variant.list_price))
    kind = TenderKind.PAY_OFFLINE if unpaid else TenderKind.CARD
    s.add(Tender(order_id=order.id, kind=kind, amount=variant.list_price + Decimal("9.95"),
                 **({} if unpaid else {"card_brand": "VISA", "card_last4": "4242",
                                       "auth_ref": "A51822"})))
    s.flush()
    return order


def stage(counter: Counter, staff: dict[Role, tuple[str, str]]) -> str:
    """Pickups in every state and three warranty claims; the open claim's number."""
    clerk = counter.sign_in(*staff[Role.STOCK])
    cashier = counter.sign_in(*staff[Role.CASHIER])

    def add_pickups(s: Any, a: Any) -> list[str]:
        variants = list(s.scalars(
            select(Variant).join(StockLevel, StockLevel.variant_id == Variant.id)
            .where(StockLevel.store_id == a.store_id, StockLevel.on_hand > 0)
            .order_by(Variant.upc).limit(4)))
        people = [("Élodie", "Tremblay", True), ("Minh", "Nguyen", False),
                  ("Siobhán", "O'Brien", False), ("Piotr", "Kowalski", False)]
        numbers = []
        for i, (first, last, unpaid) in enumerate(people):
            order = _pickup_order(s, a, f"1009{i:04d}", first, last, variants[i % len(variants)],
                                  unpaid=unpaid)
            numbers.append(pickups.register_pickup(s, a, order.id).number)
        return numbers

    unpaid, paid, notified, late = counter.run(clerk, add_pickups)
    # The overdue one came in three weeks ago: a clerk on that day scanned it in.
    then = Counter(counter._sessions, clerk.till_prefix,  # noqa: SLF001 - a docs script
                   clock=lambda: datetime.now(timezone.utc) - timedelta(days=21))
    counter.run(then.sign_in(*staff[Role.STOCK]), lambda s, a: (
        pickups.mark_arrived(s, a, late), pickups.mark_ready(s, a, late),
        pickups.record_notification(s, a, late, NotifyChannel.PHONE, "Left a voicemail")))
    for number in (unpaid, paid, notified):
        counter.run(clerk, lambda s, a, n=number: (pickups.mark_arrived(s, a, n),
                                                   pickups.mark_ready(s, a, n)))
    counter.run(cashier, lambda s, a: pickups.record_notification(s, a, notified,
                                                                  NotifyChannel.EMAIL))

    def add_claims(s: Any, a: Any) -> str:
        store = s.get(Store, a.store_id)
        sold = list(s.scalars(select(Order).where(Order.store_id == store.id)
                              .order_by(Order.placed_on.desc()).limit(3)))
        claims = []
        for order in sold:
            found = find_order(s, order.number, order.billing_last_name)
            line = next((ln for ln in found.lines if ln.remaining), None)
            if line is not None:
                claims.append(warranty.open_claim_from_order(s, a, found.id, line.line_no).number)
        claims.append(warranty.open_claim_from_proof(
            s, a, "Paper receipt 4471, 3 Jan", "Blundstone 500, Rustic Brown, size 9").number)
        findings = [
            (DefectCategory.SOLE_SEPARATION, "Left sole lifting 4 cm at the toe; normal wear "
             "otherwise.", True, False, False),
            (DefectCategory.STITCHING, "Stitching along the heel counter came undone.", True,
             False, False),
            (DefectCategory.HEEL, "Heel worn down on the outside edge.", False, True, False),
        ]
        for number, (category, notes, confirmed, wear, misuse) in zip(claims[1:], findings,
                                                                      strict=False):
            warranty.record_inspection(s, a, number, defect_category=category, notes=notes,
                                       defect_confirmed=confirmed, wear_and_tear=wear,
                                       misuse=misuse)
            warranty.attach_photo(s, a, number, "sole.png", demo_photo(number))
            warranty.submit_claim(s, a, number)
        first = claims[0]
        warranty.attach_photo(s, a, first, "toe.png", demo_photo("toe"))
        warranty.attach_photo(s, a, first, "side.png", demo_photo("side"))
        return first

    return counter.run(cashier, add_claims)


def fill_inspection(screen: Any) -> None:
    page = screen.view.inspection
    page.category.setCurrentIndex(page.category.findData(DefectCategory.SOLE_SEPARATION))
    page.notes.setPlainText("Customer reports the left sole coming away after five months. "
                            "Sole separated 4 cm at the toe cap; no sign of heat damage.")
    page.confirmed.setChecked(True)


def with_main_window(app: QApplication, db: Path) -> int:
    from storepos.app import build_main_window, demo_staff_path

    window = build_main_window(db, demo_orders=80, print_queue=False)
    window.resize(*SIZE)
    window.show()
    if not settle(lambda: window.counter is not None):
        print("the demo store did not open")
        return 1
    import json

    people = json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
    staff: dict[Role, tuple[str, str]] = {}
    for person in people:
        staff.setdefault(Role(person["role"]), (person["number"], person["pin"]))
    open_claim = stage(window.counter, staff)
    view = window.signin.view
    view.number.setText(staff[Role.MANAGER][0])
    view.pin.setText(staff[Role.MANAGER][1])
    choose_language(view)
    view.sign_in.click()
    settle(lambda: window.actor is not None)
    screens = window.screens()

    window.navigate("pickups")
    settle(lambda: not window.runner.busy)
    save(window, "pickups")
    pickups_view = screens["pickups"].view
    screens["pickups"].presenter.open_hand_over()  # the selected parcel, ready on the shelf
    settle(lambda: pickups_view.hand_over_dialog is not None)
    if pickups_view.hand_over_dialog is not None:
        save(with_dialog(window, pickups_view.hand_over_dialog), "pickups-hand-over")
        pickups_view.hand_over_dialog.reject()
    screens["pickups"].presenter.open_notify()
    settle(lambda: pickups_view.notify_dialog is not None)
    if pickups_view.notify_dialog is not None:
        save(with_dialog(window, pickups_view.notify_dialog), "pickups-notify")
        pickups_view.notify_dialog.reject()
    settle()

    window.navigate("warranty", claim=open_claim)
    settle(lambda: not window.runner.busy and screens["warranty"].presenter.page == "inspection")
    fill_inspection(screens["warranty"])
    settle()
    save(window, "warranty")

    screens["warranty"].presenter.back()
    screens["warranty"].presenter.to_queue()
    settle(lambda: not window.runner.busy)
    queue = screens["warranty"].view.queue
    queue.outcome_buttons[Resolution.REPLACEMENT].setChecked(True)
    settle()
    save(window, "warranty_queue")
    queue.approve.click()  # the manager approval dialog, over the queue
    settle(lambda: screens["warranty"].approval_dialog is not None)
    approval = screens["warranty"].approval_dialog
    if approval is not None:
        settle()
        save(with_dialog(window, approval), "warranty-approval")
        approval.reject()
    screens["warranty"].presenter.show_ticket(open_claim)
    settle(lambda: not window.runner.busy and screens["warranty"].presenter.page == "ticket")
    save(window, "warranty-ticket")
    window.close()
    return 0


def standalone(app: QApplication, db: Path) -> int:
    """Without the main window: the screens on their own, with the app's style if it is there."""
    from storepos.demo import generate_demo
    from storepos.demo.recipes import default_recipes
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.base.till_identity import first_till_of
    from storepos.ui.operations import BackgroundRunner
    from storepos.ui.pickups.screen import PickupsScreen
    from storepos.ui.shell.context import AppContext
    from storepos.ui.warranty.screen import WarrantyScreen

    engine = make_engine(str(db))
    upgrade(engine)
    summary = generate_demo(engine, orders=80, seed=3, today=date.today())
    home = default_recipes().stores[0].code
    with make_session_factory(engine)() as session:
        till = first_till_of(session, home)
    assert till is not None
    counter = Counter(make_session_factory(engine), till.till_prefix)
    staff = {}
    for e in summary.employees:
        if e.store_code == home:
            staff.setdefault(e.role, (e.number, e.pin))
    open_claim = stage(counter, staff)
    context = AppContext(counter, counter.place(), BackgroundRunner())
    context.actor = counter.sign_in(*staff[Role.MANAGER])
    try:
        from storepos.ui.style import apply_style
    except ImportError:
        def apply_style(widget: QWidget) -> None:
            return None
    for cls in (PickupsScreen, WarrantyScreen):
        screen = cls(context)
        apply_style(screen)
        screen.resize(*SIZE)
        screen.show()
        if cls is PickupsScreen:
            screen.on_enter()
            settle(lambda s=screen: not s.presenter.busy)
            save(screen, "pickups")
            continue
        screen.on_enter(claim=open_claim)
        settle(lambda s=screen: not s.busy and s.presenter.page == "inspection")
        fill_inspection(screen)
        settle()
        save(screen, "warranty")
        screen.presenter.back()
        screen.presenter.to_queue()
        settle(lambda s=screen: not s.busy)
        screen.view.queue.outcome_buttons[Resolution.REPLACEMENT].setChecked(True)
        settle()
        save(screen, "warranty_queue")
    engine.dispose()
    return 0


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        try:
            from storepos.app import build_main_window  # noqa: F401
        except ImportError:
            return standalone(app, db)
        return with_main_window(app, db)


if __name__ == "__main__":
    raise SystemExit(main())
