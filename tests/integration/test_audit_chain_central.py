"""The central service checks each till's audit chain on push and keeps it: an event edited, stripped
of its link or following a deleted one is kept as evidence and quarantined (the store's manager sees
it), never applied; a replay is answered with the stored result; `storepos central audit verify`
names the first broken link of the kept chains, and a clean push holds."""

from __future__ import annotations

import contextlib
import io
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from storepos import cli
from storepos.central.client import Central
from storepos.central.push import push_events
from storepos.central.schema import events, ledger, quarantine
from storepos.domain.sync import EventStatus
from tests.integration.audit_chain_world import build, edit, one
from tests.integration.sync_world import central_pg

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]  # the fixture, used by name


def _central_verify(url: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["central", "audit", "verify", "--db", url])
    return code, out.getvalue(), err.getvalue()


def _kept(central: Central, till_id: uuid.UUID) -> dict[int, tuple[str, str, str | None]]:
    with central.engine.connect() as conn:
        return {r.seq: (r.status, r.result, r.chain_hash) for r in conn.execute(
            select(events.c.seq, events.c.status, events.c.result, events.c.chain_hash)
            .where(events.c.till_id == till_id))}


def _redeem_seq(path: Path) -> int:
    return int(one(path, "SELECT seq FROM outbox WHERE action = 'ledger.redeem'"))


def test_a_clean_till_pushes_its_chain_and_the_central_chain_holds(central_pg: str,
                                                                   tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = build(tmp_path / "till.db")
    till.service(central).sync_once()
    kept = _kept(central, till.actor.till_id)
    assert len(kept) >= 9 and all(chain for _s, _r, chain in kept.values())
    assert not [s for s, (_st, result, _c) in kept.items() if "audit chain" in result]
    code, out, err = _central_verify(central_pg)
    assert (code, err) == (0, ""), err
    assert f"{len(kept)} events from " in out


def test_a_pending_redemption_edited_at_the_till_is_quarantined_not_applied(
        central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = build(tmp_path / "till.db")
    seq = _redeem_seq(till.path)
    edit(till.path, "UPDATE outbox SET payload = json_set(payload, '$.rows.entry.amount', '-3.00', "
                    "'$.audit.details.amount', '-3.00') WHERE action = 'ledger.redeem'")
    till.service(central).sync_once()
    status, result, _chain = _kept(central, till.actor.till_id)[seq]
    assert status == EventStatus.QUARANTINED.value
    assert f"audit chain is broken at event {seq} (edited)" in result
    with central.engine.connect() as conn:
        amounts = list(conn.scalars(select(ledger.c.amount)))
        held = conn.scalar(select(quarantine.c.reason).where(quarantine.c.seq == seq))
    assert Decimal("-3.00") not in amounts  # the edited value never reached the central ledger
    assert held == result  # on the manager's list, with the evidence
    assert [p for p in central.open_problems(till.actor.store_id) if p.seq == seq]
    code, _out, err = _central_verify(central_pg)
    assert code == 1 and f"event {seq}: edited" in err


def test_an_event_after_a_deleted_one_is_quarantined(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = build(tmp_path / "till.db")
    pin = int(one(till.path, "SELECT min(seq) FROM outbox WHERE action = 'auth.pin_refused'"))
    edit(till.path, f"DELETE FROM outbox WHERE seq = {pin}",
         f"DELETE FROM audit_events WHERE chain_seq = {pin}")
    till.service(central).sync_once()
    kept = _kept(central, till.actor.till_id)
    assert pin not in kept
    status, result, _ = kept[pin + 1]
    assert status == EventStatus.QUARANTINED.value
    assert f"event {pin} before it never arrived" in result


def test_a_link_stripped_off_shows_at_the_next_event(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = build(tmp_path / "till.db")
    seq = _redeem_seq(till.path)
    edit(till.path, "UPDATE outbox SET payload = json_remove(json_set(payload, "
                    "'$.rows.entry.amount', '-3.00'), '$.chain') WHERE action = 'ledger.redeem'")
    till.service(central).sync_once()
    status, result, _ = _kept(central, till.actor.till_id)[seq + 1]
    assert status == EventStatus.QUARANTINED.value and "out of order" in result


def test_a_replayed_batch_gets_the_stored_results(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = build(tmp_path / "till.db")
    edit(till.path, "UPDATE outbox SET payload = json_set(payload, '$.rows.entry.amount', '-3.00') "
                    "WHERE action = 'ledger.redeem'")
    batch = till.local.pending(100)
    first = push_events(central.engine, till.actor.store_id, till.actor.till_id, batch)
    again = push_events(central.engine, till.actor.store_id, till.actor.till_id, batch)
    assert [(r.status, r.reason) for r in again] == [(r.status, r.reason) for r in first]
    assert all(r.duplicate for r in again)
    assert sum(r.status is EventStatus.QUARANTINED for r in first) == 1


def test_an_event_edited_in_the_central_database_is_named(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = build(tmp_path / "till.db")
    till.service(central).sync_once()
    seq = _redeem_seq(till.path)
    with central.engine.begin() as conn:
        payload = conn.scalar(select(events.c.payload).where(events.c.seq == seq,
                                                             events.c.till_id == till.actor.till_id))
        payload["rows"]["entry"]["amount"] = "-3.00"
        conn.execute(update(events).where(events.c.seq == seq,
                                          events.c.till_id == till.actor.till_id)
                     .values(payload=payload))
    code, _out, err = _central_verify(central_pg)
    assert code == 1 and f"event {seq}: edited" in err, err
