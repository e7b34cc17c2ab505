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
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sync_events import central_database

from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.enrolment import add_store, enrol, make_enrolment_code
from storepos.sync.http_central import HttpCentral

WARM_UP = 10


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentiles(ms: list[float]) -> str:
    cuts = statistics.quantiles(ms, n=100)
    return f"p50 {cuts[49]:.2f} ms, p99 {cuts[98]:.2f} ms, max {max(ms):.2f} ms"


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
        port = _port()
        server = subprocess.Popen([sys.executable, "-m", "storepos.cli", "central", "serve",
                                   "--db", url, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/v1/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            http = HttpCentral(f"http://127.0.0.1:{port}", token)
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
            server.terminate()
            server.wait()
            direct.close()
    print(describe_machine())
    print(f"{args.holds} line holds over loopback HTTP: {_percentiles(times['http'])}")
    print(f"{args.holds} line holds, direct database client: {_percentiles(times['direct'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
