"""Screenshots of the gift card, store credit and print job screens with demo data, at 1024x768
(the smallest screen the counter app is made for), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_giftcards_printing.py

writes docs/screenshots/giftcards.png, store_credit.png, print_jobs.png and print_preview.png. It
makes a fresh demo store, sells and spends a gift card, moves a customer's store credit, sets up
two loopback test printers (one out of paper) with the print queue's worker sending to them, signs
in as the demo cashier and shows the screens in the app's main window.
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
from shots import OUT, SIZE, choose_language, save, settle, with_dialog  # noqa: E402
from sqlalchemy import select

from storepos.app import build_main_window, demo_staff_path
from storepos.devices.printing.demo import demo_documents
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import AccountKind, Role, TenderKind
from storepos.i18n import _
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import Customer, ValueAccount
from storepos.services.cards import value_accounts as va
from storepos.services.cards.api import CardsServices
from storepos.services.printing import queue as pq


def stage(counter: Any, cashier: Any, front: LoopbackPrinter, back: LoopbackPrinter) -> tuple[str, str]:
    """Printers, a gift card sold and spent twice, and store credit moved; (card, customer e-mail)."""
    def printers(s: Any, a: Any) -> None:
        pq.configure_printer(s, "receipt", "tm-t88", front.address, till_id=a.till_id, default=True)
        pq.configure_printer(s, "back office", "tm-t20", back.address)

    counter.run(cashier, printers)
    documents = demo_documents()
    for document in documents[:3]:  # a refund, an exchange and a return slip printed earlier
        counter.run(cashier, lambda s, a, d=document: pq.enqueue(s, d, "receipt", till_id=a.till_id))
    sold = counter.run(cashier, lambda s, a: CardsServices().issue(s, a, "75.00", TenderKind.CASH))
    card = sold.state.history.account.number
    counter.run(cashier, lambda s, a: va.redeem(s, a, card, "24.50", note="Sale 10040112"))
    counter.run(cashier, lambda s, a: va.redeem(s, a, card, "12.99", note="Sale 10040187"))

    def credit_customer(s: Any, a: Any) -> tuple[str, Any]:
        store_currency = counter.place().currency
        for account in s.scalars(select(ValueAccount).where(
                ValueAccount.kind == AccountKind.STORE_CREDIT, ValueAccount.currency == store_currency)):
            customer = s.get(Customer, account.customer_id)
            if customer is not None and customer.email:
                return customer.email, customer.id
        raise SystemExit("the demo has no store credit in this store's currency")

    email, customer_id = counter.run(cashier, credit_customer)
    # (The demo's store credit came with its returns: value needs a source since issue 13.)
    account = counter.run(cashier, lambda s, a: va.store_credit_account(s, a, customer_id))
    spend = str(min(Decimal("15.00"), account.balance))  # what the demo's credit holds, at most 15
    if account.balance > 0:
        counter.run(cashier, lambda s, a: va.redeem(s, a, account.number, spend,
                                                    customer_id=customer_id, note="Sale 10040203"))
    back.set(paper="out")  # the back office printer waits for paper
    counter.run(cashier, lambda s, a: pq.enqueue(s, documents[4], "back office", till_id=a.till_id))
    return card, email


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, LoopbackPrinter() as front, \
            LoopbackPrinter() as back:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=80, print_queue=False)
        window.resize(*SIZE)
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open")
            return 1
        staff: dict[Role, tuple[str, str]] = {}
        for person in json.loads(demo_staff_path(db).read_text(encoding="utf-8")):
            staff.setdefault(Role(person["role"]), (person["number"], person["pin"]))
        counter = window.counter
        cashier = counter.sign_in(*staff[Role.CASHIER])
        engine = make_engine(str(db))
        queue = pq.PrintQueue(make_session_factory(engine), backoff=pq.Backoff(first=20.0),
                              status_timeout=0.2)
        queue.start()
        try:
            card, email = stage(counter, cashier, front, back)
            view = window.signin.view
            view.number.setText(staff[Role.CASHIER][0])
            view.pin.setText(staff[Role.CASHIER][1])
            choose_language(view)
            view.sign_in.click()
            settle(lambda: window.actor is not None)

            window.navigate("giftcards", number=card)
            settle(lambda: not window.runner.busy)
            gift = window.screens()["giftcards"].view  # made when first shown
            gift.gift.redeem.amount.setText("20.00")
            gift.gift.history.table.selectRow(gift.card_history.rowCount() - 1)
            settle()
            save(window.grab(), "giftcards")

            window.navigate("giftcards", customer=email)
            settle(lambda: not window.runner.busy and gift.credit_history.rowCount() > 0)
            save(window.grab(), "store_credit")

            window.navigate("print_jobs")
            jobs = window.screens()["print_jobs"]
            settle(lambda: any(jobs.model.row_at(r).state == "printed"
                               for r in range(jobs.model.rowCount()))
                   and any(jobs.model.row_at(r).state == "waiting"
                           for r in range(jobs.model.rowCount())))
            rows = [jobs.model.row_at(r) for r in range(jobs.model.rowCount())]
            jobs.view.select_row(next(i for i, r in enumerate(rows) if r.state == "waiting"))
            settle()
            save(window.grab(), "print_jobs")

            jobs.view.select_row(next(i for i, r in enumerate(rows) if r.document == _("Gift card slip")))
            settle()
            jobs.view.preview.click()
            dialog = jobs.preview_dialog
            settle(lambda: dialog is not None and dialog.has_image)
            save(with_dialog(window, dialog), "print_preview")
            dialog.reject()
            settle()
        finally:
            queue.stop()
            engine.dispose()
            window.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
