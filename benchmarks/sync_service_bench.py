"""Push throughput through the central service: 10,000 outbox events from one enrolled till over
loopback HTTP (SQLite outbox -> HttpCentral -> one `storepos central serve` process ->
PostgreSQL -> acknowledged), next to raw psycopg inserts of the same central rows in the same run
(sync_push_bench.run_raw) and the direct database client's push (sync_push_bench.run_storepos),
alternating, each on a fresh database. The service is started and
the till enrolled before the clock starts.

Run: python benchmarks/sync_service_bench.py [--events 10000] [--batch 500] [--runs 3] [--write]
     [--profile]   (one more push under cProfile, client side; prints the top costs)
     [--quick]     (1,000 events, one run: a smoke)
(--write puts the table in benchmarks/sync.md; STOREPOS_BENCH_PG_URL names the server.)
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from card_hold_bench import _port
from sqlalchemy import Engine, func, select, text
from sync_events import central_database, queue_events, template_till
from sync_push_bench import RESULTS, _write_section, run_raw, run_storepos

from storepos.central.engine import make_central_engine
from storepos.central.enrolment import add_store, enrol, make_enrolment_code
from storepos.central.schema import events
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.till_identity import enrolled_here
from storepos.services.sync.local_till import LocalTill
from storepos.sync.http_central import HttpCentral
from storepos.sync.service import SyncService


@contextlib.contextmanager
def serving(url: str, workers: int = 1, pids: list[int] | None = None) -> Iterator[str]:
    """`storepos central serve [--workers N]` on a free loopback port, until it answers (its
    process id appended to `pids` when given)."""
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "storepos.cli", "central", "serve", "--db",
                               url, "--port", str(port), "--workers", str(workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if pids is not None:
        pids.append(server.pid)
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # a minute at most
            try:
                httpx.get(f"{address}/v1/health")
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield address
    finally:
        server.terminate()
        server.wait()


def enrol_till(central: Engine, template: Path, path: Path, code: str) -> tuple[LocalTill, str]:
    """A store and a till enrolled centrally, the till's database made with head office's ids
    (as `storepos setup` makes it); the till and its token."""
    add_store(central, code=code, name=f"Store {code}", locale="en_CA", currency="CAD",
              timezone="America/Toronto", policy="softmoc")
    done = enrol(central, make_enrolment_code(central, code, "Till 1"))
    shutil.copyfile(template, path)
    sessions = make_session_factory(make_engine(str(path)))
    with UnitOfWork(sessions) as uow:
        enrolled_here(uow.session, done.store.to_json(), done.till.to_json())
        uow.commit()
    return LocalTill(sessions, done.store.id, done.till.id), done.token


def enrolled_till(url: str, template: Path, path: Path, code: str) -> tuple[LocalTill, str]:
    central = make_central_engine(url)
    try:
        return enrol_till(central, template, path, code)
    finally:
        central.dispose()


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _backends(url: str) -> list[int]:
    """The PostgreSQL server processes connected to the bench's database."""
    engine = make_central_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")))
    finally:
        engine.dispose()


def run_service(folder: Path, template: Path, n: int, batch: int,
                timed: Callable[[Callable[[], object]], object] = lambda push: push(),
                cpu: list[tuple[float, float, float]] | None = None) -> float:
    """events/s; `cpu` gets (till, service, PostgreSQL) CPU seconds of the push when given (the
    till: this process; PostgreSQL: the server processes of the bench's database)."""
    code = "H" + uuid.uuid4().hex[:6].upper()
    pids: list[int] = []
    with central_database() as url, serving(url, pids=pids) as address:
        till, token = enrolled_till(url, template, folder / f"{code}.db", code)
        queue_events(till, n, code)
        http = HttpCentral(address, token)
        service = SyncService(till, http, batch_size=batch)
        before = {pid: _cpu_of(pid) for pid in _backends(url)}
        service_cpu, till_cpu = _cpu_of(pids[0]), os.times()
        started = time.perf_counter()
        report = timed(service.sync_once)
        seconds = time.perf_counter() - started
        service_cpu, till_done = _cpu_of(pids[0]) - service_cpu, os.times()
        database_cpu = sum(_cpu_of(pid) - before.get(pid, 0.0) for pid in _backends(url))
        if cpu is not None:
            cpu.append((till_done.user + till_done.system - till_cpu.user - till_cpu.system,
                        service_cpu, database_cpu))
        http.close()
        assert getattr(report, "pushed", None) == n and till.counts().pending == 0, report
        central = make_central_engine(url)
        with central.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(events)) == n
        central.dispose()
    return n / seconds


def profile_client(folder: Path, template: Path, n: int, batch: int) -> str:
    """One push with the till's side under cProfile: its top costs by own time."""
    profiler = cProfile.Profile()

    def timed(push: Callable[[], object]) -> object:
        return profiler.runcall(push)

    rate = run_service(folder, template, n, batch, timed)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return f"Profiled push (client side, cProfile): {rate:,.0f} events/s\n{out.getvalue()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1,000 events, one run")
    args = parser.parse_args()
    if args.quick:
        args.events, args.runs, args.write = 1000, 1, False
    ours: list[float] = []
    cpu: list[tuple[float, float, float]] = []
    raw: list[float] = []
    direct: list[float] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = template_till(folder)
        for _ in range(args.runs):  # alternating, so load on the machine hits both alike
            ours.append(run_service(folder, template, args.events, args.batch, cpu=cpu))
            raw.append(run_raw(folder, template, args.events, args.batch))
            direct.append(run_storepos(folder, template, args.events, args.batch))
        profile = profile_client(folder, template, args.events, args.batch) if args.profile else ""
    o, r, d = statistics.median(ours), statistics.median(raw), statistics.median(direct)
    table = "\n".join([
        (f"Push through the central service: {args.events:,} events from one enrolled till (half "
         f"completed returns with a line and a refund, half audit-only), batches of "
         f"{args.batch}, plain HTTP on loopback, one uvicorn process, median of {args.runs} "
         f"runs."),
        "",
        "| path | events/s | |",
        "| --- | ---: | --- |",
        (f"| storepos push over HTTP (SQLite outbox -> HttpCentral -> service -> PostgreSQL -> "
         f"acknowledged) | {o:,.0f} | {o / r:.2f}x raw |"),
        f"| raw psycopg executemany of the same central rows | {r:,.0f} | |",
        (f"| storepos push with the direct database client (no HTTP) | {d:,.0f} | "
         f"{d / r:.2f}x raw |"),
        "",
        (f"Paired in each run (service / raw of the same run): "
         f"{', '.join(f'{a / b:.2f}x' for a, b in zip(ours, raw, strict=True))}, median "
         f"{statistics.median(a / b for a, b in zip(ours, raw, strict=True)):.2f}x."),
        (f"Runs (events/s): service {', '.join(f'{x:,.0f}' for x in ours)}; "
         f"raw {', '.join(f'{x:,.0f}' for x in raw)}; "
         f"direct {', '.join(f'{x:,.0f}' for x in direct)}."),
        (f"CPU of the push over HTTP per {args.events:,} events, median (each run: till / "
         f"service / PostgreSQL, s): till {statistics.median(c[0] for c in cpu):.2f} s, service "
         f"{statistics.median(c[1] for c in cpu):.2f} s, PostgreSQL "
         f"{statistics.median(c[2] for c in cpu):.2f} s "
         f"({'; '.join(f'{a:.2f} / {b:.2f} / {c:.2f}' for a, b, c in cpu)})."),
        (f"Machine: {describe_machine()}; load average (1 min) {load_before:.1f} at the start, "
         f"{os.getloadavg()[0]:.1f} at the end."),
    ])
    print(table)
    if profile:
        print("\n" + profile)
    if args.write:
        _write_section(RESULTS, "service-push", table)


if __name__ == "__main__":
    main()
