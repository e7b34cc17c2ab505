"""`storepos orders show` benchmark: the support desk's answer for every demo order vs a raw SQL
lookup of the order row.

    python benchmarks/orders_show_bench.py [PATH] [--orders 2000] [--repeat 3]

PATH (default benchmarks/.data/orders-show.db) is a demo database, made with the demo generator
when missing and reused when present. For every order in it, interleaved order by order (which
goes first alternating), it times:

- show: `support.answer(session, store, number, last_name)`, the in-process call behind
  `storepos orders show` (find_order + evaluate_order for the home store, then the answer's
  words and JSON), on one Session as the command uses;
- raw: plain sqlite3, the order's row by number and folded last name (`SELECT * FROM orders WHERE
  number = ? AND billing_last_name_key = ?`): the floor.

`--repeat` passes keep each order's fastest time (filters a shared machine's interference).
Prints p50/p99 in milliseconds and the ratio, plus the machine. Figures go in
benchmarks/orders_show.md, never in tests.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import describe_machine

from storepos.demo import existing_rows, generate_demo
from storepos.demo.recipes import default_recipes
from storepos.domain.text import fold
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.services.orders import support

DEFAULT_PATH = Path(__file__).resolve().parent / ".data" / "orders-show.db"
RAW = "SELECT * FROM orders WHERE number = ? AND billing_last_name_key = ?"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(args.path))
    upgrade(engine)
    if existing_rows(engine) == (0, 0):
        generate_demo(engine, orders=args.orders, seed=1)
    store = default_recipes().stores[0].code
    raw = sqlite3.connect(str(args.path))
    orders = raw.execute("SELECT number, billing_last_name FROM orders ORDER BY number").fetchall()
    sessions = make_session_factory(engine)
    show_best = [float("inf")] * len(orders)
    raw_best = [float("inf")] * len(orders)
    with sessions() as session:
        for number, name in orders[:50]:  # warm-up: policy files, caches, OS pages
            support.answer(session, store, number, name)
        for rep in range(args.repeat):
            for i, (number, name) in enumerate(orders):
                key = fold(name)

                def timed_show(number: str = number, name: str = name) -> float:
                    start = time.perf_counter()
                    found = support.answer(session, store, number, name)
                    support.to_json(found)
                    support.in_words(found)
                    return time.perf_counter() - start

                def timed_raw(number: str = number, key: str = key) -> float:
                    start = time.perf_counter()
                    row = raw.execute(RAW, (number, key)).fetchone()
                    elapsed = time.perf_counter() - start
                    assert row is not None
                    return elapsed

                if (i + rep) % 2:
                    s, r = timed_show(), timed_raw()
                else:
                    r, s = timed_raw(), timed_show()
                show_best[i] = min(show_best[i], s)
                raw_best[i] = min(raw_best[i], r)
    ms = 1000.0
    print(f"machine: {describe_machine()}, SQLite {sqlite3.sqlite_version}")
    print(f"orders: {len(orders)} (every demo order), repeat {args.repeat}, store {store}")
    print("| | p50 ms | p99 ms | mean ms |")
    print("| --- | --- | --- | --- |")
    for label, values in (("orders show (in-process)", show_best), ("raw SQL order row", raw_best)):
        print(f"| {label} | {percentile(values, 0.5) * ms:.3f} | {percentile(values, 0.99) * ms:.3f}"
              f" | {statistics.fmean(values) * ms:.3f} |")
    print(f"ratio show/raw: p50 {percentile(show_best, 0.5) / percentile(raw_best, 0.5):.0f}x, "
          f"p99 {percentile(show_best, 0.99) / percentile(raw_best, 0.99):.0f}x")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
