"""Screenshots of the Day screen (open and close the till) at 1024x768, offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_day.py

writes docs/screenshots/day-open.png (the float typed by denomination, before opening),
day-x-report.png (the X report after three cash refunds and a paid in), day-close-approval.png
(a count 20.00 short: the manager's approval asked, with the reason) and day-z-report.png (the day
closed, its Z report). A fresh demo store; the cashier signed in; the refunds go through the
returns door on demo orders paid in cash, the paid in through the day's service with the demo
manager's PIN.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import OUT, SIZE, choose_language, save, settle, with_dialog
from sqlalchemy import select

from storepos.app import build_main_window, demo_staff_path
from storepos.domain.errors import StoreposError
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Reason, Resolution, Role, TenderKind
from storepos.persistence.models import Order, Tender
from storepos.services.day import days
from storepos.services.returns import api as returns_api
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest

FLOAT = {"20.00": 10, "10.00": 5, "5.00": 6, "2.00": 10, "1.00": 10, "0.25": 40}  # 360.00


def cash_refunds(counter: Any, actor: Any, wanted: int = 3) -> int:
    """Refund the first line of demo orders paid in cash, as the returns screen would."""
    def orders(s: Any, a: Any) -> list[tuple[str, str]]:
        rows = s.execute(select(Order.number, Order.billing_last_name).join(
            Tender, Tender.order_id == Order.id).where(Tender.kind == TenderKind.CASH)
            .order_by(Order.placed_on.desc())).all()
        return [(r.number, r.billing_last_name) for r in rows]

    done = 0
    for number, last_name in counter.run(actor, orders, commit=False):
        def refund(s: Any, a: Any, number: str = number, last_name: str = last_name) -> None:
            order = returns_api.load_order(s, a, number, last_name).order
            line = LineRequest(order.lines[0].line_no, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN,
                               Resolution.REFUND)
            returns_api.complete(s, a, ReturnRequest((line,), order_id=order.id))
        try:
            counter.run(actor, refund)
        except StoreposError:
            continue  # not returnable today (window, final sale ...): the next one
        done += 1
        if done == wanted:
            break
    return done


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=160, print_queue=False)
        window.resize(*SIZE)
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open")
            return 1
        staff: dict[Role, tuple[str, str]] = {}
        for person in json.loads(demo_staff_path(db).read_text(encoding="utf-8")):
            staff.setdefault(Role(person["role"]), (person["number"], person["pin"]))
        view = window.signin.view
        view.number.setText(staff[Role.CASHIER][0])
        view.pin.setText(staff[Role.CASHIER][1])
        choose_language(view)
        view.sign_in.click()
        settle(lambda: window.actor is not None)
        counter, actor = window.counter, window.actor

        window.navigate("day")
        screen = window.screens()["day"]
        settle(lambda: not screen.presenter.busy and not window.runner.busy)
        for face, pieces in FLOAT.items():
            screen.view.pieces[face].setValue(pieces)
        settle()
        save(window.grab(), "day-open")

        screen.view.open_button.click()
        settle(lambda: not screen.presenter.busy and not window.runner.busy)
        cash_refunds(counter, actor)
        state = counter.run(actor, days.state, commit=False)
        binding = days.paid_binding(Movement.PAID_IN, state.business_date, Decimal("100.00"))
        yes = counter.approve(actor, staff[Role.MANAGER][0], staff[Role.MANAGER][1],
                              "Change from the bank", binding)
        counter.run(actor, lambda s, a: days.pay(s, a, Movement.PAID_IN, "100.00",
                                                 "Change from the bank", yes))
        screen.view.x_button.click()
        settle(lambda: not screen.presenter.busy and not window.runner.busy)
        save(window.grab(), "day-x-report")

        expected = counter.run(actor, days.state, commit=False).expected
        counted = expected - Decimal("20.00")
        screen.view.clear_counts()
        rest = counted
        for face in ("100.00", "50.00", "20.00", "10.00", "5.00", "2.00", "1.00", "0.25", "0.10",
                     "0.05"):
            pieces = int(rest // Decimal(face))
            if pieces:
                screen.view.pieces[face].setValue(pieces)
                rest -= Decimal(face) * pieces
        screen.view.close_button.click()
        settle(lambda: screen.approval_dialog is not None and screen.approval_dialog.isVisible())
        dialog = screen.approval_dialog
        assert dialog is not None
        dialog.number.setText(staff[Role.MANAGER][0])  # type: ignore[attr-defined]
        dialog.reason.setText("Twenty given as change twice")  # type: ignore[attr-defined]
        settle()
        save(with_dialog(window, dialog), "day-close-approval")
        dialog.pin.setText(staff[Role.MANAGER][1])  # type: ignore[attr-defined]
        dialog.approve_button.click()  # type: ignore[attr-defined]
        settle(lambda: screen.presenter.state is not None and screen.presenter.state.closed
               and not window.runner.busy)
        save(window.grab(), "day-z-report")
        window.close()
        app.processEvents()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
