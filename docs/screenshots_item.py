"""Screenshots of a product scanned at home (issue 13), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_item.py

writes docs/screenshots/item-scanned.png (a demo shoe's barcode typed in the home scan field:
the item and the recent orders that hold it, the newest selected for Enter to open as a return)
and item-imported.png (the Blundstone of tests/fixtures/shopify_products.csv, imported by head
office and pulled to this till: "Final sale · Clearance · On sale", in no order yet).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shots import SIZE, choose_language, save, settle

from storepos.app import build_main_window, demo_staff_path
from storepos.central.catalogue.importer import import_catalogue
from storepos.central.catalogue.tag_mapping import load_mapping
from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.pull import pull_changes
from storepos.services.items.api import demo_item
from storepos.services.sync.local_till import LocalTill
from storepos.sync.protocol import Cursor

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "shopify_products.csv"


def scan(window: object, code: str) -> None:
    """As a keyboard-wedge scanner does it: the characters, then Enter, in the home scan field."""
    window.go_home()  # type: ignore[attr-defined]
    field = window.screens()["home"].view.scan  # type: ignore[attr-defined]
    field.clear()
    field.setFocus()
    QTest.keyClicks(field, code)
    QTest.keyClick(field, Qt.Key.Key_Return)
    item = window.screens()["item"].view  # type: ignore[attr-defined]
    settle(lambda: window.current_name() == "item" and item.title.text()  # type: ignore[attr-defined]
           and item.status.text() != "Looking it up…")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=120, print_queue=False)
        window.resize(*SIZE)
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open:", window.signin.view.status.text())
            return 1
        counter, place = window.counter, window.place
        # Head office imports the Shopify product export; this till pulls it.
        central = make_central_engine(str(Path(folder) / "central.db"))
        upgrade_central(str(Path(folder) / "central.db"))
        with FIXTURE.open("rb") as data:
            import_catalogue(central, data, load_mapping())
        local = LocalTill(counter._sessions, place.store_id, place.till_id)
        cursor = Cursor()
        while True:
            batch = pull_changes(central, place.store_id, cursor)
            local.apply_changes(batch, datetime.now(UTC))
            cursor = batch.cursor
            if not batch.more:
                break
        central.dispose()

        cashier = next(p for p in json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
                       if p["role"] == "cashier")
        view = window.signin.view
        view.number.setText(cashier["number"])
        view.pin.setText(cashier["pin"])
        choose_language(view)
        view.sign_in.click()
        settle(lambda: window.actor is not None)
        code = counter.read(lambda s: demo_item(s, window.actor))["code"]
        scan(window, code)
        save(window, "item-scanned")
        scan(window, "931235500808")
        save(window, "item-imported")
        window.close()
        window.opener.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
