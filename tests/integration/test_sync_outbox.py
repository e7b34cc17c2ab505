"""The outbox at the till: written in the same local transaction as the change it carries, numbered
per till without gaps, and never torn apart by a till killed mid-return (SIGKILL)."""

from __future__ import annotations

import random
import signal
import sqlite3
import time
import uuid
from datetime import date
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, select

from storepos.domain.sync import EventStatus
from storepos.domain.vocabulary import Channel, Fulfillment, TenderKind
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import AuditEvent, OutboxEntry, Return
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from storepos.services.returns.complete import complete_return
from storepos.services.returns.types import ReturnRequest
from storepos.services.sync.local_till import LocalTill
from storepos.sync.http_central import EncodedBatch
from storepos.sync.protocol import events_from_json
from tests.factories import card, make_customer, make_order, make_product
from tests.integration import returns_world as rw
from tests.integration.sync_world import make_till, worker


def _entries(w: rw.World) -> list[OutboxEntry]:
    with w.factory() as s:
        return list(s.scalars(select(OutboxEntry).where(OutboxEntry.till_id == w.cashier.till_id)
                              .order_by(OutboxEntry.seq)))


def test_a_return_writes_its_outbox_entry_with_the_rows(db_engine: Engine) -> None:
    w = rw.build(db_engine)
    summary = rw.complete(w, rw.line(1))
    entries = _entries(w)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))  # gap-free per till
    assert all(e.status is EventStatus.PENDING for e in entries)
    done = [e for e in entries if e.action == "return.completed"]
    assert len(done) == 1
    rows = done[0].payload["rows"]
    assert rows["return"]["id"] == str(summary.return_id)
    assert rows["return"]["return_number"] == summary.return_number
    assert [ln["quantity"] for ln in rows["lines"]] == [1]
    assert sorted(r["amount"] for r in rows["refunds"]) == sorted(
        f"{m.amount:.2f}" for m in summary.refunds)
    # The gift card that paid half got its share back: a ledger entry, in the outbox too.
    credit = [e for e in entries if e.action == "ledger.credit"][-1]
    assert credit.payload["rows"]["entry"]["return_id"] == str(summary.return_id)
    with w.factory() as s:  # the outbox id is the audit event's id
        audit = s.get(AuditEvent, done[0].id)
        assert audit is not None and audit.action == "return.completed"


def test_a_rolled_back_return_leaves_neither_and_no_gap(db_engine: Engine) -> None:
    w = rw.build(db_engine)
    before = _entries(w)
    with UnitOfWork(w.factory) as uow:  # no commit: rolled back on leaving
        complete_return(uow.session, w.cashier,
                        ReturnRequest((rw.line(1),), order_id=w.order_id))
        assert uow.session.scalars(select(OutboxEntry).where(
            OutboxEntry.action == "return.completed",
            OutboxEntry.till_id == w.cashier.till_id)).first() is not None
    assert rw.returns_of(w) == 0
    assert [e.id for e in _entries(w)] == [e.id for e in before]
    rw.complete(w, rw.line(1))
    after = _entries(w)
    assert [e.seq for e in after] == list(range(1, len(after) + 1))


def test_every_audited_change_is_queued_once(db_engine: Engine) -> None:
    w = rw.build(db_engine)
    with w.factory() as s:
        audited = set(s.scalars(select(AuditEvent.id).where(
            AuditEvent.till_id == w.cashier.till_id)))
    assert {e.id for e in _entries(w)} == audited
    with UnitOfWork(w.factory) as uow:
        va.issue_gift_card(uow.session, w.cashier, "10.00", sold(TenderKind.CASH))
        uow.commit()
    # the card opened, its first load, and the cash it was sold for going into the drawer
    assert len(_entries(w)) == len(audited) + 3


def _big_order(till_db: Path) -> tuple[str, str]:
    """A till with an online order of 3,000 pairs (more than four kills can return), returned one pair
    at a time by the worker."""
    till = make_till(till_db)
    with UnitOfWork(till.sessions) as uow:
        s = uow.session
        shoe = make_product(s, None)
        order = make_order(s, [(shoe["8"], 3000, "360000.00")], tenders=[card("360000.00")],
                           customer=make_customer(s), channel=Channel.ONLINE,
                           fulfillment=Fulfillment.SHIP_TO_HOME, received_on=date(2025, 5, 25))
        uow.commit()
        order_id = str(order.id)
    till.close()
    return till.actor.till_prefix, order_id


@pytest.mark.slow
def test_a_till_killed_during_returns_never_tears_a_return_from_its_entry(tmp_path: Path) -> None:
    db = tmp_path / "till.db"
    prefix, order_id = _big_order(db)
    rng = random.Random(20261122)
    completed = 0
    for _ in range(4):  # four kills at random moments
        proc = worker("returns", str(db), prefix, order_id)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        completed += len([ln for ln in out.splitlines() if ln.startswith("R-")])

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    engine = make_engine(str(db))
    with make_session_factory(engine)() as s:
        returns = set(s.scalars(select(Return.id)))
        payloads = s.scalars(select(OutboxEntry.payload)
                             .where(OutboxEntry.action == "return.completed")).all()
        seqs = sorted(s.scalars(select(OutboxEntry.seq)))
    engine.dispose()
    queued = {uuid.UUID(p["audit"]["subject_id"]) for p in payloads}
    assert len(returns) >= completed > 0  # every return the worker saw committed is there
    assert queued == returns  # each return has its entry, and each entry its return
    assert seqs == list(range(1, len(seqs) + 1))


def test_the_push_body_from_the_outbox_text_is_the_body_of_the_decoded_entries(
        db_engine: Engine) -> None:
    """The HTTP push sends each payload as the outbox keeps its text: the same request as
    encoding the decoded entries, non-ASCII text and all, after a seq, up to the limit."""
    w = rw.build(db_engine)
    rw.complete(w, rw.line(1))
    rw.complete(w, rw.line(1))
    with w.factory() as s:  # a payload with text that is not ASCII, and an escape
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.till_id == w.cashier.till_id)
                          .order_by(OutboxEntry.seq.desc())).first()
        assert entry is not None
        entry.payload = {**entry.payload, "note": "Élodie \"Ø\" \u2022 \\ 日本"}
        s.commit()
    local = LocalTill(w.factory, w.cashier.store_id, w.cashier.till_id)
    everything = local.pending(100)
    assert len(everything) >= 4
    for after, limit in ((0, 100), (1, 2), (everything[-1].seq, 5)):
        events = local.pending(limit, after)
        entries = local.pending_text(limit, after)
        assert [e.event_id for e, _ in entries] == [e.event_id for e in events]
        assert [e.seq for e, _ in entries] == [e.seq for e in events]
        sent = EncodedBatch.from_outbox(entries)
        assert orjson.loads(sent.body) == orjson.loads(EncodedBatch(events).body)
        assert events_from_json(orjson.loads(sent.body)["events"]) == events
        assert sent.ids == {str(e.event_id): e.event_id for e in events}
