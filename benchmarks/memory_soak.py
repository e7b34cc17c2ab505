"""Resident memory over an hour of counter work, time-compressed: 3,600 scripted actions.

One action per second of an hour, run back to back in one app process on a demo store: staff
sign in and out in turn (cashier, manager, stock; by the button and by the idle time-out), scan
order numbers, Return IDs, pickup numbers, gift cards, store credit and unknown codes on the home
screen, open every screen from home and go back, search orders, and ask for manager approvals
(approved with the PIN, or cancelled). Each action waits for its background work to finish.
RSS is read from /proc every 100 actions.

The verdict: the peak against the goal (under 250 MB), and growth as the least-squares slope of
RSS over the actions after the first quarter (the warm-up fills caches: SQLAlchemy's compiled
statements, Qt's glyph cache, the screens made at each employee's first sign-in).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/memory_soak.py [--actions 3600] [--write]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine  # noqa: E402

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "ui.md"
START_MARK = "<!-- memory_soak -->"
END_MARK = "<!-- /memory_soak -->"
GOAL_MB = 250.0


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # peak, not current: only where /proc is missing

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(until: Callable[[], bool], timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            return False
        pause(5)
    QApplication.processEvents()
    return True


def demo_codes(counter: Any) -> dict[str, list[str]]:
    from sqlalchemy import select

    from storepos.persistence.models import Order, Pickup, Return, ValueAccount

    def read(session: Any) -> dict[str, list[str]]:
        def some(stmt: Any) -> list[str]:
            return list(session.scalars(stmt.limit(20)))

        return {
            "order": some(select(Order.number)),
            "return": some(select(Return.return_number)),
            "pickup": some(select(Pickup.number)),
            "gift": some(select(ValueAccount.number).where(ValueAccount.number.startswith("G-"))),
            "credit": some(select(ValueAccount.number).where(ValueAccount.number.startswith("C-"))),
            "unknown": [f"{1234567 + n}" for n in range(20)],
        }

    return counter.read(read)


class Session:
    """The scripted counter: one method per kind of action."""

    def __init__(self, window: Any, staff: dict[str, dict[str, str]], codes: dict[str, list[str]]) -> None:
        self.window, self.staff, self.codes = window, staff, codes
        self.turn = 0
        self.counts: dict[str, int] = {}

    def idle(self) -> bool:
        return not self.window.runner.busy

    def touch(self) -> None:
        """What a person's key press does for the idle time-out (scripted actions send none)."""
        QApplication.sendEvent(self.window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                                      Qt.KeyboardModifier.NoModifier))

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def sign_in(self, role: str) -> None:
        person = self.staff[role]
        view = self.window.signin.view
        view.number.setText(person["number"])
        view.pin.setText(person["pin"])
        view.sign_in.click()
        if not settle(lambda: self.window.actor is not None):
            raise RuntimeError(f"sign-in failed: {view.status.text()}")
        self.count("sign in")

    def scan(self, kind: str, n: int) -> None:
        self.window.go_home()
        home = self.window.screens()["home"]
        values = self.codes[kind]
        home.view.scan.setText(values[n % len(values)])
        home.view.scan.returnPressed.emit()
        settle(self.idle)
        settle(self.idle)  # the screen it opened may look the code up in turn
        self.count(f"scan {kind}")

    def open_screen(self, n: int) -> None:
        self.window.go_home()
        names = [name for name in self.window.screens() if name != "home"]
        if names:
            self.window.navigate(names[n % len(names)])
            settle(self.idle)
        self.count("open a screen")

    def find_orders(self, n: int) -> None:
        screens = self.window.screens()
        if "orders" not in screens:
            return
        self.window.go_home()
        self.window.navigate("orders")
        settle(self.idle)
        view = screens["orders"].view
        values = self.codes["order"]
        view.search.setText(values[n % len(values)] if n % 3 else "")
        view.search.returnPressed.emit()
        settle(self.idle)
        self.count("search orders")

    def approval(self, approve: bool) -> None:
        from storepos.ui.widgets.approval_dialog import request_approval

        done: list[Any] = []
        dialog = request_approval(self.window, self.window.context, "Soak test approval",
                                  done.append, lambda: done.append(None))
        if dialog is None:
            return
        if approve:
            manager = self.staff["manager"]
            dialog.number.setText(manager["number"])
            dialog.pin.setText(manager["pin"])
            dialog.reason.setText("scripted soak approval")
            dialog.approve_button.click()
            settle(lambda: bool(done))
        else:
            dialog.reject()
        settle(lambda: bool(done))
        pause(0)  # let deleteLater run
        self.count("approval approved" if approve else "approval cancelled")

    def sign_out(self, by_idle: bool) -> None:
        if by_idle:
            settle(lambda: self.window.actor is None, timeout_s=60)
            self.count("idle time-out")
        else:
            self.window.sign_out_button.click()
            self.count("sign out")


def run_soak(actions: int, orders: int, idle_ms: int) -> dict[str, Any]:
    from storepos.app import StoreOpener, build_main_window, demo_staff_path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        maker = StoreOpener(db, orders, print_queue=False)
        maker(lambda text: None)  # the first start (demo store) is not part of the soak
        maker.close()
        window = build_main_window(db, idle_minutes=idle_ms / 60_000)
        window.resize(1024, 768)
        window.show()
        if not settle(lambda: window.counter is not None, timeout_s=120):
            raise RuntimeError(window.signin.view.status.text())
        people = json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
        staff: dict[str, dict[str, str]] = {}
        for person in people:
            staff.setdefault(person["role"], person)
        session = Session(window, staff, demo_codes(window.counter))
        roles = ["cashier", "manager", "stock"]
        plan: list[Callable[[int], None]] = [
            lambda n: session.scan("order", n),
            lambda n: session.scan("return", n),
            lambda n: session.scan("pickup", n),
            lambda n: session.scan("gift", n),
            lambda n: session.scan("credit", n),
            lambda n: session.scan("unknown", n),
            session.open_screen,
            session.find_orders,
            lambda n: session.approval(approve=n % 50 == 8),
            session.open_screen,
        ]
        samples: list[tuple[int, float, float]] = []
        started = time.monotonic()
        block = 60  # one employee's turn at the till, in actions
        done = 0
        while done < actions:
            turn = done // block
            role = roles[turn % len(roles)]
            session.sign_in(role)
            done += 1
            for step in range(1, block - 1):
                if done >= actions:
                    break
                if window.actor is None:  # a slow moment outlasted the short idle time-out
                    session.sign_in(role)
                    session.count("sign in again after an idle time-out")
                session.touch()
                plan[step % len(plan)](done)
                done += 1
                if done % 100 == 0:
                    gc.collect()
                    samples.append((done, rss_mb(), time.monotonic() - started))
            if window.actor is not None:
                session.sign_out(by_idle=turn % 10 == 9)  # now and then, walk away
                done += 1
        samples.append((done, rss_mb(), time.monotonic() - started))
        window.close()
        return {"samples": samples, "counts": session.counts, "seconds": time.monotonic() - started,
                "idle_ms": idle_ms}


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares MB per 1,000 actions."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs) or 1.0
    return 1000 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den


def report(result: dict[str, Any], actions: int, orders: int) -> list[str]:
    samples = result["samples"]
    points = [(n, mb) for n, mb, _ in samples]
    quarter = [p for p in points if p[0] >= actions // 4] or points
    peak = max(mb for _, mb in points)
    growth = slope(quarter)
    first, last = quarter[0], quarter[-1]
    marks = []  # the first sample at or past each tenth of the run, and the last
    for tenth in range(1, 11):
        due = next((p for p in points if p[0] >= tenth * actions // 10), points[-1])
        if due not in marks:
            marks.append(due)
    lines = [
        f"Machine: {describe_machine()}; Qt platform `{os.environ.get('QT_QPA_PLATFORM')}`; "
        f"demo store of {orders} orders; {actions:,} actions in {result['seconds'] / 60:.1f} min "
        f"(one per second of an hour, run back to back); idle time-out set to "
        f"{result['idle_ms'] / 1000:.0f} s for the soak. Run: `python benchmarks/memory_soak.py --write`.",
        "",
        "| after action | " + " | ".join(f"{n:,}" for n, _ in marks) + " |",
        "| --- | " + " | ".join("---:" for _ in marks) + " |",
        "| RSS MB | " + " | ".join(f"{mb:.0f}" for _, mb in marks) + " |",
        "",
        f"Peak {peak:.0f} MB (goal: under {GOAL_MB:.0f} MB). After the first quarter "
        f"(action {first[0]:,}: {first[1]:.0f} MB; last: {last[1]:.0f} MB) RSS moves "
        f"{growth:+.2f} MB per 1,000 actions (least squares over {len(quarter)} samples, "
        "taken every 100 actions after `gc.collect()`).",
        "",
        "Actions: " + ", ".join(f"{what} {n}" for what, n in sorted(result["counts"].items())) + ".",
    ]
    return lines


def write(lines: list[str]) -> None:
    block = "\n".join([START_MARK, *lines, END_MARK])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Counter app figures\n"
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        text = head + block + rest.split(END_MARK, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Memory over an hour\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="resident memory over a scripted hour at the counter")
    parser.add_argument("--actions", type=int, default=3600)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--idle-ms", type=int, default=3000, help="idle time-out for the soak")
    parser.add_argument("--write", action="store_true", help=f"update {RESULTS.name}")
    args = parser.parse_args(argv)
    result = run_soak(args.actions, args.orders, args.idle_ms)
    lines = report(result, args.actions, args.orders)
    print("\n".join(lines))
    if args.write:
        write(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
