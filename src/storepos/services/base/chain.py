"""The audit chain at the till: each audit row with an outbox entry is linked to the row before it
(same till, previous outbox seq), in the transaction that writes it (domain.audit_chain).

Called only by `journal.record`, after the outbox entry is added: the link covers the audit row's
content and the outbox entry's snapshot of the money rows, and goes into both (the outbox payload
carries it to the central service, which checks it against the links it already holds). The row
also gets the till's keyed seal over its link (domain.audit_chain.seal), which stays at the till.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain import audit_chain
from storepos.persistence import till_keys
from storepos.persistence.models import AuditEvent, OutboxEntry


def audit_part(event: AuditEvent) -> dict[str, Any]:
    """The audit row as the outbox payload's "audit" part spells it."""
    return {
        "subject_type": event.subject_type, "subject_id": _text(event.subject_id),
        "employee_id": _text(event.employee_id), "approved_by": _text(event.approved_by),
        "reason": event.reason, "details": event.details,
    }


def _text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def row_content(event: AuditEvent, seq: int, rows: Any) -> dict[str, Any]:
    return audit_chain.content(
        event_id=event.id, till_id=event.till_id, store_id=event.store_id, seq=seq,
        action=str(event.action), occurred_at=event.occurred_at, audit=audit_part(event),
        rows=rows)


def chain_key(session: Session, *, make: bool = True) -> bytes | None:
    """The till's chain key (persistence.till_keys: a file beside the database)."""
    return till_keys.till_key(session.get_bind().engine.url, till_keys.CHAIN_KEY, make=make)


_TIP = "audit_chain_tip"  # session.info: till id -> the last AuditEvent this session chained


def _previous_hash(session: Session, till_id: uuid.UUID, seq: int) -> str:
    """The hash of the till's row at seq - 1: the one this session chained last (kept in
    session.info, so a transaction of many rows is not a scan of the pending ones each time), else
    the stored one; GENESIS when there is none (the first row, or the first after rows from before
    the chain). A tip from a rolled-back transaction has left the session and is not used."""
    tip = session.info.get(_TIP, {}).get(till_id)
    if tip is not None and tip.chain_seq == seq - 1 and tip in session and tip.hash:
        return str(tip.hash)
    with session.no_autoflush:
        found = session.execute(select(AuditEvent.hash).where(
            AuditEvent.till_id == till_id, AuditEvent.chain_seq == seq - 1)).scalar_one_or_none()
    return found or audit_chain.GENESIS


def link(session: Session, event: AuditEvent, entry: OutboxEntry) -> audit_chain.Link:
    """Chain `event` (pending) to its till's previous row; the link goes on both rows."""
    prev = _previous_hash(session, entry.till_id, entry.seq)
    digest = audit_chain.link_hash(prev, row_content(event, entry.seq, entry.payload.get("rows")))
    event.chain_seq, event.prev_hash, event.hash = entry.seq, prev, digest
    key = chain_key(session)
    assert key is not None  # made when missing
    event.seal = audit_chain.seal(key, digest)  # kept here: never pushed
    session.info.setdefault(_TIP, {})[entry.till_id] = event
    entry.payload = {**entry.payload, audit_chain.CHAIN_KEY: {"prev": prev, "hash": digest}}
    return audit_chain.Link(entry.seq, prev, digest)
