"""Returns screen benchmark: order number + last name submitted -> each line's eligibility on screen.

    QT_QPA_PLATFORM=offscreen python benchmarks/returns_scan_bench.py [PATH] [--samples 1000]

PATH (default benchmarks/.data/returns-1m.db) is a demo database with `--orders` orders (default
1,000,000); it is made with the demo generator when missing and reused when present. The home
store's cashier signs in, and the real `ReturnsScreen` (view, presenter, the background runner on
its thread pool) is shown offscreen at 1024x768. For each of `--samples` random orders:

- screen: from the view's Enter in the last-name field (number and name already typed) to the
  moment `show_lines` has built every line's card with its decision: the worker thread, the
  services, the result crossing back to the GUI thread, the widgets;
- service: `find_order` + `evaluate_order` in-process on one session (what the worker runs),
  no Qt: the floor the screen stands on.

Both run interleaved, sample by sample, which goes first alternating, after a warm-up pass.
Prints a markdown table in milliseconds and the machine; figures go in benchmarks/returns_ui.md.
Run by hand, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from storepos.domain.vocabulary import Role  # noqa: E402
from storepos.persistence.db import make_engine, make_session_factory  # noqa: E402
from storepos.persistence.migrate import upgrade  # noqa: E402
from storepos.services.counter import Counter  # noqa: E402
from storepos.demo import existing_rows, generate_demo  # noqa: E402
from storepos.demo.recipes import default_recipes  # noqa: E402
from storepos.services.returns.eligibility import evaluate_order, load_store  # noqa: E402
from storepos.services.base.order_lookup import find_order  # noqa: E402
from storepos.services.base.till_identity import first_till_of  # noqa: E402
from storepos.ui.operations import BackgroundRunner  # noqa: E402
from storepos.ui.returns.screen import ReturnsScreen  # noqa: E402
from storepos.ui.shell.context import AppContext  # noqa: E402

DEFAULT_PATH = Path(__file__).resolve().parent / ".data" / "returns-1m.db"
TIMEOUT_S = 30.0


def _protect_none() -> None:
    """PySide6-Essentials 6.12.0 on CPython 3.11 also drops a reference to None on every Qt call
    that returns nothing (setText, show, processEvents ...) and every C++ signal delivered to a
    Python slot (6.11.3 does not; on 3.12+ None is immortal): a few dozen lookups end in "Fatal
    Python error: none_dealloc". Give None the reserve ui/qt_compat.py gives True (the runner
    applies that one). Timings are unaffected."""
    if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
        import ctypes
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def ensure_database(path: Path, orders: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(path))
    try:
        upgrade(engine)
        if existing_rows(engine)[1]:
            print(f"Reusing {path}", file=sys.stderr)
            return
        print(f"Making {orders:,} demo orders in {path} ...", file=sys.stderr)
        summary = generate_demo(engine, orders=orders, seed=1)
        print(f"Demo generated in {summary.seconds:.0f} s", file=sys.stderr)
    finally:
        engine.dispose()


def pick_samples(path: Path, count: int, seed: int) -> list[tuple[str, str]]:
    raw = sqlite3.connect(path)
    try:
        (top,) = raw.execute("SELECT max(rowid) FROM orders").fetchone()
        rowids = random.Random(seed).sample(range(1, top + 1), min(count, top))
        found = []
        for rowid in rowids:
            found.extend(raw.execute(
                "SELECT number, billing_last_name FROM orders WHERE rowid = ?", (rowid,)).fetchall())
        return found
    finally:
        raw.close()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def signed_in_screen(path: Path) -> tuple[ReturnsScreen, sessionmaker[Session]]:
    engine = make_engine(str(path))
    sessions = make_session_factory(engine)
    recipes = default_recipes()
    home = recipes.stores[0].code
    with sessions() as session:
        till = first_till_of(session, home)
    assert till is not None, f"no till at {home}"
    counter = Counter(sessions, till.till_prefix)
    raw = sqlite3.connect(path)
    (number,) = raw.execute(
        "SELECT e.number FROM employees e JOIN stores s ON s.id = e.store_id "
        "WHERE s.code = ? AND e.role = ? ORDER BY e.number LIMIT 1", (home, Role.CASHIER.value),
    ).fetchone()
    raw.close()
    context = AppContext(counter=counter, place=counter.place(), runner=BackgroundRunner())
    context.actor = counter.sign_in(number, recipes.pins[Role.CASHIER])
    screen = ReturnsScreen(context)
    screen.resize(1024, 768)
    screen.show()
    return screen, sessions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=1_000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    ensure_database(args.path, args.orders)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _protect_none()
    screen, sessions = signed_in_screen(args.path)
    view, context = screen.view, screen.context
    shown: list[float] = []
    real_show_lines = view.show_lines
    loop = QEventLoop()  # the app's own event loop (exec), as at the counter
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)

    def timed_show_lines(rows):  # type: ignore[no-untyped-def]
        real_show_lines(rows)
        shown.append(time.perf_counter())
        loop.quit()
    view.show_lines = timed_show_lines  # type: ignore[method-assign]

    def on_screen(number: str, last_name: str) -> float:
        view.number.setText(number)
        view.last_name.setText(last_name)
        shown.clear()
        give_up.start(int(TIMEOUT_S * 1000))
        t0 = time.perf_counter()
        view.last_name.returnPressed.emit()  # Enter
        loop.exec()
        give_up.stop()
        if not shown:
            raise RuntimeError(f"order {number} not shown: {view.status.text()}")
        elapsed = shown[0] - t0
        # Let the screen settle (a one-line order starts its first preview) before the next.
        while screen.presenter.busy:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        return elapsed

    session = sessions()  # the benchmark's own read session
    store = load_store(session, context.place.store_id)
    today = context.actor.today()

    def service(number: str, last_name: str) -> float:
        t0 = time.perf_counter()
        order = find_order(session, number, last_name)
        evaluate_order(order, store, today=today)
        elapsed = time.perf_counter() - t0
        session.rollback()  # a fresh read each time, as the worker's own session would be
        return elapsed

    samples = pick_samples(args.path, args.samples + args.warmup, args.seed)
    warm, measured = samples[:args.warmup], samples[args.warmup:]
    for number, last_name in warm:
        on_screen(number, last_name)
        service(number, last_name)
    ui_ms, svc_ms = [], []
    for index, (number, last_name) in enumerate(measured):
        if index % 2:
            svc_ms.append(service(number, last_name) * 1000)
            ui_ms.append(on_screen(number, last_name) * 1000)
        else:
            ui_ms.append(on_screen(number, last_name) * 1000)
            svc_ms.append(service(number, last_name) * 1000)
    session.close()
    context.runner.wait_for_done()
    screen.close()
    screen.deleteLater()
    app.processEvents()

    import platform
    import sqlalchemy
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    orders = sqlite3.connect(args.path).execute("SELECT count(*) FROM orders").fetchone()[0]
    print(f"{len(measured)} random orders of {orders:,} in {args.path.name}, one pass after "
          f"{len(warm)} warm-up lookups; the home store's cashier signed in")
    print(f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}")
    print()
    print("| | p50 ms | p90 ms | p99 ms | max ms | mean ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, values in (("screen: Enter -> lines shown", ui_ms),
                          ("service: find_order + evaluate_order", svc_ms)):
        print(f"| {label} | {percentile(values, 50):.2f} | {percentile(values, 90):.2f} | "
              f"{percentile(values, 99):.2f} | {max(values):.2f} | {statistics.fmean(values):.2f} |")
    over = [u - s for u, s in zip(ui_ms, svc_ms, strict=True)]
    print()
    print(f"screen over service, per order: p50 {percentile(over, 50):.2f} ms, "
          f"p99 {percentile(over, 99):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
