"""A PIN set-up's round trip (issue 13): the till's HttpCentral.set_up_pin -> `storepos central
serve` -> PostgreSQL (the code checked in the till's store context, the PIN hashed with Argon2id,
the code burnt, the change logged), next to, in the same run and alternating call by call: a bare
GET /v1/health, a till's enrolment (POST /v1/enrol, spending a fresh code), and the floor, Argon2id
hashing one PIN in this process (sync/pins.hash_pin, the parameters the service uses). The codes
and the employees are made beforehand, untimed.

Run: python benchmarks/staff_bench.py [--calls 200]
(STOREPOS_BENCH_PG_URL names the server; the bench makes and drops its own database.)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from card_hold_bench import _port
from sync_events import central_database

from storepos.central.client import Central
from storepos.central.enrolment import add_store, enrol, make_enrolment_code
from storepos.central.staff import add_staff
from storepos.sync.http_central import HttpCentral
from storepos.sync.pins import hash_pin

WARM_UP = 5


def _percentiles(ms: list[float]) -> str:
    cuts = statistics.quantiles(ms, n=100)
    return f"p50 {cuts[49]:.2f} ms, p99 {cuts[98]:.2f} ms, max {max(ms):.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    total = args.calls + WARM_UP
    with central_database("storepos_staff") as url:
        direct = Central.connect(url)
        add_store(direct.engine, code="TOR1", name="Bench", locale="en_CA", currency="CAD",
                  timezone="America/Toronto", policy="softmoc")
        token = enrol(direct.engine, make_enrolment_code(direct.engine, "TOR1", "Till 0"),
                      None).token
        people = [add_staff(direct.engine, store_code="TOR1", name=f"Bench {n}", role="cashier")
                  for n in range(total)]
        codes = [make_enrolment_code(direct.engine, "TOR1", f"Till {n + 1}")
                 for n in range(total)]
        port = _port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "storepos.cli", "central", "serve",
                                   "--db", url, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    httpx.get(f"{base}/v1/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            http = HttpCentral(base, token)
            bare = httpx.Client(base_url=base)
            times: dict[str, list[float]] = {"pin": [], "health": [], "enrol": [], "argon2": []}
            for n in range(total):
                member, code = people[n]
                calls: dict[str, Callable[[], object]] = {
                    "pin": lambda e=member.number, c=code: http.set_up_pin(e, c, "482915"),
                    "health": lambda: bare.get("/v1/health").raise_for_status(),
                    "enrol": lambda c=codes[n]: bare.post(
                        "/v1/enrol", json={"code": c}).raise_for_status(),
                    "argon2": lambda: hash_pin("482915"),
                }
                for name, call in calls.items():
                    started = time.perf_counter()
                    call()
                    took = (time.perf_counter() - started) * 1000
                    if n >= WARM_UP:
                        times[name].append(took)
            http.close()
            bare.close()
        finally:
            server.terminate()
            server.wait()
            direct.close()
    print(describe_machine())
    print(f"{args.calls} PIN set-ups over loopback HTTP: {_percentiles(times['pin'])}")
    print(f"{args.calls} enrolments over loopback HTTP: {_percentiles(times['enrol'])}")
    print(f"{args.calls} health calls over loopback HTTP: {_percentiles(times['health'])}")
    print(f"{args.calls} Argon2id hashes in-process (the floor): {_percentiles(times['argon2'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
