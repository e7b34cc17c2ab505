"""Screenshots of head office's staff at the till (issue 13), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_staff.py

writes docs/screenshots/signin-set-pin.png (the sign-in page of a till set up with head office,
with its "First sign-in or new PIN?" door), set-pin.png (the dialog, filled in), set-pin-offline.png
(head office cannot be reached: said in words) and signin-deactivated.png (an employee head office
deactivated, signed out after the till's pull). The demo store stands in for a till set up with the
service: its link to head office is an in-process stand-in that answers as the service does.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import LOCALE, SIZE, save, settle, with_dialog
from sqlalchemy import update

from storepos.app import build_main_window, demo_staff_path
from storepos.i18n import language_of
from storepos.persistence.models import Employee
from storepos.persistence.uow import UnitOfWork
from storepos.sync.errors import CentralUnavailable
from storepos.sync.pins import hash_pin


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=40, print_queue=False)
        window.resize(*SIZE)
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open:", window.signin.view.status.text())
            return 1
        if LOCALE:  # the sign-in page's own toggle, as an employee would choose
            window.signin.view.languages[language_of(LOCALE)].click()
            settle()
        counter, store_id = window.counter, window.place.store_id
        online = {"up": True}

        def head_office(number: str, code: str, pin: str) -> dict[str, Any]:
            if not online["up"]:
                raise CentralUnavailable("The central service at https://hq.example:8443 cannot "
                                         "be reached (ConnectError: connection refused).")
            return {"id": uuid.uuid4(), "store_id": store_id, "number": number,
                    "name": "Noor Haddad", "role": "cashier", "pin_hash": hash_pin(pin),
                    "active": True}

        counter.pin_link = head_office
        window.signin.set_ready(counter.sign_in, counter.set_up_pin)
        settle()
        save(window, "signin-set-pin")

        window.signin.view.number.setText("1042")
        dialog = window.signin.open_set_pin("1042")
        assert dialog is not None
        dialog.code.setText("K7QM-2XWD-R9TB-4HNA")
        dialog.pin.setText("2468")
        dialog.again.setText("2468")
        settle()
        save(with_dialog(window, dialog), "set-pin")

        online["up"] = False
        dialog.set_button.click()
        settle(lambda: dialog.status.property("role") == "error")
        save(with_dialog(window, dialog), "set-pin-offline")
        dialog.reject()
        settle()

        import json

        cashier = next(p for p in json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
                       if p["role"] == "cashier")
        view = window.signin.view
        view.number.setText(cashier["number"])
        view.pin.setText(cashier["pin"])
        view.sign_in.click()
        settle(lambda: window.actor is not None)
        with UnitOfWork(counter._sessions, writes=True) as uow:  # as the till's pull writes it
            uow.session.execute(update(Employee).where(Employee.number == cashier["number"])
                                .values(active=False))
            uow.commit()
        window.check_still_active()
        settle()
        if LOCALE:  # the page is the store's again: the next employee's toggle
            window.signin.view.languages[language_of(LOCALE)].click()
            settle()
        save(window, "signin-deactivated")
        window.close()
        window.opener.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
