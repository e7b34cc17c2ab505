"""An order cancellation's central claim, the round trip a cashier waits for after "Cancel the
order": over loopback HTTP (HttpCentral.cancellations -> `storepos central serve` -> PostgreSQL)
next to the direct database client (Central.cancellations on the same PostgreSQL) in the same
run, alternating claim by claim. Each claim is on an order of its own, not yet dispatched, of two
lines (the order and its lines locked, its document read, live holds counted, the claim row
written); it is released afterwards, untimed. A direct online line hold (one unit of a line, the
same locks) is timed in the same loop as a second floor: the machine's load moves all three.

Run: python benchmarks/cancel_claim_bench.py [--claims 200]
(STOREPOS_BENCH_PG_URL names the server; the direct client connects as the database's owner.)
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from card_hold_bench import _percentiles, serving_central
from sync_events import central_database

from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.enrolment import add_store, enrol, make_enrolment_code
from storepos.sync.http_central import HttpCentral

WARM_UP = 10


def _online_orders(central: Central, count: int) -> list[uuid.UUID]:
    """`count` online orders of two lines each, placed, not dispatched."""
    ids = [uuid.uuid4() for _ in range(count)]
    with central.engine.begin() as conn:
        for n, order_id in enumerate(ids):
            web_shop.publish_order(conn, {
                "id": str(order_id), "number": f"W-BENCH-{n}", "channel": "online",
                "store_id": None, "placed_on": "2026-12-01", "dispatched_on": None,
                "received_on": None,
                "lines": [{"id": str(uuid.uuid4()), "line_no": i, "quantity": 1}
                          for i in (1, 2)]})
    return ids


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200)
    args = parser.parse_args()
    with central_database("storepos_cancel_claims") as url:
        direct = Central.connect(url)
        store = add_store(direct.engine, code="TOR1", name="Bench", locale="en_CA",
                          currency="CAD", timezone="America/Toronto", policy="softmoc")
        token = enrol(direct.engine, make_enrolment_code(direct.engine, "TOR1", "Till 1"),
                      None).token
        orders = iter(_online_orders(direct, 2 * (args.claims + WARM_UP)))
        held_order, held_line = uuid.uuid4(), uuid.uuid4()
        with direct.engine.begin() as conn:
            web_shop.publish_order(conn, {
                "id": str(held_order), "number": "W-BENCH-HOLD", "channel": "online",
                "store_id": None,
                "lines": [{"id": str(held_line), "line_no": 1, "quantity": 1_000_000}]})
        stack = contextlib.ExitStack()
        try:
            base = stack.enter_context(serving_central(url))
            http = HttpCentral(base, token)
            times: dict[str, list[float]] = {"http": [], "direct": [], "hold": []}
            clients = {"http": http.cancellations, "direct": direct.cancellations}
            for n in range(args.claims + WARM_UP):  # the first WARM_UP of each, untimed
                for name, authority in clients.items():
                    order_id, claim_id = next(orders), uuid.uuid4()
                    started = time.perf_counter()
                    authority.claim(order_id, claim_id, store_id=store.id)
                    took = (time.perf_counter() - started) * 1000
                    authority.release(order_id, claim_id, store_id=store.id)
                    if n >= WARM_UP:
                        times[name].append(took)
                started = time.perf_counter()
                held = direct.lines.hold(held_order, held_line, 1, store_id=store.id)
                took = (time.perf_counter() - started) * 1000
                direct.lines.release(held, store_id=store.id)
                if n >= WARM_UP:
                    times["hold"].append(took)
            http.close()
        finally:
            stack.close()
            direct.close()
    print(describe_machine())
    print(f"{args.claims} cancellation claims over loopback HTTP: {_percentiles(times['http'])}")
    print(f"{args.claims} cancellation claims, direct database client: "
          f"{_percentiles(times['direct'])}")
    print(f"{args.claims} line holds, direct database client (floor): "
          f"{_percentiles(times['hold'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
