"""Screenshots of a till's first start with `storepos --choose`, offscreen:

    QT_QPA_PLATFORM=offscreen python docs/screenshots_first_start.py

writes docs/screenshots/first-start-doors.png (the two doors: "Open the demo store", "Join your
chain") and first-start-join-error.png (the join dialog over them, refused in words: the real
join_chain against an address where no service listens, so the words are the app's own). Nothing
is set up: the till's data folder is a fresh temporary one.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from shots import OUT, SIZE, save, settle, speak_shots_locale, with_dialog

from storepos.app import show_doors


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    speak_shots_locale()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"

        def not_here() -> object:
            raise SystemExit("the screenshots never open the counter")

        first = show_doors(db, not_here)  # type: ignore[arg-type]
        window = first.window
        window.showNormal()
        window.resize(*SIZE)
        settle(extra_ms=300)
        save(window, "first-start-doors")

        window.join.click()
        dialog = first.dialog
        assert dialog is not None
        dialog.address.setText(f"https://127.0.0.1:{free_port()}")
        dialog.code.setText("K7QD-M3XP-9RTA-HW4E")
        dialog.join.click()
        settle(lambda: dialog.join.isEnabled(), extra_ms=300)
        save(with_dialog(window, dialog), "first-start-join-error")
        dialog.done(0)
        window.close()
    app.processEvents()
    print(f"done: {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
