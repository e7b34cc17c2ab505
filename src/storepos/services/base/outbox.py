"""The sync outbox at the till: one entry per audit event, in the same transaction (called only by
`journal.record`), with a snapshot of the rows the change wrote so the central side can apply it.

    seq: the till's next outbox number, from number_sequences (kind "outbox") by one atomic upsert,
         like the human-facing numbers: taken in the caller's transaction, so a rolled-back change
         uses up nothing and the sequence has no gaps.
    payload: {"audit": who, what, why and the details; "rows": the snapshot, when the change wrote
             rows the central side keeps (returns, ledger entries, pickups, warranty decisions)}.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.cards import CARD_NUMBER_WORDS, FullCardNumberError, carries_card_number
from storepos.domain.events import LEDGER_EVENTS, EventKind
from storepos.persistence.models import (
    AuditEvent,
    Exchange,
    LedgerEntry,
    OutboxEntry,
    Pickup,
    Refund,
    Return,
    ReturnLine,
    ValueAccount,
    WarrantyClaim,
)
from storepos.services.base.numbering import take_sequence

OUTBOX_SEQUENCE = "outbox"  # number_sequences.kind

Jsonable = Callable[[Any], Any]


def next_seq(session: Session, till_id: uuid.UUID) -> int:
    return take_sequence(session, till_id, OUTBOX_SEQUENCE)


def enqueue(session: Session, event: AuditEvent, jsonable: Jsonable) -> OutboxEntry | None:
    """Add the outbox entry for `event` (already added to the session) to the same transaction.

    An event with no till or store (nothing to push it) gets no entry.
    """
    if event.till_id is None or event.store_id is None:
        return None
    audit = jsonable({
        "subject_type": event.subject_type, "subject_id": event.subject_id,
        "employee_id": event.employee_id, "approved_by": event.approved_by, "reason": event.reason,
    })
    # The details are JSON already (and checked for card numbers once): not converted twice, as
    # an id turned into text could then look like a card number by chance.
    payload: dict[str, Any] = {"audit": {**audit, "details": event.details}}
    rows = snapshot(session, event.action, event.subject_type, event.subject_id, event.details)
    if rows:
        payload["rows"] = jsonable(rows)
    if carries_card_number(payload):  # the last net: a card number never leaves the till
        raise FullCardNumberError(CARD_NUMBER_WORDS, field="outbox")
    entry = OutboxEntry(
        id=event.id, till_id=event.till_id, seq=next_seq(session, event.till_id),
        store_id=event.store_id, action=event.action, occurred_at=event.occurred_at,
        payload=payload,
    )
    session.add(entry)
    return entry


# -- snapshots: the rows a change wrote, as the central side applies them -------------------------

def _columns(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    mapper = obj.__mapper__
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs
            if attr.key not in skip}


def _return_rows(session: Session, return_id: uuid.UUID) -> dict[str, Any] | None:
    ret = session.get(Return, return_id)
    if ret is None:
        return None
    lines = session.scalars(select(ReturnLine).where(ReturnLine.return_id == return_id)).all()
    line_ids = [ln.id for ln in lines]
    exchanges = session.scalars(
        select(Exchange).where(Exchange.return_line_id.in_(line_ids))).all() if line_ids else []
    refunds = session.scalars(select(Refund).where(Refund.return_id == return_id)).all()
    return {
        "return": _columns(ret),
        # The policy's sentences and the checklist stay at the till; the central side keeps facts.
        "lines": [_columns(ln, skip=("condition", "reasons", "allowed")) for ln in lines],
        "refunds": [_columns(r) for r in refunds],
        "exchanges": [_columns(x) for x in exchanges],
    }


def _account_rows(session: Session, account_id: uuid.UUID, action: str,
                  details: dict[str, Any]) -> dict[str, Any] | None:
    account = session.get(ValueAccount, account_id)
    if account is None:
        return None
    rows: dict[str, Any] = {"account": _columns(account)}
    if action in LEDGER_EVENTS and "seq" in details:
        entry = session.scalars(select(LedgerEntry).where(
            LedgerEntry.account_id == account_id, LedgerEntry.seq == details["seq"])).first()
        if entry is not None:
            rows["entry"] = _columns(entry)
    return rows


def snapshot(session: Session, action: str, subject_type: str, subject_id: uuid.UUID | None,
             details: dict[str, Any]) -> dict[str, Any] | None:
    """The rows behind one audit event, read in the caller's transaction (after a flush)."""
    if subject_id is None:
        return None
    if subject_type == "return" and action == EventKind.RETURN_COMPLETED:
        return _return_rows(session, subject_id)
    if subject_type == "value_account":
        return _account_rows(session, subject_id, action, details)
    if subject_type == "pickup":
        pickup = session.get(Pickup, subject_id)
        return {"pickup": _columns(pickup)} if pickup else None
    if subject_type == "warranty_claim":
        claim = session.get(WarrantyClaim, subject_id)
        return {"claim": _columns(claim)} if claim else None
    return None
