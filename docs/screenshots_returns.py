"""Render the returns and exchanges screen with a demo order to docs/screenshots/returns*.png.

    QT_QPA_PLATFORM=offscreen python docs/screenshots_returns.py [OUT_DIR]

A fresh demo database (in a temporary folder), the home store's cashier signed in, a demo order
with several lines that may come back: every line ticked as a customer showing everything would,
one line exchanged for another size. `returns.png` is that screen before completing, at 1024x768;
`returns-done.png` the Return ID and the receipt after completing. `render()` is what
docs/make_screenshots.py may call instead (the screen also offers `demo_kwargs`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shots import OUT, SIZE, shot_name, speak_shots_locale  # noqa: E402

from storepos.demo import generate_demo  # noqa: E402
from storepos.demo.recipes import default_recipes  # noqa: E402
from storepos.domain.vocabulary import Resolution, Role  # noqa: E402
from storepos.persistence.db import make_engine, make_session_factory  # noqa: E402
from storepos.persistence.migrate import upgrade  # noqa: E402
from storepos.services.base.till_identity import first_till_of  # noqa: E402
from storepos.services.counter import Counter  # noqa: E402
from storepos.ui.operations import BackgroundRunner  # noqa: E402
from storepos.ui.returns.screen import ReturnsScreen  # noqa: E402
from storepos.ui.shell.context import AppContext  # noqa: E402


def settle(app: QApplication, screen: ReturnsScreen, timeout_ms: int = 60_000) -> None:
    waited = 0
    while waited < timeout_ms:
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()
        waited += 30
        if not screen.presenter.busy:
            break
    app.processEvents()


def signed_in_context(folder: Path, orders: int = 200) -> AppContext:
    engine = make_engine(str(folder / "store.db"))
    upgrade(engine)
    summary = generate_demo(engine, orders=orders, seed=3, today=date.today())
    home = default_recipes().stores[0].code
    sessions = make_session_factory(engine)
    with sessions() as session:
        till = first_till_of(session, home)
    assert till is not None
    counter = Counter(sessions, till.till_prefix)
    cashier = next(e for e in summary.employees if e.role is Role.CASHIER and e.store_code == home)
    context = AppContext(counter=counter, place=counter.place(), runner=BackgroundRunner())
    context.actor = counter.sign_in(cashier.number, cashier.pin)
    return context


def fill_in(app: QApplication, screen: ReturnsScreen) -> None:
    """Tick what a customer who brings everything back shows; exchange the second line."""
    view = screen.view
    view.proof.setChecked(True)
    view.card.setChecked(True)
    for _, line in sorted(view.lines.items()):
        if not line.include.isEnabled():
            continue
        line.include.setChecked(True)
        for name in ("unworn", "original_box", "packaging_intact"):
            line.checks[name].setChecked(True)
        settle(app, screen)
    open_lines = [w for _, w in sorted(view.lines.items()) if w.include.isChecked()]
    if len(open_lines) > 1:
        line = open_lines[1]
        button = line.resolution_buttons[Resolution.EXCHANGE]
        if button.isEnabled():
            button.click()
            settle(app, screen)
            if line.variant.count() > 1:
                line.variant.setCurrentIndex(min(2, line.variant.count() - 1))
                settle(app, screen)
    if view.payment_box.isVisible():
        view.card_brand.setText("VISA")
        view.card_last4.setText("4242")
    view.lines_scroll.verticalScrollBar().setValue(0)
    settle(app, screen)


def _counter_look(screen: ReturnsScreen) -> None:
    """The main window's stylesheet, when the shell that provides it is installed."""
    try:
        from storepos.ui.style import apply_style
    except ImportError:
        return
    apply_style(screen)


def render(out: Path = OUT) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        context = signed_in_context(Path(folder))
        speak_shots_locale()
        screen = ReturnsScreen(context)
        _counter_look(screen)
        screen.resize(*SIZE)
        screen.show()
        kwargs = context.counter.run(context.actor, screen.demo_kwargs, commit=False)
        screen.on_enter(**kwargs)
        settle(app, screen)
        fill_in(app, screen)
        screen.view.complete.setFocus()
        path = out / shot_name("returns")
        screen.grab().save(str(path))
        written.append(path)
        if screen.view.complete.isEnabled():
            screen.view.complete.click()
            settle(app, screen)
            path = out / shot_name("returns-confirm")  # the bar that asks "complete?"
            screen.grab().save(str(path))
            written.append(path)
            screen.view.confirm.click()
            settle(app, screen)
            settle(app, screen)
            path = out / shot_name("returns-done")
            screen.grab().save(str(path))
            written.append(path)
        screen.close()
        context.runner.wait_for_done()
    return written


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for path in render(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
