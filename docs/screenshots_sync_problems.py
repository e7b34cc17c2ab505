"""Screenshots of the managers' sync problems screen with real problems, at 1024x768 (the smallest
screen the counter app is made for), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_sync_problems.py

writes docs/screenshots/sync_problems.png, sync_problems-approval.png and home-sync.png. It makes a
fresh demo store that syncs with an embedded central database beside it, and makes three problems
through the real services and the real sync: a warranty claim of another store that the central
rules refuse, a gift card overdrawn offline (the web shop spent part of it centrally meanwhile),
and an online order's pair refunded at both tills of the store before either knew of the other's
refund. Then it signs in as the demo manager, opens Sync problems, picks the overdrawn card, fills
in the decision and opens the manager approval.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import uuid
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import OUT, SIZE, choose_language, save, settle, with_dialog
from sqlalchemy import select

from storepos.app import build_main_window, demo_staff_path
from storepos.central import orders as web_shop
from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import Channel, Reason, Resolution, Role, TenderKind
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import Order, OutboxEntry, Store
from storepos.services.base import outbox
from storepos.services.cards import value_accounts as va
from storepos.services.cards.redemption import CardGate, take_from_card
from storepos.services.cards.value_source import sold
from storepos.services.counter import Counter
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest
from storepos.services.sync.documents import order_document
from storepos.services.sync.local_till import LocalTill
from storepos.sync.errors import CentralUnavailable
from storepos.sync.service import SyncService


class Unreachable:
    """The central card ledger while the network is down."""

    def hold(self, *args: object, **kwargs: object) -> object:
        raise CentralUnavailable("The central database cannot be reached: network down")

    def release(self, held: object) -> bool:
        raise CentralUnavailable("The central database cannot be reached: network down")


def refused_claim(counter: Counter) -> None:
    """A warranty claim that names another store (a till restored from the wrong backup, say)."""
    def write(s: Any, a: Any) -> None:
        s.add(OutboxEntry(
            id=uuid.uuid4(), till_id=a.till_id, store_id=a.store_id,
            seq=outbox.next_seq(s, a.till_id), action="warranty.opened", occurred_at=a.now(),
            payload={"audit": {"subject_type": "warranty_claim", "subject_id": None,
                               "details": {}},
                     "rows": {"claim": {"id": str(uuid.uuid4()), "number": "W-MTL1-000007-3",
                                        "store_id": str(uuid.uuid4()), "status": "open"}}}))

    counter.run(counter.sign_in(*STAFF[Role.MANAGER]), write)


def overdrawn_card(counter: Counter, service: SyncService, central: Any) -> None:
    """A 50.00 card: the Montreal store spends 30.00 of it (online, held and captured centrally)
    while this till, offline, takes 40.00 it no longer has."""
    cashier = counter.sign_in(*STAFF[Role.CASHIER])
    card = counter.run(cashier, lambda s, a: va.issue_gift_card(s, a, "50.00", sold(TenderKind.CASH))).account
    service.sync_once()
    montreal = counter.read(lambda s: s.scalar(select(Store.id).where(Store.code == "MTL")))
    held = central.cards.hold(card.id, Decimal("30.00"), store_id=montreal)
    central.cards.capture(held, store_id=montreal, note="Sale at Montreal")
    offline = replace(cashier, card_gate=CardGate(Unreachable()))
    counter.run(offline, lambda s, a: take_from_card(s, a, card.number, Decimal("40.00"),
                                                     note="Sale 10040233"))


def refund_line(counter: Counter, actor: Any, order_id: uuid.UUID) -> str:
    request = ReturnRequest((LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN,
                                         Resolution.REFUND),), order_id=order_id)
    return counter.run(actor, lambda s, a: complete_return(s, a, request)).return_number


def refunded_twice(counter: Counter, service: SyncService, central: Any, db: Path) -> None:
    """An online order's line refunded at till 1 and at till 2 of the store, till 2 not knowing."""
    second_db = db.with_name("till2.db")
    source, copy = sqlite3.connect(db), sqlite3.connect(second_db)
    try:
        source.backup(copy)  # till 2's database: the same store, as it stood before the refunds
    finally:
        source.close()
        copy.close()
    engine = make_engine(str(second_db))
    sessions = make_session_factory(engine)
    till2 = Counter(sessions, "TOR2")
    cashier, cashier2 = (c.sign_in(*STAFF[Role.CASHIER]) for c in (counter, till2))
    orders = counter.read(lambda s: list(s.scalars(
        select(Order.id).where(Order.channel == Channel.ONLINE).order_by(Order.placed_on.desc()))))
    for order_id in orders:
        doc = counter.read(lambda s, o=order_id: order_document(s, o))
        with central.engine.begin() as conn:
            web_shop.publish_order(conn, doc)  # the web shop publishes its orders centrally
        try:
            refund_line(counter, cashier, order_id)
        except StoreposError:
            continue  # outside the return window, nothing left to return, ...
        service.sync_once()
        refund_line(till2, cashier2, order_id)
        SyncService(LocalTill.for_prefix(sessions, "TOR2"), central).sync_once()
        break
    engine.dispose()


STAFF: dict[Role, tuple[str, str]] = {}


def main() -> int:
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive to the end
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=80, print_queue=False, sync=True)
        window.resize(*SIZE)
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open:", window.signin.view.status.text())
            return 1
        for person in json.loads(demo_staff_path(db).read_text(encoding="utf-8")):
            STAFF.setdefault(Role(person["role"]), (person["number"], person["pin"]))
        counter = window.counter
        link = counter.sync_link
        service = window.opener.sync
        service.stop()  # the problems are made step by step: no background sync meanwhile
        service.sync_once()
        refused_claim(counter)
        service.sync_once()
        overdrawn_card(counter, service, link.central)
        service.sync_once()
        refunded_twice(counter, service, link.central, db)
        service.sync_once()  # this till learns of till 2's refund; the list is the store's

        view = window.signin.view
        view.number.setText(STAFF[Role.MANAGER][0])
        view.pin.setText(STAFF[Role.MANAGER][1])
        choose_language(view)
        view.sign_in.click()
        settle(lambda: window.actor is not None)
        window.sync_indicator.refresh()  # the header's "N to settle", without its 5 s wait
        settle(lambda: window.sync_indicator.problems.isVisible())
        window.navigate("sync_problems")
        screen = window.screens()["sync_problems"]
        settle(lambda: not window.runner.busy and screen.model.rowCount() > 0, extra_ms=400)
        rows = [screen.model.row_at(i) for i in range(screen.model.rowCount())]
        print(f"  {len(rows)} problems: " + "; ".join(r.title for r in rows))
        card = next((i for i, r in enumerate(rows) if r.kind == "card_overdraft"), 0)
        screen.view.select_row(card)
        settle()
        buttons = screen.view.outcome_buttons
        if "collected" in buttons:
            buttons["collected"].setChecked(True)
        screen.view.why.setText("Customer came back and paid the $20.00 in cash")
        settle()
        save(window, "sync_problems")

        screen.view.resolve.click()
        settle()
        dialog = screen.approval_dialog
        if dialog is not None:
            dialog.number.setText(STAFF[Role.MANAGER][0])
            settle()
            save(with_dialog(window, dialog), "sync_problems-approval")
            dialog.reject()
            settle()
        window.go_home()  # the header on home: online, queued, last sync and "N to settle"
        settle()
        save(window, "home-sync")
        window.close()
        settle(extra_ms=200)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
