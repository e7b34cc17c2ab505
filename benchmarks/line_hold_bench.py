"""An online line hold's round trip: over loopback HTTP (HttpCentral.lines -> `storepos central
serve` -> PostgreSQL) next to the direct database client (Central.lines on the same PostgreSQL)
in the same run, alternating hold by hold. Each hold reserves one unit of an online order line
(the line's row locked, expired holds released, live holds summed, the hold written) and is
released afterwards, untimed.

Run: python benchmarks/line_hold_bench.py [--holds 200]
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


def _online_order(central: Central, units: int) -> tuple[uuid.UUID, uuid.UUID]:
    """An online order of one line with `units` units: every hold of the run finds one free."""
    order_id, line_id = uuid.uuid4(), uuid.uuid4()
    with central.engine.begin() as conn:
        web_shop.publish_order(conn, {
            "id": str(order_id), "number": "W-BENCH-1", "channel": "online", "store_id": None,
            "lines": [{"id": str(line_id), "line_no": 1, "quantity": units}]})
    return order_id, line_id


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holds", type=int, default=200)
    args = parser.parse_args()
    with central_database("storepos_line_holds") as url:
        direct = Central.connect(url)
        store = add_store(direct.engine, code="TOR1", name="Bench", locale="en_CA",
                          currency="CAD", timezone="America/Toronto", policy="softmoc")
        token = enrol(direct.engine, make_enrolment_code(direct.engine, "TOR1", "Till 1"),
                      None).token
        order_id, line_id = _online_order(direct, 1_000_000)
        stack = contextlib.ExitStack()
        try:
            base = stack.enter_context(serving_central(url))
            http = HttpCentral(base, token)
            times: dict[str, list[float]] = {"http": [], "direct": []}
            clients = {"http": http.lines, "direct": direct.lines}
            for n in range(args.holds + WARM_UP):  # the first WARM_UP of each, untimed
                for name, lines in clients.items():
                    started = time.perf_counter()
                    held = lines.hold(order_id, line_id, 1, store_id=store.id)
                    took = (time.perf_counter() - started) * 1000
                    lines.release(held, store_id=store.id)
                    if n >= WARM_UP:
                        times[name].append(took)
            http.close()
        finally:
            stack.close()
            direct.close()
    print(describe_machine())
    print(f"{args.holds} line holds over loopback HTTP: {_percentiles(times['http'])}")
    print(f"{args.holds} line holds, direct database client: {_percentiles(times['direct'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
