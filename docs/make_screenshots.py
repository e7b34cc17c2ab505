"""Render a screenshot of every screen to docs/screenshots/ (offscreen Qt, a fresh demo database).

Run: QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from storepos.app import build_window  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(app: QApplication, until, timeout_ms: int = 60_000) -> None:  # type: ignore[no-untyped-def]
    waited = 0
    while not until() and waited < timeout_ms:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50
    app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        window = build_window(Path(folder) / "store.db", demo_orders=1000)
        window.resize(1024, 768)
        window.show()
        settle(app, lambda: not window.runner.busy)
        window.grab().save(str(OUT / "orders.png"))
        window.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
