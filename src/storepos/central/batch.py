"""One push transaction's work, shared by the appliers (apply.py holds the rules themselves).

Rows nobody reads back in the same push (returns, lines, refunds, line returns, reviews) are
queued and inserted in bulk at the end. An applier that writes at once (a card, a pickup, a counted
line) calls `Batch.writing()` first, which opens a savepoint for that event only: a rule refusal or
a constraint failure rolls back that event alone, and it is quarantined while the rest flows. A
bulk insert that fails raises BatchFailed: the push then replays the batch one event at a time.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, NestedTransaction, Table, select
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from storepos.central.changes import Change
from storepos.central.schema import line_returns, order_lines
from storepos.central.sql import bulk_insert, bulk_insert_all, in_list
from storepos.central.store_context import shared
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO
from storepos.domain.sync import EventStatus
from storepos.sync.errors import RuleViolation
from storepos.sync.protocol import Event, parse_uuid

# -- reading the payload's JSON values ------------------------------------------------------------

# Ids read from text, kept for the next look-up: a return's ids are read three times by its rules,
# the store's and till's by every event (95,000 reads for a push of 10,000 events, 35,000 of them
# different). Bounded: emptied when full, so anyone's ids never pile up.
_READ_IDS: dict[str, uuid.UUID] = {}
_READ_IDS_KEPT = 20_000


def uuid_of(value: Any) -> uuid.UUID | None:
    if not value:
        return None
    if type(value) is not str:
        return uuid.UUID(str(value))
    found = _READ_IDS.get(value)
    if found is None:
        if len(_READ_IDS) >= _READ_IDS_KEPT:
            _READ_IDS.clear()
        found = _READ_IDS[value] = parse_uuid(value)  # a ValueError in words when it is no id
    return found


def need_uuid(row: dict[str, Any], key: str) -> uuid.UUID:
    value = uuid_of(row.get(key))
    if value is None:
        raise RuleViolation(f"The event has no {key}.")
    return value


def money(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def ts(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Outcome:
    status: EventStatus
    reason: str = ""


APPLIED = Outcome(EventStatus.APPLIED)
REFUSALS = (RuleViolation, KeyError, ValueError, TypeError, IntegrityError, DataError)
NOT_ALLOWED = "42501"  # insufficient_privilege: row-level security refused the row
# Queued rows the store context may not write (rls.sql): inserted by the service's own statement.
SHARED_TABLES = frozenset({line_returns})


def _refused_by_policy(exc: BaseException) -> bool:
    return isinstance(exc, ProgrammingError) and getattr(exc.orig, "sqlstate", None) == NOT_ALLOWED


class BatchFailed(Exception):
    """A bulk insert of queued rows failed: which event caused it is not known."""


@dataclass
class Batch:
    """One push transaction's work for one store: queued inserts, changes, reviews."""

    conn: Connection
    store_id: uuid.UUID
    now: datetime
    queued: dict[Table, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    changes: list[Change] = field(default_factory=list)
    online_lines: dict[uuid.UUID, set[uuid.UUID]] = field(default_factory=dict)
    _savepoint: NestedTransaction | None = None

    def queue(self, table: Table, row: dict[str, Any]) -> None:
        self.queued[table].append(row)

    def writing(self) -> Connection:
        """The connection, inside this event's own savepoint (opened on first use)."""
        if self._savepoint is None:
            self._savepoint = self.conn.begin_nested()
        return self.conn

    def flush(self) -> None:
        try:
            # The store's own rows in one statement (one round trip), then the shared ones.
            bulk_insert_all(self.conn, [(table, rows) for table, rows in self.queued.items()
                                        if table not in SHARED_TABLES])
            for table, rows in list(self.queued.items()):
                if table in SHARED_TABLES and rows:
                    with shared(self.conn):
                        bulk_insert(self.conn, table, rows)
        except (IntegrityError, DataError, ProgrammingError) as exc:
            if isinstance(exc, ProgrammingError) and not _refused_by_policy(exc):
                raise
            raise BatchFailed(str(exc.orig).strip().splitlines()[0]) from exc
        self.queued.clear()

    def prefetch(self, events: Iterable[Event]) -> None:
        """The central order lines every return in the batch touches, in one query."""
        wanted = {uuid_of(e.rows.get("return", {}).get("order_id")) for e in events
                  if e.action == EventKind.RETURN_COMPLETED} - {None} - set(self.online_lines)
        if not wanted:
            return
        for order_id in filter(None, wanted):
            self.online_lines[order_id] = set()
        for row in self.conn.execute(select(order_lines.c.order_id, order_lines.c.id)
                                     .where(in_list(self.conn, order_lines.c.order_id,
                                                    list(wanted)))):
            self.online_lines[row.order_id].add(row.id)

    def apply(self, event: Event, applier: Callable[[Batch, Event], Outcome]) -> Outcome:
        """Run one event's applier; a refusal rolls back that event alone (quarantined)."""
        marks = {table: len(rows) for table, rows in self.queued.items()}
        changed = len(self.changes)
        try:
            outcome = applier(self, event)
        except REFUSALS as refused:
            if self._savepoint is not None:
                self._savepoint.rollback()
            for table, rows in self.queued.items():  # and forget what it queued
                del rows[marks.get(table, 0):]
            del self.changes[changed:]
            return Outcome(EventStatus.QUARANTINED, describe(refused))
        except BaseException as other:
            if self._savepoint is not None and self._savepoint.is_active:
                self._savepoint.rollback()
            if _refused_by_policy(other):
                for table, rows in self.queued.items():
                    del rows[marks.get(table, 0):]
                del self.changes[changed:]
                return Outcome(EventStatus.QUARANTINED, describe(other))
            raise
        else:
            if self._savepoint is not None:
                self._savepoint.commit()
            return outcome
        finally:
            self._savepoint = None


def describe(exc: BaseException) -> str:
    """One sentence for the quarantine list."""
    if isinstance(exc, RuleViolation):
        return exc.message[:500]
    if isinstance(exc, (IntegrityError, DataError, ProgrammingError)):
        text = str(exc.orig).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        return f"The central database refused it: {first}"[:500]
    return f"The event cannot be read: {type(exc).__name__} {exc}"[:500]
