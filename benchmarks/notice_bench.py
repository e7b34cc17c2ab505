"""Customers' e-mails sent per second by the notices sender, next to a bare smtplib loop sending
the same messages to the same local SMTP server in the same run (the floor: what the wire and
the server cost, with nothing of ours around it).

The central database is a fresh PostgreSQL database (dropped afterwards) with one store and N
ship-to-store orders whose parcels have arrived (N pending arrival notices). The SMTP server is
aiosmtpd on 127.0.0.1 in this process (its own thread), accepting everything. Rounds alternate:
the floor sends the N messages composed in advance over one SMTP session; the sender runs
`run_once` over N fresh pending notices (claim in batches of 100, compose, send over one session,
record the sent ones in groups of 20, one short transaction each). Median of the rounds.

    python benchmarks/notice_bench.py [--notices 1000] [--rounds 3] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import secrets
import smtplib
import socket
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, make_url, select, text, update

from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.enrolment import add_store
from storepos.central.migrate import upgrade
from storepos.central.notices import outbox, smtp
from storepos.central.notices.mail import compose
from storepos.central.notices.sender import run_once
from storepos.central.schema import notices, pickups

PG = os.environ.get("STOREPOS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


class Count:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received += 1
        return "250 OK"


def seed(engine: Any, store_id: uuid.UUID, n: int, now: datetime) -> None:
    """n online orders for pickup at the store, their parcels on the shelf, n pending notices."""
    hold = (now + timedelta(days=14)).date()
    with engine.begin() as conn:
        for i in range(n):
            order_id, pickup_id = uuid.uuid4(), uuid.uuid4()
            web_shop.publish_order(conn, {
                "id": str(order_id), "number": f"#{secrets.token_hex(4)}", "channel": "online",
                "fulfillment": "ship_to_store", "store_id": None,
                "pickup_store_id": str(store_id), "billing_last_name": "Côté",
                "customer": {"id": str(uuid.uuid4()), "first_name": "Ana", "last_name": "Côté",
                             "email": f"customer{i}@example.com", "phone": None},
                "lines": [{"id": str(uuid.uuid4()), "line_no": 1, "quantity": 1}],
                "tenders": []}, now=now)
            web_shop.publish_pickup(conn, {"store_id": store_id, "id": pickup_id,
                                           "number": f"P-{secrets.token_hex(4)}",
                                           "order_id": order_id}, now=now)
            conn.execute(update(pickups).where(pickups.c.id == pickup_id)
                         .values(status="arrived", hold_until=hold))
            outbox.enqueue(conn, store_id, pickup_id, "arrived", now)


def messages(engine: Any, now: datetime, sender: str) -> tuple[list[Any], float]:
    """The pending notices' messages, composed in advance (the floor sends these), unclaimed;
    and the seconds composing them took (a share of the sender's time the floor does not pay)."""
    with engine.begin() as conn:
        claimed = outbox.claim_due(conn, now, limit=1_000_000, chain_sender=sender)
        conn.rollback()
    facts = [c.facts for c in claimed if c.facts is not None]
    started = time.perf_counter()
    for f in facts:  # composed and dropped, as the sender does
        compose(f)
    took = time.perf_counter() - started
    return [compose(f) for f in facts], took


def floor(port: int, msgs: list[Any]) -> float:
    started = time.perf_counter()
    session = smtplib.SMTP("127.0.0.1", port)
    for msg in msgs:
        session.send_message(msg)
    session.quit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default=PG)
    args = parser.parse_args()

    server = make_url(args.pg).set(database="postgres")
    name = f"storepos_notice_bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    count = Count()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(count, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        upgrade(url)
        engine = make_central_engine(url)
        store = add_store(engine, code="TOR1", name="SoftMoc Eaton Centre", locale="en_CA",
                          currency="CAD", timezone="America/Toronto", policy="softmoc",
                          address="220 Yonge St, Toronto ON M5B 2H1",
                          hours="Mon-Sat 10:00-21:00, Sun 11:00-18:00")
        settings = smtp.SmtpSettings("127.0.0.1", port, "orders@softmoc.example")
        with engine.begin() as conn:
            smtp.save(conn, settings, datetime.now(UTC))
        floors, ours, composing = [], [], []
        for r in range(args.rounds):
            now = datetime.now(UTC) + timedelta(days=r)  # each round's notices are its own
            seed(engine, store.id, args.notices, now)
            msgs, took = messages(engine, now, settings.from_addr)
            composing.append(took)
            assert len(msgs) == args.notices
            before = count.received
            floors.append(floor(port, msgs))
            started = time.perf_counter()
            result = run_once(engine, now=now + timedelta(seconds=1))
            ours.append(time.perf_counter() - started)
            assert result.sent == args.notices, result
            assert count.received - before == 2 * args.notices
        with engine.connect() as conn:
            sent = conn.execute(select(notices.c.id).where(notices.c.state == "sent")).all()
        assert len(sent) == args.notices * args.rounds
        engine.dispose()
    finally:
        controller.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    n = args.notices
    f, o = statistics.median(floors), statistics.median(ours)
    print(describe_machine())
    print(f"{n} arrival notices per round, {args.rounds} rounds, median; SMTP: aiosmtpd on "
          f"127.0.0.1 in this process; central: PostgreSQL ({date.today()})")
    print(f"| bare smtplib loop, messages composed in advance, one session (floor) | "
          f"{f:.2f} s | {n / f:,.0f} msg/s |")
    print(f"| notices sender: run_once (claim, compose, send, record sent in groups of 20) | "
          f"{o:.2f} s | {n / o:,.0f} msg/s ({f / o:.2f}x the floor) |")
    c = statistics.median(composing)
    print(f"of which composing the {n} messages (EmailMessage, text + HTML), measured apart: "
          f"{c:.2f} s ({c / n * 1000:.2f} ms each)")
    print(f"rounds: floor {', '.join(f'{x:.2f}' for x in floors)} s; "
          f"sender {', '.join(f'{x:.2f}' for x in ours)} s")


if __name__ == "__main__":
    main()
