"""Push: a till's events stored once and applied, in one retried central transaction per batch.

    1. The UNIQUE keys (store_id, event_id) and (store_id, till_id, seq) are the idempotency
       gate. The events already stored are looked up, the others inserted (a plain INSERT,
       pipelined). Only the rows this transaction inserted are applied: a replay or a retry after a
       lost acknowledgement finds its events there and gets the stored result back. A second
       process pushing the same queue at the same moment waits on the first one's rows, then hits
       the UNIQUE key: its transaction is retried from the start and finds them stored.
    2. Apply the new events in seq order (apply.py); one a central rule refuses is quarantined and
       the rest flow. If a bulk insert fails, the batch is replayed one event per savepoint.
    3. Record results (quarantine rows, flagged/quarantined status on the event) and the change
       log rows, then commit. Nothing is acknowledged to the till before the commit.

An event whose (till, seq) is already taken by a different event id is a clash (a till database
restored from an old copy, say): it is quarantined, never acknowledged as a duplicate.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import IntegrityError

from storepos.central import audit_chain
from storepos.central.apply import apply_event
from storepos.central.batch import Batch, BatchFailed, Outcome, uuid_of
from storepos.central.card_numbers import screen_card_numbers
from storepos.central.changes import record_changes
from storepos.central.schema import events, quarantine
from storepos.central.sql import bulk_insert, in_list, insert_ignore
from storepos.domain.sync import EventStatus
from storepos.sync.protocol import Event, EventResult
from storepos.sync.retry import in_transaction

# Test seam for fault injection (cut the connection after the n-th applied event).
AfterEvent = Callable[[Connection, int], None]
UNIQUE_VIOLATION = "23505"
RACE_ATTEMPTS = 20


class Raced(Exception):
    """Another process stored some of these events during this transaction."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def push_events(engine: Engine, store_id: uuid.UUID, till_id: uuid.UUID,
                batch: Sequence[Event], *, now: datetime | None = None,
                after_event: AfterEvent | None = None,
                refused: Mapping[uuid.UUID, str] | None = None) -> list[EventResult]:
    """Store and apply one batch of a till's events; one result per event, in the same order.

    `refused`: events stored and quarantined with the reason given, never applied (see
    push_from_till)."""
    if not batch:
        return []
    store_id, till_id = _shared_ids(batch, store_id, till_id)
    for e in batch:
        if _not_ours(e, store_id, till_id):
            raise ValueError("a push carries one till's own events")
    ordered = sorted(batch, key=lambda e: e.seq)
    for attempt in range(1, RACE_ATTEMPTS + 1):
        def attempt_push(conn: Connection, precise: bool = attempt > 1) -> list[EventResult]:
            return push_in(conn, store_id, till_id, ordered, now or _utcnow(), after_event,
                           precise=precise, refused=refused or {})

        try:
            return in_transaction(engine, attempt_push)
        except Raced:
            if attempt == RACE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def push_in(conn: Connection, store_id: uuid.UUID, till_id: uuid.UUID, batch: Sequence[Event],
            now: datetime, after_event: AfterEvent | None = None, *,
            precise: bool = False,
            refused: Mapping[uuid.UUID, str] | None = None) -> list[EventResult]:
    """`batch` in seq order. `precise`: look stored events up by id as well (after a race)."""
    applied = EventStatus.APPLIED.value  # an enum's value looked up once, not per event
    rows = [{
        "store_id": store_id, "event_id": e.event_id, "till_id": till_id, "seq": e.seq,
        "action": e.action, "subject_id": _subject(e), "occurred_at": e.occurred_at,
        "received_at": now, "status": applied, "result": "",
        "payload": e.payload, **audit_chain.columns(e),
    } for e in batch]
    stored = _already(conn, store_id, till_id, batch, precise)
    # Most pushes store every event: their ids are then not hashed again and again (a UUID's
    # hash is a Python call: seven sets and look-ups by id were 70,000 calls a push).
    new_rows = [row for row in rows if row["event_id"] not in stored] if stored else rows
    if new_rows:
        try:
            bulk_insert(conn, events, new_rows)
        except IntegrityError as exc:
            if getattr(exc.orig, "sqlstate", None) not in (None, UNIQUE_VIOLATION):
                raise
            raise Raced from exc  # stored by someone else meanwhile: start again
    if new_rows is rows:
        fresh, seen = list(batch), []
    else:
        inserted = {row["event_id"] for row in new_rows}
        fresh = [e for e in batch if e.event_id in inserted]
        seen = [e for e in batch if e.event_id not in inserted]
    done: list[EventResult] = []
    if fresh:
        # A broken audit chain link: the event is kept as evidence, quarantined, never applied.
        refused = {**audit_chain.check_push(conn, store_id, till_id, fresh), **(refused or {})}
        outcomes = _apply(conn, store_id, fresh, now, after_event, refused)
        _record(conn, store_id, fresh, outcomes, now)
        done = [EventResult(e.event_id, o.status, o.reason)
                for e, o in zip(fresh, outcomes, strict=True)]
    if not seen:
        return done  # in the batch's order, as fresh is
    results = {r.event_id: r for r in done}
    results.update(_replayed(conn, store_id, seen, now))
    return [results[e.event_id] for e in batch]


def _already(conn: Connection, store_id: uuid.UUID, till_id: uuid.UUID, batch: Sequence[Event],
             precise: bool) -> set[uuid.UUID]:
    """Events not to insert: stored already (a replay), or whose (till, seq) another event holds
    (a clash). One range scan of the (store, till, seq) key: a batch is a run of seqs."""
    held = set(conn.scalars(select(events.c.seq).where(
        events.c.store_id == store_id, events.c.till_id == till_id,
        events.c.seq.between(batch[0].seq, batch[-1].seq))))
    skip = {e.event_id for e in batch if e.seq in held}
    if precise:
        skip |= set(conn.scalars(select(events.c.event_id).where(
            events.c.store_id == store_id, in_list(conn, events.c.event_id,
                                                   [e.event_id for e in batch]))))
    return skip


def _subject(e: Event) -> uuid.UUID | None:
    try:  # read as the rules read ids (kept: a return's id is its subject)
        return uuid_of(e.audit.get("subject_id"))
    except ValueError:
        return None


def _apply(conn: Connection, store_id: uuid.UUID, fresh: list[Event], now: datetime,
           after_event: AfterEvent | None, refused: Mapping[uuid.UUID, str]) -> list[Outcome]:
    whole = conn.begin_nested()
    try:
        batch = Batch(conn, store_id, now)
        batch.prefetch([e for e in fresh if e.event_id not in refused] if refused else fresh)
        outcomes = []
        for n, e in enumerate(fresh, start=1):
            outcomes.append((refused and _refusal(refused, e)) or apply_event(batch, e))
            if after_event is not None:
                after_event(conn, n)
        batch.flush()
        record_changes(conn, batch.changes)
        whole.commit()
        return outcomes
    except BatchFailed:
        whole.rollback()
    # One event at a time, each in its own savepoint: the one that fails is quarantined alone.
    outcomes = []
    for e in fresh:
        single = Batch(conn, store_id, now)
        savepoint = conn.begin_nested()
        try:
            outcome = _refusal(refused, e) or apply_event(single, e)
            single.flush()
            record_changes(conn, single.changes)
            savepoint.commit()
        except BatchFailed as failed:
            savepoint.rollback()
            outcome = Outcome(EventStatus.QUARANTINED,
                              f"The central database refused it: {failed}"[:500])
        outcomes.append(outcome)
    return outcomes


def _refusal(refused: Mapping[uuid.UUID, str], e: Event) -> Outcome | None:
    reason = refused.get(e.event_id)
    return Outcome(EventStatus.QUARANTINED, reason[:500]) if reason is not None else None


def push_from_till(engine: Engine, store_id: uuid.UUID, till_id: uuid.UUID,
                   batch: Sequence[Event], *, now: datetime | None = None,
                   after_event: AfterEvent | None = None) -> list[EventResult]:
    """A push over the service: the store and till are the caller's token's, whatever the events
    say. An event naming another store or till is stored under the caller's own (the evidence, in
    its payload, for the caller's manager) and quarantined with the reason; it is never applied,
    and the rest of the batch flows through the usual rules."""
    refused: dict[uuid.UUID, str] = {}
    own = []
    store_id, till_id = _shared_ids(batch, store_id, till_id)
    for e in batch:
        if _not_ours(e, store_id, till_id):
            named, other = (("store", e.store_id) if e.store_id != store_id
                            else ("till", e.till_id))
            refused[e.event_id] = (
                f"Refused: this event names another {named} ({other}) than the till that sent "
                "it; a till's events are only taken for its own store and till.")
            e = replace(e, store_id=store_id, till_id=till_id)
        own.append(screen_card_numbers(e, refused))
    return push_events(engine, store_id, till_id, own, now=now, refused=refused,
                       after_event=after_event)


def _shared_ids(batch: Sequence[Event], store_id: uuid.UUID,
                till_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The store and till ids to compare the batch's events with: the first event's own objects
    when they are the same ids (a push's events share one of each, events_from_json), so that
    most comparisons are one of identity (UUID's == is a Python call)."""
    first = batch[0] if batch else None
    if first is not None and first.store_id == store_id:
        store_id = first.store_id
    if first is not None and first.till_id == till_id:
        till_id = first.till_id
    return store_id, till_id


def _not_ours(e: Event, store_id: uuid.UUID, till_id: uuid.UUID) -> bool:
    return ((e.store_id is not store_id and e.store_id != store_id)
            or (e.till_id is not till_id and e.till_id != till_id))


def _record(conn: Connection, store_id: uuid.UUID, fresh: list[Event], outcomes: list[Outcome],
            now: datetime) -> None:
    applied = EventStatus.APPLIED
    refused = [(e, o) for e, o in zip(fresh, outcomes, strict=True) if o.status is not applied]
    if not refused:
        return
    conn.execute(
        update(events).where(events.c.store_id == store_id,
                             events.c.event_id == bindparam("b_event_id"))
        .values(status=bindparam("b_status"), result=bindparam("b_result")),
        [{"b_event_id": e.event_id, "b_status": o.status.value, "b_result": o.reason}
         for e, o in refused],
    )
    quarantined = [(e, o) for e, o in refused if o.status is EventStatus.QUARANTINED]
    if quarantined:
        conn.execute(insert_ignore(conn, quarantine), [_quarantine_row(e, o.reason, now)
                                                       for e, o in quarantined])


def _quarantine_row(e: Event, reason: str, now: datetime) -> dict[str, object]:
    return {"store_id": e.store_id, "event_id": e.event_id, "till_id": e.till_id, "seq": e.seq,
            "action": e.action, "reason": reason, "payload": e.payload, "quarantined_at": now}


def _replayed(conn: Connection, store_id: uuid.UUID, seen: list[Event],
              now: datetime) -> dict[uuid.UUID, EventResult]:
    """The stored result of events already there; a (till, seq) clash is quarantined."""
    stored = {row.event_id: row for row in conn.execute(
        select(events.c.event_id, events.c.status, events.c.result)
        .where(events.c.store_id == store_id,
               in_list(conn, events.c.event_id, [e.event_id for e in seen]))
    )}
    results = {}
    clashes = []
    for e in seen:
        row = stored.get(e.event_id)
        if row is not None:
            results[e.event_id] = EventResult(e.event_id, EventStatus(row.status), row.result,
                                              duplicate=True)
            continue
        reason = (f"Sequence {e.seq} of this till was already used by another event; this one was "
                  "not applied (was the till's database restored from an older copy?).")
        clashes.append(_quarantine_row(e, reason, now))
        results[e.event_id] = EventResult(e.event_id, EventStatus.QUARANTINED, reason)
    if clashes:
        conn.execute(insert_ignore(conn, quarantine), clashes)
    return results
