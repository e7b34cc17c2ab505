"""Cold start to the sign-in window, next to a bare PySide6 window, in the same run.

Each run is a fresh Python process, timed from just before it is spawned until it reports its
first paint of the window (and, for storepos, until the store's database is open and sign-in
works). The two kinds of run alternate, so a busy moment of the machine hits both alike.

    bare PySide6:  import QtWidgets, QApplication, a QMainWindow with a label, show, first paint
    storepos:      import the app (as the `storepos` command does), build the main window on an
                   existing demo database, show, first paint of the sign-in page; then "ready"

Run: python benchmarks/startup_bench.py [--runs 15] [--write]   (--write updates benchmarks/ui.md)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "ui.md"
START_MARK = "<!-- startup_bench -->"
END_MARK = "<!-- /startup_bench -->"

_FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject, QTimer

class FirstPaint(QObject):
    def __init__(self, window, then):
        super().__init__()
        self.done, self.then = False, then
        window.installEventFilter(self)

    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.then)  # once this paint is finished
        return False
"""

BARE = _FIRST_PAINT + """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Sign in"))
window.resize(1024, 768)

def shown():
    print("shown", flush=True)
    app.quit()

watcher = FirstPaint(window, shown)
window.show()
app.exec()
"""

STOREPOS = _FIRST_PAINT + """
import sys
from pathlib import Path
import storepos.cli  # what the `storepos` command imports first
from storepos.app import build_main_window
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
window = build_main_window(Path(sys.argv[1]))

def ready():
    print("ready", flush=True)
    app.quit()

def shown():
    print("shown", flush=True)
    if window.counter is not None:
        ready()
    else:
        window.store_opened.connect(ready)
        window.store_failed.connect(lambda message: (print("failed", message, flush=True), app.quit()))

watcher = FirstPaint(window, shown)
window.show()
app.exec()
"""


def run_child(code: str, *args: str) -> dict[str, float]:
    """Seconds from spawn to each line the child prints ("shown", "ready")."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=env)
    marks: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        word = line.split()[0] if line.strip() else ""
        if word == "failed":
            raise RuntimeError(line)
        if word:
            marks[word] = time.perf_counter() - started
    child.wait(timeout=120)
    return marks


def prepare_database(folder: Path, orders: int) -> Path:
    """A demo store, made once (the first start), so every timed run is an ordinary start."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom storepos.app import StoreOpener\n"
        "opener = StoreOpener(Path(sys.argv[1]), int(sys.argv[2]), print_queue=False)\n"
        "opener(print)\nopener.close()\n"
    )
    db = folder / "store.db"
    subprocess.run([sys.executable, "-c", code, str(db), str(orders)], check=True,
                   stdout=subprocess.DEVNULL)
    return db


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def table(bare: list[float], shown: list[float], ready: list[float]) -> list[str]:
    def row(name: str, values: list[float]) -> str:
        values = sorted(values)
        p90 = values[max(0, round(0.9 * len(values)) - 1)]
        return (f"| {name} | {ms(statistics.median(values))} | {ms(values[0])} | {ms(p90)} | "
                f"{statistics.median(values) / statistics.median(bare):.2f}x |")

    return [
        "| start-up (fresh process each run) | median ms | best ms | p90 ms | vs bare |",
        "| --- | ---: | ---: | ---: | ---: |",
        row("bare PySide6 window, first paint", bare),
        row("storepos sign-in window, first paint", shown),
        row("storepos sign-in ready (database open)", ready),
    ]


def write(lines: list[str]) -> None:
    block = "\n".join([START_MARK, *lines, END_MARK])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Counter app figures\n"
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        text = head + block + rest.split(END_MARK, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Start-up\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cold start of the sign-in window vs a bare PySide6 window")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--orders", type=int, default=1000, help="demo orders in the database")
    parser.add_argument("--write", action="store_true", help=f"update {RESULTS.name}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = prepare_database(Path(folder), args.orders)
        for _ in range(2):  # warm the OS file cache for both, untimed
            run_child(BARE)
            run_child(STOREPOS, str(db))
        bare: list[float] = []
        shown: list[float] = []
        ready: list[float] = []
        for index in range(args.runs):
            pair = [("bare", BARE, ()), ("storepos", STOREPOS, (str(db),))]
            for name, code, extra in pair if index % 2 == 0 else reversed(pair):
                marks = run_child(code, *extra)
                if name == "bare":
                    bare.append(marks["shown"])
                else:
                    shown.append(marks["shown"])
                    ready.append(marks["ready"])
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    lines = [
        f"Machine: {describe_machine()}; Qt platform `{platform}`; {args.runs} runs of each, "
        f"alternating; demo database of {args.orders} orders. "
        "Run: `python benchmarks/startup_bench.py --write`.",
        "",
        *table(bare, shown, ready),
        "",
        f"Goal: the sign-in window within 2x of the bare window: "
        f"{statistics.median(shown) / statistics.median(bare):.2f}x. The window shows before "
        "SQLAlchemy is imported; the database is opened behind the sign-in page on the background "
        "runner (a sign-in typed before it is ready waits for it), so \"ready\" is the time until "
        "a PIN can be checked.",
    ]
    print("\n".join(lines))
    if args.write:
        write(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
