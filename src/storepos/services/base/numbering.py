"""Next human-facing number for a till: one atomic upsert on NumberSequence, in the caller's
transaction, so the number is only used up if the action that prints it commits.

    INSERT ... VALUES (next_value = 2) ON CONFLICT (till_id, kind)
        DO UPDATE SET next_value = number_sequences.next_value + 1 RETURNING next_value

Two sessions racing on PostgreSQL: the second waits on the row (or on the key being inserted) and
then increments the committed value; on SQLite the write lock serialises them (busy_timeout waits).
Either way no two transactions that both commit get the same number. Under SERIALIZABLE, PostgreSQL
may instead raise a serialization failure: the caller retries the whole action, like any other.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.orm import Session

from storepos.domain.numbers import NumberKind, format_number
from storepos.persistence.base import table_of, utcnow
from storepos.persistence.models import NumberSequence

_TABLE = table_of(NumberSequence)


def _upsert(dialect: str) -> Insert:
    if dialect not in ("postgresql", "sqlite"):
        raise RuntimeError(f"numbering and the outbox need PostgreSQL or SQLite, not {dialect}")
    stmt: Any  # the dialect's Insert, with its ON CONFLICT
    if dialect == "postgresql":  # imported here: a till never loads PostgreSQL's (~25 ms at start)
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        stmt = postgresql_insert(_TABLE)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(_TABLE)
    upsert: Insert = stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.till_id, _TABLE.c.kind],
        set_={"next_value": _TABLE.c.next_value + 1, "updated_at": stmt.excluded.updated_at},
    ).returning(_TABLE.c.next_value)
    return upsert


def take_sequence(session: Session, till_id: uuid.UUID, kind: str) -> int:
    """Claim the next sequence value of `kind` (a NumberKind, or the outbox's) for the till (1 for
    the first)."""
    stmt = _upsert(session.get_bind().dialect.name)
    params = {"till_id": till_id, "kind": str(kind), "next_value": 2, "updated_at": utcnow()}
    return int(session.execute(stmt, params).scalar_one()) - 1  # the row keeps the *next* value


def next_number(session: Session, till_id: uuid.UUID, prefix: str, kind: NumberKind) -> str:
    """The next printed number, e.g. "R-TOR1-000123-8", for the till with this prefix."""
    return format_number(kind, prefix, take_sequence(session, till_id, kind))
