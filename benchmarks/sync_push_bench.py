"""Push throughput: 10,000 outbox events from one till to the central PostgreSQL, through the whole
protocol (read the SQLite outbox, insert-or-ignore the events, apply them under the central rules,
bulk-insert the rows, commit, acknowledge locally), next to raw psycopg inserts of exactly the same
central rows (events, returns, return lines, refunds; executemany in pipeline mode, the same batch
per transaction) in the same run, alternating, each on a fresh database.

Run: python benchmarks/sync_push_bench.py [--events 10000] [--batch 500] [--runs 3] [--write]
(--write puts the table in benchmarks/sync.md; STOREPOS_BENCH_PG_URL names the server.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import psycopg
from _machine import describe_machine
from psycopg.types.json import Json
from sqlalchemy import func, make_url, select
from sync_events import central_database, make_till, queue_events, template_till

from storepos.central.client import Central
from storepos.central.schema import events
from storepos.sync.service import SyncService

RESULTS = Path(__file__).resolve().parent / "sync.md"


def _dsn(url: str) -> str:
    u = make_url(url)
    return f"host={u.host} port={u.port or 5432} dbname={u.database} user={u.username}"


def run_storepos(folder: Path, template: Path, n: int, batch: int) -> float:
    code = "B" + uuid.uuid4().hex[:6].upper()
    till = make_till(template, folder / f"{code}.db", code)
    queue_events(till, n, code)
    with central_database() as url:
        central = Central.connect(url)
        service = SyncService(till, central, batch_size=batch)
        started = time.perf_counter()
        report = service.sync_once()
        seconds = time.perf_counter() - started
        assert report.pushed == n and till.counts().pending == 0, report
        with central.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(events)) == n
        central.close()
    return n / seconds


def _raw_rows(till: Any, n: int) -> list[list[tuple[str, list[tuple[Any, ...]]]]]:
    """The central rows storepos writes for the till's events, per batch, per table."""
    now = datetime.now(UTC)
    out = []
    for ev in till.pending(n):
        r = ev.payload.get("rows")
        ev_row = (ev.store_id, ev.event_id, ev.till_id, ev.seq, ev.action,
                  uuid.UUID(ev.payload["audit"]["subject_id"]), ev.occurred_at, now, "applied", "",
                  Json(ev.payload))
        tables: list[tuple[str, list[tuple[Any, ...]]]] = [("events", [ev_row])]
        if r:
            ret, [line], [refund] = r["return"], r["lines"], r["refunds"]
            tables.append(("returns", [(ev.store_id, uuid.UUID(ret["id"]), ret["return_number"],
                                        uuid.UUID(ret["order_id"]), ev.till_id,
                                        uuid.UUID(ret["employee_id"]), ret["status"],
                                        datetime.fromisoformat(ret["created_at"]),
                                        datetime.fromisoformat(ret["completed_at"]), "",
                                        ev.event_id)]))
            tables.append(("return_lines", [(ev.store_id, uuid.UUID(line["id"]),
                                             uuid.UUID(ret["id"]),
                                             uuid.UUID(line["order_line_id"]), 1, line["reason"],
                                             line["resolution"], Decimal("0.00"),
                                             Decimal(line["refund_amount"]))]))
            tables.append(("refunds", [(ev.store_id, uuid.UUID(refund["id"]), uuid.UUID(ret["id"]),
                                        uuid.UUID(refund["tender_id"]), refund["kind"],
                                        Decimal(refund["amount"]),
                                        datetime.fromisoformat(refund["created_at"]))]))
        out.append(tables)
    return out


RAW_SQL = {
    "events": "INSERT INTO events (store_id, event_id, till_id, seq, action, subject_id, "
              "occurred_at, received_at, status, result, payload) "
              "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
    "returns": "INSERT INTO returns (store_id, id, return_number, order_id, till_id, employee_id, "
               "status, created_at, completed_at, note, event_id) "
               "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
    "return_lines": "INSERT INTO return_lines (store_id, id, return_id, order_line_id, quantity, "
                    "reason, resolution, restocking_fee, refund_amount) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
    "refunds": "INSERT INTO refunds (store_id, id, return_id, tender_id, kind, amount, created_at) "
               "VALUES (%s, %s, %s, %s, %s, %s, %s)",
}


def run_raw(folder: Path, template: Path, n: int, batch: int) -> float:
    code = "R" + uuid.uuid4().hex[:6].upper()
    till = make_till(template, folder / f"{code}.db", code)
    queue_events(till, n, code)
    per_event = _raw_rows(till, n)  # prepared before the clock starts: only inserts are timed
    with central_database() as url, psycopg.connect(_dsn(url)) as conn:
        started = time.perf_counter()
        for start in range(0, n, batch):
            grouped: dict[str, list[tuple[Any, ...]]] = {name: [] for name in RAW_SQL}
            for tables in per_event[start:start + batch]:
                for name, rows in tables:
                    grouped[name].extend(rows)
            with conn.cursor() as cur:
                for name, rows in grouped.items():
                    if rows:
                        cur.executemany(RAW_SQL[name], rows)
            conn.commit()
        seconds = time.perf_counter() - started
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM events")
            assert cur.fetchone()[0] == n  # type: ignore[index]
    return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    ours: list[float] = []
    raw: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = template_till(folder)
        for _ in range(args.runs):  # alternating, so load on the machine hits both alike
            ours.append(run_storepos(folder, template, args.events, args.batch))
            raw.append(run_raw(folder, template, args.events, args.batch))
    o, r = statistics.median(ours), statistics.median(raw)
    table = "\n".join([
        (f"Push: {args.events:,} events from one till (half completed returns with a line and a "
         f"refund, half audit-only), batches of {args.batch}, median of {args.runs} runs."),
        "",
        "| path | events/s | |",
        "| --- | ---: | --- |",
        (f"| storepos push (SQLite outbox -> protocol -> PostgreSQL -> acknowledged) | {o:,.0f} | "
         f"{o / r:.0%} of raw |"),
        f"| raw psycopg executemany of the same central rows | {r:,.0f} | |",
        "",
        (f"Runs (events/s): storepos {', '.join(f'{x:,.0f}' for x in ours)}; "
         f"raw {', '.join(f'{x:,.0f}' for x in raw)}."),
        f"Machine: {describe_machine()}.",
    ])
    print(table)
    if args.write:
        _write_section(RESULTS, "push", table)


def _write_section(path: Path, name: str, body: str) -> None:
    """Replace the block between <!-- name --> markers in sync.md (other sections stay)."""
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Sync figures\n"
    block = f"{begin}\n{body}\n{end}"
    if begin in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
