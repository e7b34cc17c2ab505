"""A card hold's round trip: over loopback HTTP (HttpCentral -> `storepos central serve` ->
PostgreSQL) next to the direct database client (Central.cards on the same PostgreSQL) in the same
run, alternating hold by hold. Each hold is released afterwards, untimed.

Run: python benchmarks/card_hold_bench.py [--holds 200]
(STOREPOS_BENCH_PG_URL names the server; the direct client connects as the database's owner.)
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sync_events import central_database

from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.enrolment import add_store, enrol, make_enrolment_code
from storepos.sync.http_central import HttpCentral
from storepos.sync.protocol import EVERYONE


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving_central(url: str) -> Iterator[str]:
    """`storepos central serve --db URL` on a free loopback port, answering /v1/health: its base
    URL; stopped on the way out."""
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "storepos.cli", "central", "serve",
                               "--db", url, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                httpx.get(f"{base}/v1/health")
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait()


def _percentiles(ms: list[float]) -> str:
    cuts = statistics.quantiles(ms, n=100)
    return f"p50 {cuts[49]:.2f} ms, p99 {cuts[98]:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holds", type=int, default=200)
    args = parser.parse_args()
    with central_database("storepos_holds") as url:
        direct = Central.connect(url)
        store = add_store(direct.engine, code="TOR1", name="Bench", locale="en_CA",
                          currency="CAD", timezone="America/Toronto", policy="softmoc")
        token = enrol(direct.engine, make_enrolment_code(direct.engine, "TOR1", "Till 1"),
                      None).token
        card = uuid.uuid4()
        with direct.engine.begin() as conn:
            web_shop.issue_card(conn, {"id": card, "kind": "gift_card", "number": "G-BENCH-1",
                                       "currency": "CAD", "customer_id": None,
                                       "issued_store_id": None}, Decimal("1000000.00"),
                                store_id=EVERYONE)
        stack = contextlib.ExitStack()
        try:
            base = stack.enter_context(serving_central(url))
            http = HttpCentral(base, token)
            times: dict[str, list[float]] = {"http": [], "direct": []}
            clients = {"http": http.cards, "direct": direct.cards}
            for n in range(args.holds + 10):  # the first 10 of each warm up, untimed
                for name, cards in clients.items():
                    started = time.perf_counter()
                    held = cards.hold(card, Decimal("1.00"), store_id=store.id)
                    took = (time.perf_counter() - started) * 1000
                    cards.release(held)
                    if n >= 10:
                        times[name].append(took)
            http.close()
        finally:
            stack.close()
            direct.close()
    print(describe_machine())
    print(f"{args.holds} holds over loopback HTTP: {_percentiles(times['http'])}")
    print(f"{args.holds} holds, direct database client: {_percentiles(times['direct'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
