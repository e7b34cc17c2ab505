"""First-start demo creation: `storepos demo` on a fresh data folder, before and after a change.

What the app's first start does before its sign-in page can open: migrate an empty till database
and the embedded central beside it, and make the demo chain in them (`storepos demo --orders N`,
the app's default of 1,000 orders). Each run is a fresh Python process on a fresh folder; the
kinds of run alternate (this checkout, and with --before the src/ folder of another checkout, e.g.
a `git archive` of main), so a busy moment of the machine hits each alike.

Run: python benchmarks/demo_bench.py [--runs 5] [--orders 1000] [--before SRC] [--write]
(--write updates benchmarks/demo.md between its marks)
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

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
RESULTS = HERE / "demo.md"
START_MARK = "<!-- demo_bench -->"
END_MARK = "<!-- /demo_bench -->"


def one_run(src: Path, orders: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.db"
        env = {**os.environ, "PYTHONPATH": str(src)}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "storepos", "demo", "--db", str(db),
                               "--orders", str(orders), "--seed", "1"], env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{src}: storepos demo failed:\n{done.stdout}{done.stderr}")
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    kinds = {"this checkout": SRC}
    if args.before:
        kinds["before (--before)"] = args.before
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for name, src in kinds.items():
        one_run(src, 5)  # bytecode compiled, files cached
    for _ in range(args.runs):
        for name, src in kinds.items():
            times[name].append(one_run(src, args.orders))
    load = os.getloadavg()[0]
    lines = [f"{describe_machine()}; load {load:.1f}; {args.runs} runs each, alternated; "
             f"`storepos demo --orders {args.orders}` on a fresh folder, whole process", "",
             "| code | median | best | worst |", "| --- | --- | --- | --- |"]
    for name, found in times.items():
        lines.append(f"| {name} | {statistics.median(found):.2f} s | {min(found):.2f} s | "
                     f"{max(found):.2f} s |")
    if args.before:
        ratio = statistics.median(times["this checkout"]) / statistics.median(
            times["before (--before)"])
        lines += ["", f"this checkout / before: {ratio:.2f}x (medians)"]
    text = "\n".join(lines)
    print(text)
    if args.write:
        page = RESULTS.read_text(encoding="utf-8")
        head, rest = page.split(START_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        RESULTS.write_text(f"{head}{START_MARK}\n{text}\n{END_MARK}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
