"""Screenshots of the managers' Printers screen, at 1024x768 (the smallest screen the counter app
is made for), offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_printers.py

writes docs/screenshots/printers.png (the list: each printer, how it is reached, what it takes and
its status), printers-add-error.png (a new printer with a bad port: refused in words, nothing
typed lost) and printers-status.png (the receipt printer out of paper, its test page refused). It
makes a fresh demo store with a loopback test printer (paper low), a printer on a closed port and
a file printer for reports, all set up through the printer service, and signs in as the demo
manager.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import OUT, SIZE, choose_language, save, settle  # noqa: E402

from storepos.app import build_main_window, demo_staff_path
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import Role
from storepos.i18n import _
from storepos.services.printing import printers as pr


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, LoopbackPrinter() as front:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=40, print_queue=False)
        window.resize(*SIZE)
        window.show()
        if not settle(lambda: window.counter is not None):
            print("the demo store did not open")
            return 1
        staff: dict[Role, tuple[str, str]] = {}
        for person in json.loads(demo_staff_path(db).read_text(encoding="utf-8")):
            staff.setdefault(Role(person["role"]), (person["number"], person["pin"]))
        counter = window.counter
        manager = counter.sign_in(*staff[Role.MANAGER])
        gone = closed_port()
        reports = Path(folder) / "reports.bin"

        def set_up(s: Any, a: Any) -> None:
            pr.add_printer(s, a, "receipt", "tm-t88", front.address, default=True)
            pr.add_printer(s, a, "back office", "tm-t20", f"tcp://127.0.0.1:{gone}?timeout=1")
            pr.add_printer(s, a, "office laser", "tm-t20", f"file:{reports}")
            pr.route_documents(s, a, "slips", "back office")
            pr.route_documents(s, a, "reports", "office laser")

        counter.run(manager, set_up)
        front.set(paper="low")
        view = window.signin.view
        view.number.setText(staff[Role.MANAGER][0])
        view.pin.setText(staff[Role.MANAGER][1])
        choose_language(view)
        view.sign_in.click()
        settle(lambda: window.actor is not None)

        window.navigate("printers")
        screen = window.screens()["printers"]
        m, v = screen.model, screen.view

        def statuses() -> list[str]:
            return [m.row_at(r).status for r in range(m.rowCount())]

        settle(lambda: m.rowCount() == 3 and "Checking…" not in statuses()
               and not window.runner.busy)
        v.select_row(m.row_of("receipt"))
        settle()
        save(window.grab(), "printers")

        v.new.click()
        v.name.setText("kitchen")
        v.printer_model.setCurrentIndex(v.printer_model.findData("generic-58"))
        v.host.setText("192.168.1.77")
        v.port.setText("91OO")  # letter O for zero: a typo a manager makes
        v.add.click()
        settle()
        save(window.grab(), "printers-add-error")

        front.set(paper="out")
        v.check.click()
        settle(lambda: m.row_at(m.row_of("receipt")).status == _("Paper out")
               and not window.runner.busy)
        v.select_row(m.row_of("receipt"))
        settle()
        v.test.click()
        settle(lambda: not window.runner.busy)
        save(window.grab(), "printers-status")
        window.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
