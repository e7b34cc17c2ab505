"""100 simulated stores syncing with one central PostgreSQL at once, 1,000 events each.

Each store is a till with its own SQLite file. All run at the same time; each does 10 rounds: 100
new outbox events (half completed returns, one of them of the store's own online order line,
which the central side counts back under its lock), then one sync round, timed: push everything
pending, then pull everything changed (every other store's online order moved too, so every
round pulls ~100 orders). Rounds come every --interval seconds per store, each store starting at
a random moment of the first interval, as the background sync loop does; --interval 0 runs
every round back to back (the machine saturated: a capacity figure, not a latency one).
Connections are pooled (--connections in all; PostgreSQL's default max_connections is 100): a
round that waits for one counts that wait. The stores run as threads in a few processes.
Afterwards: every event stored exactly once, every outbox acknowledged, every count right.

Run: python benchmarks/sync_100_stores.py [--stores 100] [--events 1000] [--rounds 10]
     [--interval 10] [--processes 4] [--connections 40] [--write]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sqlalchemy import func, select
from sync_events import (
    central_database,
    make_till,
    online_order,
    queue_events,
    template_till,
)
from sync_push_bench import _write_section

from storepos.persistence.db import make_engine, make_session_factory
from storepos.services.sync.local_till import LocalTill
from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.engine import make_central_engine
from storepos.central.schema import events, order_lines, reviews
from storepos.sync.service import SyncService

RESULTS = Path(__file__).resolve().parent / "sync.md"


def _store(spec: dict, url: str, central: Central, rounds: int, per_round: int, interval: float,
           start: threading.Barrier, out: list[float], first: list[float],
           errors: list[str]) -> None:
    try:
        till = LocalTill(make_session_factory(make_engine(spec["path"])),
                         uuid.UUID(spec["store_id"]), uuid.UUID(spec["till_id"]))
        service = SyncService(till, central, batch_size=500)
        online = (uuid.UUID(spec["order_id"]), uuid.UUID(spec["line_id"]))
        start.wait()
        began = time.perf_counter()
        service.sync_once()  # joining: every online order so far comes down once
        first.append(time.perf_counter() - began)
        start.wait()  # the timed rounds start when every store has joined
        due = time.monotonic() + random.uniform(0, interval)
        for _ in range(rounds):
            queue_events(till, per_round, spec["code"], online=online)
            time.sleep(max(0.0, due - time.monotonic()))
            began = time.perf_counter()
            service.sync_once()
            out.append(time.perf_counter() - began)
            due += interval
        if till.counts().pending:
            errors.append(f"{spec['code']}: {till.counts().pending} still queued")
    except Exception as exc:  # noqa: BLE001  (reported by the parent)
        errors.append(f"{spec['code']}: {type(exc).__name__}: {exc}")


def worker(specs: list[dict], url: str, rounds: int, per_round: int, interval: float,
           connections: int, go: Any, results: Any) -> None:
    central = Central(make_central_engine(url, pool_size=connections, max_overflow=0,
                                          pool_timeout=600))
    start = threading.Barrier(len(specs))
    times: list[float] = []
    first: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=_store, args=(s, url, central, rounds, per_round,
                                                     interval, start, times, first, errors))
               for s in specs]
    go.wait()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    central.close()
    results.put(json.dumps({"times": times, "first": first, "errors": errors}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stores", type=int, default=100)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--connections", type=int, default=40)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    per_round = args.events // args.rounds
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp, central_database("storepos_bench100") as url:
        folder = Path(tmp)
        template = template_till(folder)
        specs = []
        central = Central.connect(url)
        with central.engine.begin() as conn:
            for n in range(args.stores):
                code = f"S{n:03d}"
                till = make_till(template, folder / f"{code}.db", code)
                doc = online_order(n)
                web_shop.publish_order(conn, doc)
                specs.append({"code": code, "path": str(folder / f"{code}.db"),
                              "store_id": str(till.store_id), "till_id": str(till.till_id),
                              "order_id": doc["id"], "line_id": doc["lines"][0]["id"]})
                till.sessions.kw["bind"].dispose()
        go, results = ctx.Event(), ctx.Queue()
        chunks = [specs[i::args.processes] for i in range(args.processes)]
        pool = max(1, args.connections // args.processes)
        procs = [ctx.Process(target=worker, args=(c, url, args.rounds, per_round, args.interval,
                                                  pool, go, results)) for c in chunks]
        for p in procs:
            p.start()
        time.sleep(3)  # every process imported and connected
        began = time.perf_counter()
        go.set()
        gathered = [json.loads(results.get(timeout=1800)) for _ in procs]
        wall = time.perf_counter() - began
        for p in procs:
            p.join()
        times = sorted(t for g in gathered for t in g["times"])
        first = sorted(t for g in gathered for t in g["first"])
        errors = [e for g in gathered for e in g["errors"]]

        with central.engine.connect() as conn:
            stored = conn.scalar(select(func.count()).select_from(events))
            per_store = dict(conn.execute(select(events.c.store_id, func.count())
                                          .group_by(events.c.store_id)).all())
            distinct = conn.scalar(select(func.count()).select_from(
                select(events.c.store_id, events.c.till_id, events.c.seq).distinct().subquery()))
            counted = conn.scalar(select(func.sum(order_lines.c.quantity_returned)))
            flagged = conn.scalar(select(func.count()).select_from(reviews))
        central.close()
    expected = args.stores * per_round * args.rounds
    lost = expected - stored
    duplicated = stored - distinct
    ok_stores = sum(1 for n in per_store.values() if n == per_round * args.rounds)
    p = statistics.quantiles(times, n=100, method="inclusive")
    table = "\n".join([
        f"{args.stores} stores syncing at once, {per_round * args.rounds:,} events each in "
        f"{args.rounds} rounds of {per_round} (push, then pull), "
        + (f"a round every {args.interval:g} s per store" if args.interval else
           "rounds back to back (saturated)")
        + f"; {args.processes} processes, {args.connections} pooled connections.",
        "",
        "| | |",
        "| --- | ---: |",
        f"| events stored | {stored:,} of {expected:,} |",
        f"| lost / duplicated | {lost} / {duplicated} |",
        f"| stores with all their events | {ok_stores} of {args.stores} |",
        f"| online units counted back (1 per round per store) | {counted:,} |",
        f"| reviews raised | {flagged} |",
        (f"| sync round p50 / p95 / p99 / max | {p[49]:.2f} / {p[94]:.2f} / {p[98]:.2f} / "
         f"{times[-1]:.2f} s |"),
        (f"| first sync of each store (pulls the {args.stores} online orders) p50 / max | "
         f"{statistics.median(first):.2f} / {first[-1]:.2f} s |"),
        f"| wall time, all stores | {wall:.1f} s ({expected / wall:,.0f} events/s) |",
        "",
        f"Machine: {describe_machine()}." + (f" Errors: {errors[:5]}" if errors else ""),
    ])
    print(table)
    if args.write:
        _write_section(RESULTS, "stores" if args.interval else "stores-saturated", table)
    if errors or lost or duplicated:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
