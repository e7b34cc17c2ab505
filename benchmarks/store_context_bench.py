"""What the second wall costs: the same push and the same card holds with and without a till's
store context (row-level security under storepos_store, store_context.py), in the same run,
alternating, each push on a fresh central database. The floor is the run without the context.

    push   10,000 outbox events (half completed returns, half audit-only) by the direct client
           (Central -> PostgreSQL), batches of 500
    holds  a card hold and its release, one transaction each (CentralCards), p50 and p99

Run: python benchmarks/store_context_bench.py [--events 10000] [--batch 500] [--runs 3]
     [--holds 300] [--write]   (--write puts the table in benchmarks/sync.md;
     STOREPOS_BENCH_PG_URL names the server)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sync_events import central_database, make_till, queue_events, template_till
from sync_push_bench import RESULTS, _write_section

from storepos.central import orders as web_shop
from storepos.central.cards import CentralCards
from storepos.central.client import Central
from storepos.central.engine import make_central_engine
from storepos.central.store_context import for_store
from storepos.sync.protocol import EVERYONE
from storepos.sync.service import SyncService


def push(folder: Path, template: Path, n: int, batch: int, walled: bool) -> float:
    code = ("W" if walled else "O") + uuid.uuid4().hex[:6].upper()
    till = make_till(template, folder / f"{code}.db", code)
    queue_events(till, n, code)
    with central_database() as url:
        engine = make_central_engine(url)
        central = Central(for_store(engine, till.store_id) if walled else engine)
        started = time.perf_counter()
        report = SyncService(till, central, batch_size=batch).sync_once()
        seconds = time.perf_counter() - started
        assert report.pushed == n and report.quarantined == 0, report
        central.close()
    return n / seconds


def holds(count: int) -> tuple[list[float], list[float]]:
    """Milliseconds per hold + release: (without the context, with it), alternating."""
    store = uuid.uuid4()
    plain_ms: list[float] = []
    walled_ms: list[float] = []
    with central_database() as url:
        engine = make_central_engine(url)
        card = uuid.uuid4()
        with engine.begin() as conn:
            web_shop.issue_card(conn, {"id": card, "kind": "gift_card", "number": "G-BENCH",
                                       "currency": "CAD", "customer_id": None,
                                       "issued_store_id": None}, Decimal("1000.00"),
                                store_id=EVERYONE)
        plain, walled = CentralCards(engine), CentralCards(for_store(engine, store))
        for i in range(count * 2):
            cards, out = (walled, walled_ms) if i % 2 else (plain, plain_ms)
            started = time.perf_counter()
            held = cards.hold(card, Decimal("1.00"), store_id=store)
            cards.release(held)
            out.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    return plain_ms, walled_ms


def _p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--holds", type=int, default=300)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    plain: list[float] = []
    walled: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = template_till(folder)
        for _ in range(args.runs):  # alternating, so load on the machine hits both alike
            plain.append(push(folder, template, args.events, args.batch, walled=False))
            walled.append(push(folder, template, args.events, args.batch, walled=True))
    no_ms, yes_ms = holds(args.holds)
    o, w = statistics.median(plain), statistics.median(walled)
    table = "\n".join([
        (f"The second wall's cost: push of {args.events:,} events (batches of {args.batch}, "
         f"direct client, median of {args.runs} runs) and {args.holds} card holds + releases, "
         "with and without the till's store context, alternating."),
        "",
        "| | without (floor) | in the store's context | |",
        "| --- | ---: | ---: | --- |",
        f"| push, events/s | {o:,.0f} | {w:,.0f} | {w / o:.2f}x |",
        (f"| hold + release p50, ms | {_p(no_ms, 0.5):.2f} | {_p(yes_ms, 0.5):.2f} | "
         f"{_p(yes_ms, 0.5) / _p(no_ms, 0.5):.2f}x |"),
        (f"| hold + release p99, ms | {_p(no_ms, 0.99):.2f} | {_p(yes_ms, 0.99):.2f} | "
         f"{_p(yes_ms, 0.99) / _p(no_ms, 0.99):.2f}x |"),
        "",
        (f"Push runs (events/s): without {', '.join(f'{x:,.0f}' for x in plain)}; "
         f"with {', '.join(f'{x:,.0f}' for x in walled)}."),
        f"Machine: {describe_machine()}.",
    ])
    print(table)
    if args.write:
        _write_section(RESULTS, "store-context", table)


if __name__ == "__main__":
    main()
