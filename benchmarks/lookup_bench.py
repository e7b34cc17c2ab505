"""Counter lookup benchmark: order number + last name, then every line through the policy engine.

    python benchmarks/lookup_bench.py [PATH] [--orders 1000000] [--samples 1000]

PATH (default benchmarks/.data/lookup-1m.db) is a demo database; it is made with the demo
generator when missing, and reused when present. For each of `--samples` random orders it times:

- service: `find_order(conn, number, last_name)` + `evaluate_order(order, store)` (the store where
  the customer stands, today in its time zone), exactly what the counter screen calls;
- raw: the same rows fetched by plain sqlite3 (the order joined to its lines, variants, products
  and stores, then its tenders), no objects, no Decimal, no policy.

Both run on the same file (in the OS cache after a warm-up pass), interleaved sample by sample,
which goes first alternating. `--repeat` passes over all the samples keep each order's fastest
time: on a small shared machine that filters other processes' interference out of the
percentiles, while every look at an order still follows a thousand others (no repeat hits).
Prints a table in milliseconds and the ratio, plus the machine. Run by hand; figures go in
benchmarks/lookup.md, never in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy

from storepos.domain.text import fold
from storepos.persistence.db import make_engine
from storepos.persistence.migrate import upgrade
from storepos.demo import existing_rows, generate_demo
from storepos.services.returns.eligibility import evaluate_order, load_store
from storepos.services.base.order_lookup import find_order

DEFAULT_PATH = Path(__file__).resolve().parent / ".data" / "lookup-1m.db"

RAW_ORDER = """
SELECT o.id, o.number, o.channel, o.fulfillment, o.billing_last_name, o.customer_id,
       o.placed_on, o.dispatched_on, o.received_on, o.shipping_charged, o.free_shipping,
       s.id, s.code, s.name, p.id, p.code, p.name,
       l.id, l.line_no, l.variant_id, l.quantity, l.quantity_returned, l.list_price, l.paid,
       l.tags, v.upc, v.colour, v.size, v.tags, pr.brand, pr.name, pr.tags
FROM orders o
LEFT JOIN stores s ON s.id = o.store_id
LEFT JOIN stores p ON p.id = o.pickup_store_id
LEFT JOIN order_lines l ON l.order_id = o.id
LEFT JOIN variants v ON v.id = l.variant_id
LEFT JOIN products pr ON pr.id = v.product_id
WHERE o.number = ? AND o.billing_last_name_key = ?
ORDER BY l.line_no
"""
RAW_TENDERS = """
SELECT order_id, id, kind, amount, card_brand, card_last4, auth_ref, reference, account_id
FROM tenders WHERE order_id = ?
"""


def ensure_database(path: Path, orders: int) -> None:
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


def pick_samples(raw: sqlite3.Connection, count: int, seed: int) -> list[tuple[str, str]]:
    (top,) = raw.execute("SELECT max(rowid) FROM orders").fetchone()
    rowids = random.Random(seed).sample(range(1, top + 1), min(count, top))
    found = []
    for rowid in rowids:
        found.extend(raw.execute(
            "SELECT number, billing_last_name FROM orders WHERE rowid = ?", (rowid,)
        ).fetchall())
    return found


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3,
                        help="times each order is measured; the fastest is kept (default 3)")
    args = parser.parse_args()
    ensure_database(args.path, args.orders)

    engine = make_engine(str(args.path))
    raw = sqlite3.connect(args.path)
    samples = pick_samples(raw, args.samples, args.seed)
    with engine.connect() as conn:
        stores = {code: load_store(conn, code) for (code,) in
                  raw.execute("SELECT code FROM stores ORDER BY code").fetchall()}
        codes = list(stores)

        def run_service(index: int, number: str, last_name: str) -> tuple[float, float, int]:
            t0 = time.perf_counter()
            order = find_order(conn, number, last_name)
            t1 = time.perf_counter()
            # The store where the customer stands: where it was sold or picked up, else any.
            here = order.store or order.pickup_store
            result = evaluate_order(order, stores[here.code if here else codes[index % len(codes)]])
            t2 = time.perf_counter()
            return t2 - t0, t1 - t0, len(result.lines)

        def run_raw(number: str, last_name: str) -> float:
            key = fold(last_name)  # outside the timing: raw is the SQL alone
            t0 = time.perf_counter()
            rows = raw.execute(RAW_ORDER, (number, key)).fetchall()
            raw.execute(RAW_TENDERS, (rows[0][0],)).fetchall()
            return time.perf_counter() - t0

        for index, (number, last_name) in enumerate(samples):  # warm-up: caches, compiled SQL
            run_service(index, number, last_name)
            run_raw(number, last_name)
        # best[i] = fastest (service, lookup, raw) of sample i over the passes. Each pass walks all
        # samples, so between two looks at one order a thousand others have gone through
        # SQLite's page cache: every look is a first look, as at the counter.
        best = [[float("inf")] * 3 for _ in samples]
        lines = 0
        for attempt in range(args.repeat):
            for index, (number, last_name) in enumerate(samples):
                # Alternate which goes first, so neither always finds the other's pages cached.
                if (index + attempt) % 2:
                    raw_s = run_raw(number, last_name)
                    total, lookup, count = run_service(index, number, last_name)
                else:
                    total, lookup, count = run_service(index, number, last_name)
                    raw_s = run_raw(number, last_name)
                best[index] = [min(b, v * 1000)
                               for b, v in zip(best[index], (total, lookup, raw_s), strict=True)]
                lines += count if attempt == 0 else 0
        service, lookup_only, raw_times = ([b[i] for b in best] for i in range(3))
    raw.close()
    engine.dispose()

    rows_out = [
        ("service: lookup + eligibility", service),
        ("  of which lookup only", lookup_only),
        ("raw sqlite3: order + lines + tenders", raw_times),
    ]
    print(f"{len(samples)} random orders ({lines / len(samples):.2f} lines each) from {args.path}, "
          f"fastest of {args.repeat} passes")
    print(f"Machine: {machine()}")
    print()
    print("| | p50 ms | p99 ms | mean ms |")
    print("| --- | ---: | ---: | ---: |")
    for label, values in rows_out:
        print(f"| {label} | {percentile(values, 50):.3f} | {percentile(values, 99):.3f} | "
              f"{statistics.fmean(values):.3f} |")
    ratio50 = percentile(service, 50) / percentile(raw_times, 50)
    ratio99 = percentile(service, 99) / percentile(raw_times, 99)
    print()
    print(f"service / raw: {ratio50:.1f}x at p50, {ratio99:.1f}x at p99")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
