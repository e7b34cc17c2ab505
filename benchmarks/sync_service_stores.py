"""100 stores syncing through the central service at once, 1,000 events each.

Each store's till is enrolled through head office's own functions (add_store, make_enrolment_code,
enrol; the till's database made with head office's ids, as `storepos setup` makes it) and keeps
its own SQLite file and its own HttpCentral (its token, one keep-alive connection). The tills run
as threads in a few client processes against one `storepos central serve --workers N` on loopback
and one PostgreSQL database. Each till does 10 rounds: 100 new outbox events (half completed
returns, one of them of the store's own online order line, counted back centrally under a row
lock), then one sync (SyncService.sync_once: push everything pending, then pull everything
changed; every other store's online order moved, so each round pulls about 100 orders). Rounds come
every --interval seconds per till, each starting at a random moment of the first interval, as the
background sync loop does; --interval 0 runs them back to back (the machine saturated: a capacity
figure, not a latency one).

Timed: every push request (one batch's round trip, HttpCentral.push) and every sync round. Counted
afterwards in the central database: every event id of every till's outbox stored exactly once and
nothing else, every outbox entry acknowledged, every online unit counted.

Run: python benchmarks/sync_service_stores.py [--stores 100] [--events 1000] [--rounds 10]
     [--interval 10] [--processes 4] [--workers 1] [--quick] [--write]
(--quick: 10 stores, 100 events each, back to back; STOREPOS_BENCH_PG_URL names the server.)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sqlalchemy import func, select
from sync_events import central_database, online_order, queue_events, template_till
from sync_push_bench import _write_section
from sync_service_bench import enrol_till, serving

from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.schema import events, order_lines, reviews
from storepos.domain.sync import EventStatus
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import OutboxEntry
from storepos.services.sync.local_till import LocalTill
from storepos.sync.http_central import HttpCentral
from storepos.sync.protocol import Event, EventResult
from storepos.sync.service import SyncService

RESULTS = Path(__file__).resolve().parent / "sync.md"


class TimedHttpCentral(HttpCentral):
    """The till's own client, with each push request's round trip noted."""

    def __init__(self, url: str, token: str, pushes: list[float]) -> None:
        super().__init__(url, token)
        self._pushes = pushes

    def push(self, store_id: uuid.UUID, till_id: uuid.UUID,
             events: Sequence[Event]) -> list[EventResult]:
        started = time.perf_counter()
        try:
            return super().push(store_id, till_id, events)
        finally:
            self._pushes.append(time.perf_counter() - started)


@dataclass
class Timings:
    pushes: list[float] = field(default_factory=list)  # one push request each
    rounds: list[float] = field(default_factory=list)  # one sync (push, then pull) each
    first: list[float] = field(default_factory=list)  # a till's first sync (joining)
    errors: list[str] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds of each client process


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (uvicorn's workers), from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # itself, or a child
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _till(spec: dict[str, str], address: str, rounds: int, per_round: int, interval: float,
          start: threading.Barrier, out: Timings) -> None:
    try:
        till = LocalTill(make_session_factory(make_engine(spec["path"])),
                         uuid.UUID(spec["store_id"]), uuid.UUID(spec["till_id"]))
        http = TimedHttpCentral(address, spec["token"], out.pushes)
        service = SyncService(till, http, batch_size=500)
        online = (uuid.UUID(spec["order_id"]), uuid.UUID(spec["line_id"]))
        start.wait()
        began = time.perf_counter()
        service.sync_once()  # joining: every online order so far comes down once
        out.first.append(time.perf_counter() - began)
        start.wait()  # the timed rounds start when every till of this process has joined
        due = time.monotonic() + random.uniform(0, interval)
        for _ in range(rounds):
            queue_events(till, per_round, spec["code"], online=online)
            time.sleep(max(0.0, due - time.monotonic()))
            began = time.perf_counter()
            service.sync_once()
            out.rounds.append(time.perf_counter() - began)
            due += interval
        if till.counts().pending:
            out.errors.append(f"{spec['code']}: {till.counts().pending} still queued")
        http.close()
    except Exception as exc:  # noqa: BLE001  (reported by the parent)
        out.errors.append(f"{spec['code']}: {type(exc).__name__}: {exc}")


def worker(specs: list[dict[str, str]], address: str, rounds: int, per_round: int,
           interval: float, ready: Any, go: Any, results: Any) -> None:
    """One client process: its tills as threads."""
    out = Timings()
    start = threading.Barrier(len(specs))
    threads = [threading.Thread(target=_till, args=(s, address, rounds, per_round, interval,
                                                    start, out)) for s in specs]
    ready.put(1)
    go.wait()
    began = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.cpu.append(time.process_time() - began)
    results.put(json.dumps(out.__dict__))


def set_up_stores(url: str, folder: Path, stores: int) -> list[dict[str, str]]:
    """Each store added and its till enrolled centrally, its online order published."""
    template = template_till(folder)
    central = make_central_engine(url)
    specs = []
    for n in range(stores):
        code = f"S{n:03d}"
        till, token = enrol_till(central, template, folder / f"{code}.db", code)
        doc = online_order(n)
        with central.begin() as conn:
            web_shop.publish_order(conn, doc)
        specs.append({"code": code, "path": str(folder / f"{code}.db"), "token": token,
                      "store_id": str(till.store_id), "till_id": str(till.till_id),
                      "order_id": doc["id"], "line_id": doc["lines"][0]["id"]})
        till.sessions.kw["bind"].dispose()
    central.dispose()
    return specs


@dataclass
class Counted:
    expected: int  # events the tills made
    stored: int  # event rows centrally
    lost: int  # made by a till, not stored
    duplicated: int  # stored more than once
    strangers: int  # stored, made by no till
    unacknowledged: int  # outbox entries not marked applied
    units_counted: int
    reviews: int


def count(url: str, specs: list[dict[str, str]]) -> Counted:
    made: set[uuid.UUID] = set()
    unacknowledged = 0
    for spec in specs:
        engine = make_engine(spec["path"])
        with engine.connect() as conn:
            for event_id, status in conn.execute(select(OutboxEntry.id, OutboxEntry.status)):
                made.add(event_id)
                unacknowledged += status != EventStatus.APPLIED
        engine.dispose()
    central = make_central_engine(url)
    with central.connect() as conn:
        stored = [row[0] for row in conn.execute(select(events.c.event_id))]
        units = conn.scalar(select(func.coalesce(func.sum(order_lines.c.quantity_returned), 0)))
        flagged = conn.scalar(select(func.count()).select_from(reviews))
    central.dispose()
    distinct = set(stored)
    return Counted(len(made), len(stored), len(made - distinct), len(stored) - len(distinct),
                   len(distinct - made), unacknowledged, int(units or 0), int(flagged or 0))


@dataclass
class Result:
    stores: int
    per_round: int
    rounds: int
    interval: float
    processes: int
    workers: int
    wall: float
    service_cpu: float  # CPU seconds of the service's processes while the tills ran
    timings: Timings
    counted: Counted

    @property
    def rate(self) -> float:
        return self.counted.expected / self.wall

    @property
    def ok(self) -> bool:
        c = self.counted
        return not (self.timings.errors or c.lost or c.duplicated or c.strangers
                    or c.unacknowledged) and c.expected == self.stores * self.per_round * self.rounds


def run(stores: int, events_each: int, rounds: int, interval: float, processes: int,
        workers: int) -> Result:
    per_round = events_each // rounds
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp, central_database("storepos_bench_svc") as url:
        specs = set_up_stores(url, Path(tmp), stores)
        pids: list[int] = []
        with serving(url, workers, pids) as address:
            ready, go, results = ctx.Queue(), ctx.Event(), ctx.Queue()
            chunks = [c for c in (specs[i::processes] for i in range(processes)) if c]
            procs = [ctx.Process(target=worker, args=(c, address, rounds, per_round, interval,
                                                      ready, go, results)) for c in chunks]
            for p in procs:
                p.start()
            for _ in procs:
                ready.get(timeout=300)  # every process imported and its tills made
            began, service_began = time.perf_counter(), cpu_seconds(pids[0])
            go.set()
            gathered = [json.loads(results.get(timeout=3600)) for _ in procs]
            wall = time.perf_counter() - began
            service_cpu = cpu_seconds(pids[0]) - service_began
            for p in procs:
                p.join()
        timings = Timings(*([x for g in gathered for x in g[k]]
                            for k in ("pushes", "rounds", "first", "errors", "cpu")))
        counted = count(url, specs)
    return Result(stores, per_round, rounds, interval, processes, workers, wall, service_cpu,
                  timings, counted)


def cuts(values: list[float]) -> tuple[float, float, float]:
    """p50, p99 and max."""
    if len(values) < 2:
        return (values[0],) * 3 if values else (0.0, 0.0, 0.0)
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[98], max(values)


def describe(r: Result) -> str:
    c, t = r.counted, r.timings
    push, sync, first = cuts(t.pushes), cuts(t.rounds), cuts(t.first)
    pace = (f"a round every {r.interval:g} s per till" if r.interval
            else "rounds back to back (saturated)")
    return "\n".join([
        (f"{r.stores} stores syncing through the central service at once, "
         f"{r.per_round * r.rounds:,} events each in {r.rounds} rounds of {r.per_round} (push, "
         f"then pull), {pace}; tills as threads in {r.processes} client processes, each with "
         f"its own HttpCentral; `storepos central serve --workers {r.workers}`, plain HTTP on "
         f"loopback, PostgreSQL."),
        "",
        "| | |",
        "| --- | ---: |",
        f"| events stored | {c.stored:,} of {c.expected:,} |",
        f"| lost / duplicated / stored but made by no till | {c.lost} / {c.duplicated} / "
        f"{c.strangers} |",
        f"| outbox entries not acknowledged | {c.unacknowledged} |",
        f"| online units counted back (1 per round per store) | {c.units_counted:,} |",
        f"| reviews raised | {c.reviews} |",
        (f"| push request round trip (one batch), p50 / p99 / max, {len(t.pushes):,} requests | "
         f"{push[0]:.3f} / {push[1]:.3f} / {push[2]:.3f} s |"),
        (f"| sync round (push, then pull), p50 / p99 / max | {sync[0]:.2f} / {sync[1]:.2f} / "
         f"{sync[2]:.2f} s |"),
        (f"| first sync of each till (pulls the {r.stores} online orders) p50 / max | "
         f"{first[0]:.2f} / {first[2]:.2f} s |"),
        f"| wall time, all stores | {r.wall:.1f} s ({r.rate:,.0f} events/s) |",
        (f"| CPU used meanwhile: the service's processes / the tills' processes | "
         f"{r.service_cpu:.0f} s / {sum(t.cpu):.0f} s ({r.service_cpu / r.wall:.2f} / "
         f"{sum(t.cpu) / r.wall:.2f} cores) |"),
        "",
        f"Machine: {describe_machine()}." + (f" Errors: {t.errors[:5]}" if t.errors else ""),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stores", type=int, default=100)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="10 stores x 100 events, saturated")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.stores, args.events, args.interval, args.processes = 10, 100, 0.0, 2
    result = run(args.stores, args.events, args.rounds, args.interval, args.processes,
                 args.workers)
    table = describe(result)
    print(table)
    if args.write and not args.quick:
        _write_section(RESULTS, "service-stores" if args.interval else "service-stores-saturated",
                       table)
    if not result.ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
