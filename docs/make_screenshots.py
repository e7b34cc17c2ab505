"""Render a screenshot of every screen to docs/screenshots/ (offscreen Qt, a fresh demo database).

Run: QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--orders 400]

The window is 1024x768, the smallest screen the counter app is made for. It signs in as the demo
manager (who may use every screen) and shows each screen of the registry in turn, with the
arguments its `Screen.demo_kwargs(session, actor)` gives (a demo order, pickup, card...), then
grabs it (screen-<name>.png: the feature folders' own scripts, docs/screenshots_*.py, keep their
names for the states they show). A feature adds its own demo state by overriding `demo_kwargs`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from storepos.app import build_main_window, demo_staff_path  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1024, 768)


def settle(app: QApplication, until=lambda: True, timeout_ms: int = 120_000,  # type: ignore[no-untyped-def]
           extra_ms: int = 250) -> bool:
    """Run the event loop until `until()` (then a little more, for late paints)."""
    waited = 0
    while not until() and waited < timeout_ms:
        pause(50)
        waited += 50
    pause(extra_ms)
    app.processEvents()
    return bool(until())


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(pixmap: QPixmap, name: str) -> None:
    path = OUT / f"{name}.png"
    pixmap.save(str(path))
    print(f"  {path.relative_to(OUT.parent.parent)}")


def with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn over its middle, as the cashier sees it."""
    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 90))  # the window dims behind a modal dialog
    painter.drawPixmap(QPoint((shot.width() - over.width()) // 2, (shot.height() - over.height()) // 3), over)
    painter.end()
    return shot


def staff(db: Path) -> dict[str, dict[str, str]]:
    people = json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
    by_role: dict[str, dict[str, str]] = {}
    for person in people:
        by_role.setdefault(person["role"], person)
    return by_role


def sign_in(app: QApplication, window: Any, number: str, pin: str) -> None:
    view = window.signin.view
    view.number.setText(number)
    view.pin.setText(pin)
    view.sign_in.click()
    settle(app, lambda: window.actor is not None or view.status.property("role") == "error")


def demo_kwargs(app: QApplication, window: Any, screen: Any) -> dict[str, Any]:
    """The screen's own demo arguments, looked up on the background runner like any service call."""
    answer: list[Any] = []
    window.context.run(lambda session, actor: screen.demo_kwargs(session, actor), answer.append,
                       answer.append, commit=False)
    settle(app, lambda: bool(answer), extra_ms=0)
    if answer and isinstance(answer[0], Exception):
        print(f"  ({screen.name}: demo_kwargs failed: {answer[0]}; shown as it opens)")
        return {}
    return answer[0] if answer else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=400, help="demo orders to make (default 400)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        window = build_main_window(db, demo_orders=args.orders, print_queue=False)
        window.resize(*SIZE)
        window.show()
        if not settle(app, lambda: window.counter is not None):
            print("the demo store did not open:", window.signin.view.status.text())
            return 1
        people = staff(db)
        save(window.grab(), "signin")

        sign_in(app, window, people["cashier"]["number"], "0000")
        save(window.grab(), "signin-wrong-pin")

        sign_in(app, window, people["stock"]["number"], people["stock"]["pin"])
        settle(app)
        save(window.grab(), "home-stock")
        window.sign_out("idle")
        settle(app)
        save(window.grab(), "signin-after-idle")

        sign_in(app, window, people["manager"]["number"], people["manager"]["pin"])
        settle(app)
        save(window.grab(), "home")

        home = window.screens()["home"]
        home.view.scan.setText("1234567")
        home.view.scan.returnPressed.emit()
        settle(app, lambda: not window.runner.busy)
        save(window.grab(), "home-unknown-code")
        home.view.clear_scan()
        home.view.show_status("")

        from storepos.ui.widgets.approval_dialog import request_approval

        dialog = request_approval(window, window.context, "Refund outside the return window",
                                  lambda approval: None)
        if dialog is not None:
            dialog.number.setText(people["manager"]["number"])
            dialog.reason.setText("Customer was travelling; receipt shows the date")
            settle(app)
            save(with_dialog(window, dialog), "manager-approval")
            dialog.reject()
            settle(app)

        for name, screen in window.screens().items():
            if name == "home":
                continue
            kwargs = demo_kwargs(app, window, screen)
            window.go_home()
            if not window.navigate(name, **kwargs):
                print(f"  ({name}: could not be shown: {window.notice.text()})")
                continue
            settle(app, lambda: not window.runner.busy, extra_ms=400)
            save(window.grab(), f"screen-{name}")
            # Dialogs a screen opened on entry are part of how it looks.
            for open_dialog in window.findChildren(QWidget):
                if open_dialog.isWindow() and open_dialog is not window and open_dialog.isVisible():
                    save(with_dialog(window, open_dialog), f"screen-{name}-dialog")
                    open_dialog.close()
        window.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
