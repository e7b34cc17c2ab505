"""The till package: its size, and the installed app's start to the sign-in window next to the
same app started from a venv, in the same run.

    installed:  the .deb unpacked (dpkg-deb -x) and its /opt/storepos/storepos run
    venv:       build/venv/bin/storepos (the venv installer/build.sh made: `pip install .`)

Both run `storepos app --startup-marks --db DB` on the same demo database (made once, untimed),
which prints "shown" at the first paint of the sign-in window and "ready" once the store is open,
as benchmarks/startup_bench.py measures them. Each run is a fresh process, timed from just before
it is spawned; the two alternate, after two untimed warm-up runs of each (the OS file cache is
warm for both: "cold" is a cold process, not a cold disk).

Run: python benchmarks/installer_bench.py [--deb build/storepos_*.deb] [--runs 11] [--write]
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
from _machine import describe_machine
from startup_bench import prepare_database

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "installer.md"
GOAL = 1.5
NOTES = """Both start the same code: the bundle's Python and Qt libraries are the venv's, copied by
PyInstaller, and its modules come from one archive (PYZ) instead of site-packages, so the window
shows as fast. "Ready" includes opening the store's SQLite file, checking both sets of migrations
(the till's and the embedded central's) and starting the print queue and sync, as `storepos` does.
The bundle's weight is Qt: PySide6 (with ICU) is 99 MiB of the 236, libpython 23 MiB; PIL comes with
python-escpos, psycopg and uvicorn/fastapi with `storepos central` (one bundle serves both commands).
"""


def run_app(command: list[str], db: Path, home: Path) -> dict[str, float]:
    """Seconds from spawn to each mark the app prints ("shown", "ready")."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               STOREPOS_HOME=str(home))
    started = time.perf_counter()
    child = subprocess.Popen([*command, "app", "--startup-marks", "--db", str(db)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    marks: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        word = line.split()[0] if line.strip() else ""
        if word == "failed":
            raise RuntimeError(line)
        if word:
            marks[word] = time.perf_counter() - started
    if child.wait(timeout=300) != 0 or "ready" not in marks:
        raise RuntimeError(f"{command[0]} exited {child.returncode} with marks {marks}")
    return marks


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="till package size and start-up, installed vs venv")
    parser.add_argument("--deb", type=Path, default=None, help="default: the newest build/storepos_*.deb")
    parser.add_argument("--venv", type=Path, default=REPO / "build" / "venv")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--orders", type=int, default=1000, help="demo orders in the database")
    parser.add_argument("--write", action="store_true", help=f"update {RESULTS.name}")
    args = parser.parse_args(argv)
    debs = sorted((REPO / "build").glob("storepos_*.deb"), key=lambda p: p.stat().st_mtime)
    deb = args.deb or (debs[-1] if debs else None)
    if deb is None or not deb.exists():
        print("no package: run bash installer/build.sh first", file=sys.stderr)
        return 2
    venv_app = args.venv / "bin" / "storepos"

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "root"
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        tree = root / "opt" / "storepos"
        bundle_size = du(tree)
        home = Path(folder) / "home"
        home.mkdir()
        db = prepare_database(home, args.orders)
        kinds = {"installed": [str(tree / "storepos")], "venv": [str(venv_app)]}
        for _ in range(2):  # warm the OS file cache for both, untimed
            for command in kinds.values():
                run_app(command, db, home)
        shown: dict[str, list[float]] = {k: [] for k in kinds}
        ready: dict[str, list[float]] = {k: [] for k in kinds}
        for index in range(args.runs):
            order = list(kinds) if index % 2 == 0 else list(reversed(kinds))
            for kind in order:
                marks = run_app(kinds[kind], db, home)
                shown[kind].append(marks["shown"])
                ready[kind].append(marks["ready"])

    def row(name: str, values: list[float], floor: list[float]) -> str:
        values = sorted(values)
        p90 = values[max(0, round(0.9 * len(values)) - 1)]
        ratio = statistics.median(values) / statistics.median(floor)
        return (f"| {name} | {ms(statistics.median(values))} | {ms(values[0])} | {ms(p90)} | "
                f"{ratio:.2f}x |")

    ratio = statistics.median(shown["installed"]) / statistics.median(shown["venv"])
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    lines = [
        f"Machine: {describe_machine()}; Qt platform `{platform}`; {args.runs} runs of each, "
        f"alternating; demo database of {args.orders} orders; load average at the end "
        f"{os.getloadavg()[0]:.1f}. Package `{deb.name}`. "
        "Run: `python benchmarks/installer_bench.py --write` after `bash installer/build.sh`.",
        "",
        "| size | |",
        "| --- | ---: |",
        f"| bundle on disk (/opt/storepos, unpacked) | {mib(bundle_size)} |",
        f"| .deb (zstd) | {mib(deb.stat().st_size)} |",
        "",
        "| start-up (fresh process each run) | median ms | best ms | p90 ms | vs venv |",
        "| --- | ---: | ---: | ---: | ---: |",
        row("venv (`pip install .`): sign-in window, first paint", shown["venv"], shown["venv"]),
        row("installed bundle: sign-in window, first paint", shown["installed"], shown["venv"]),
        row("venv: sign-in ready (database open)", ready["venv"], ready["venv"]),
        row("installed bundle: sign-in ready (database open)", ready["installed"], ready["venv"]),
        "",
        f"Goal: the installed app's sign-in window within {GOAL}x of the venv's: {ratio:.2f}x "
        f"({'met' if ratio <= GOAL else 'NOT met'}).",
    ]
    print("\n".join(lines))
    if args.write:
        RESULTS.write_text("# The till package: size and start-up\n\n" + "\n".join(lines) + "\n\n"
                           + NOTES, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
