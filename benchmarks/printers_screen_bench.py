"""Printers screen benchmark: opening the screen to its list shown, and a status check round trip to
a loopback test printer, against a bare socket connect to the same printer in the same run.

    QT_QPA_PLATFORM=offscreen python benchmarks/printers_screen_bench.py [--samples 200]

A small demo store is made in a temporary folder; its manager signs in and sets up three printers
through the printer service (the loopback printer, a printer on a closed port, a file printer).
For each sample, interleaved, which goes first alternating:

- open: a new `PrintersScreen` is made, shown at 1024x768 and entered, until its presenter has put
  the three printers in the table (the list read on the worker, back on the GUI thread; each
  printer's status is asked for after that and is not part of this figure);
- status: "Check status" pressed on the open screen until the loopback printer's row says
  "Online" (the worker connects, sends DLE EOT 4, reads the answer; the row is repainted);
- runner: nothing, through the screen's way to the worker and back (`AppContext.run`: the thread
  pool, a reading `Counter.run`, the answer queued back to the GUI thread);
- door: the screen's door method through `Counter.run` (a session, the actor), no Qt;
- service: `printer_status` of the loopback printer in-process, no Qt, no database;
- floor (connect): a bare `socket.create_connection` to the loopback printer and close;
- floor (status): that connect plus DLE EOT 4 sent and its one byte read, raw.

Prints a markdown table in milliseconds and the machine; figures go in benchmarks/printing.md.
Run by hand, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import describe_machine
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from storepos.demo import generate_demo
from storepos.demo.recipes import default_recipes
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.services.base.till_identity import first_till_of
from storepos.services.counter import Counter
from storepos.services.printing import printers as pr
from storepos.ui.operations import BackgroundRunner
from storepos.ui.printers.screen import PrintersScreen
from storepos.ui.shell.context import AppContext

TIMEOUT_MS = 30_000


def _protect_none() -> None:
    """As in returns_scan_bench.py: PySide6 6.12 on CPython 3.11 drops references to None."""
    if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
        import ctypes
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _protect_none()
    with tempfile.TemporaryDirectory() as folder, LoopbackPrinter() as loopback:
        db = Path(folder) / "store.db"
        engine = make_engine(str(db))
        upgrade(engine)
        summary = generate_demo(engine, orders=20, seed=1, today=date.today())
        sessions = make_session_factory(engine)
        home = default_recipes().stores[0].code
        with sessions() as session:
            till = first_till_of(session, home)
        assert till is not None
        counter = Counter(sessions, till.till_prefix)
        boss = next(e for e in summary.employees if e.role is Role.MANAGER and e.store_code == home)
        manager = counter.sign_in(boss.number, boss.pin)
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        gone = closed.getsockname()[1]
        closed.close()
        counter.run(manager, lambda s, a: [
            pr.add_printer(s, a, "receipt", "tm-t88", loopback.address, default=True),
            pr.add_printer(s, a, "back office", "tm-t20", f"tcp://127.0.0.1:{gone}?timeout=1"),
            pr.add_printer(s, a, "office", "tm-t20", f"file:{Path(folder) / 'reports.bin'}")])
        context = AppContext(counter=counter, place=counter.place(), runner=BackgroundRunner())
        context.actor = manager

        loop = QEventLoop()
        give_up = QTimer()
        give_up.setSingleShot(True)
        give_up.timeout.connect(loop.quit)
        marks: list[float] = []

        def wait(until: Callable[[], bool]) -> None:
            give_up.start(TIMEOUT_MS)
            while not until() and give_up.isActive():
                loop.exec()
            give_up.stop()
            if not until():
                raise RuntimeError("the screen did not answer in time")

        def settle(screen: PrintersScreen) -> None:
            while context.runner.busy:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)

        def hooked(screen: PrintersScreen) -> None:
            real_back = screen.presenter._status_back

            def status_back(report: pr.StatusReport) -> None:
                real_back(report)
                if report.printer == "receipt":
                    marks.append(time.perf_counter())
                    loop.quit()

            screen.presenter._status_back = status_back  # type: ignore[method-assign]

        def open_screen() -> tuple[float, PrintersScreen]:
            marks.clear()
            t0 = time.perf_counter()
            screen = PrintersScreen(context)
            screen.presenter.on_loaded = lambda: (marks.append(time.perf_counter()), loop.quit())
            hooked(screen)
            screen.resize(1024, 768)
            screen.show()
            screen.on_enter()
            wait(lambda: bool(marks))
            elapsed = marks[0] - t0
            assert screen.model.rowCount() == 3
            settle(screen)
            return elapsed, screen

        screen_open: list[float] = []
        on_screen: list[float] = []
        _, screen = open_screen()
        screen.presenter.on_loaded = None

        def status_on_screen() -> float:
            marks.clear()
            t0 = time.perf_counter()
            screen.view.check.click()
            wait(lambda: bool(marks))
            elapsed = marks[0] - t0
            row = screen.model.row_at(screen.model.row_of("receipt"))
            assert row.status == "Online", row.status
            settle(screen)
            return elapsed

        def reopen() -> float:
            elapsed, other = open_screen()
            other.close()
            other.deleteLater()
            app.processEvents()
            return elapsed

        with sessions() as session:
            target = pr.target_of(session, "receipt")

        def service() -> float:
            t0 = time.perf_counter()
            report = pr.printer_status(target)
            assert report.state == "ready", report.state
            return time.perf_counter() - t0

        door = screen.presenter._door

        def through_counter() -> float:
            t0 = time.perf_counter()
            report = counter.run(manager, lambda s, a: door.status(s, a, "receipt"), commit=False)
            assert report.state == "ready", report.state
            return time.perf_counter() - t0

        def runner_no_op() -> float:
            marks.clear()
            t0 = time.perf_counter()
            context.run(lambda s, a: None, lambda _: (marks.append(time.perf_counter()),
                                                      loop.quit()),
                        lambda exc: loop.quit(), commit=False)
            wait(lambda: bool(marks))
            return marks[0] - t0

        def bare_connect() -> float:
            t0 = time.perf_counter()
            sock = socket.create_connection(("127.0.0.1", loopback.port), timeout=2)
            sock.close()
            return time.perf_counter() - t0

        def bare_status() -> float:
            t0 = time.perf_counter()
            sock = socket.create_connection(("127.0.0.1", loopback.port), timeout=2)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(b"\x10\x04\x04")
            reply = sock.recv(16)
            sock.close()
            assert reply
            return time.perf_counter() - t0

        kinds: dict[str, tuple[Callable[[], float], list[float]]] = {
            "open to list shown (screen)": (reopen, screen_open),
            "status check round trip (screen)": (status_on_screen, on_screen),
            "the worker's round trip alone (Counter.run of nothing)": (runner_no_op, []),
            "status check (door through Counter.run, no Qt)": (through_counter, []),
            "status check (service, no Qt)": (service, []),
            "floor: bare socket connect": (bare_connect, []),
            "floor: connect + DLE EOT + reply": (bare_status, []),
        }
        order = list(kinds)
        for i in range(args.warmup + args.samples):
            for name in (order if i % 2 == 0 else order[::-1]):
                run, values = kinds[name]
                elapsed = run()
                if i >= args.warmup:
                    values.append(elapsed)
        screen.close()
        engine.dispose()

    floor = statistics.median(kinds["floor: bare socket connect"][1])
    print(f"Machine: {describe_machine()}; {args.samples} samples each, interleaved, after "
          f"{args.warmup} warm-up rounds\n")
    print("| what | median ms | p95 ms | max ms | median / bare connect |")
    print("| --- | --- | --- | --- | --- |")
    for name, (_, values) in kinds.items():
        med = statistics.median(values)
        print(f"| {name} | {med * 1000:.2f} | {percentile(values, 95) * 1000:.2f} | "
              f"{max(values) * 1000:.2f} | {med / floor:.0f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
