"""The manager's list: events the central rules refused (quarantine) and applied changes that need
a look (an online line refunded beyond what was sold, a card overdrawn offline). Resolving one
records who decided what; nothing is re-applied or deleted, corrections are new entries.

    open_items(conn, store_id)            every open row, oldest first (head office's view)
    open_problems(conn, store_id)         the same, one per (event, kind): what a till's manager sees
    resolve_problem(conn, store_id, event_id, kind, by=..., resolution=...)
                                          marks them resolved and logs a change for the store's tills
    settled(conn, store_id, event_ids)    which of those events have nothing open any more (pull)

A store manager resolves through the outbox ("sync_problem.resolved", applied in apply.py), so a
decision taken offline still arrives, once, and is written in the store's own context (rls.sql:
only who settled it, when and how).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update

from storepos.central.changes import record_changes
from storepos.central.schema import events, quarantine, reviews
from storepos.domain.sync import ProblemKind
from storepos.sync.protocol import OpenProblem


@dataclass(frozen=True, slots=True)
class OpenItem:
    kind: str  # "quarantine", "over_refund" or "card_overdraft"
    store_id: uuid.UUID
    id: uuid.UUID  # the event id (quarantine) or the review id
    event_id: uuid.UUID
    text: str  # the reason or the note, in one sentence
    at: datetime
    amount: Decimal | None = None
    quantity: int | None = None
    receipts: tuple[dict[str, Any], ...] = ()


def open_items(conn: Connection, store_id: uuid.UUID | None = None) -> list[OpenItem]:
    """Everything not resolved yet, oldest first (one store's, or all for head office)."""
    q = select(quarantine).where(quarantine.c.resolved_at.is_(None))
    r = select(reviews).where(reviews.c.resolved_at.is_(None))
    if store_id is not None:
        q, r = q.where(quarantine.c.store_id == store_id), r.where(reviews.c.store_id == store_id)
    items = [OpenItem("quarantine", row.store_id, row.event_id, row.event_id, row.reason,
                      row.quarantined_at) for row in conn.execute(q)]
    items += [OpenItem(row.kind, row.store_id, row.id, row.event_id, row.note, row.created_at,
                       row.amount, row.quantity, tuple(row.receipts)) for row in conn.execute(r)]
    return sorted(items, key=lambda i: i.at)


def resolve(conn: Connection, item: OpenItem, *, by: str, resolution: str,
            now: datetime | None = None) -> bool:
    """Mark one item resolved (by whom, and what was done); False if it was already."""
    at = now or datetime.now(UTC)
    if item.kind == "quarantine":
        table, key = quarantine, quarantine.c.event_id
    else:
        table, key = reviews, reviews.c.id
    done = conn.execute(update(table).where(table.c.store_id == item.store_id, key == item.id,
                                            table.c.resolved_at.is_(None))
                        .values(resolved_at=at, resolved_by=by[:120], resolution=resolution[:500]))
    return bool(done.rowcount)


def open_problems(conn: Connection, store_id: uuid.UUID) -> list[OpenProblem]:
    """The store's open items grouped by (event, kind), oldest first, with the till that sent it."""
    groups: dict[tuple[uuid.UUID, str], list[OpenItem]] = {}
    for item in open_items(conn, store_id):
        groups.setdefault((item.event_id, item.kind), []).append(item)
    if not groups:
        return []
    event_ids = list({event_id for event_id, _ in groups})
    sent = {r.event_id: r for r in conn.execute(
        select(events.c.event_id, events.c.till_id, events.c.seq, events.c.action)
        .where(events.c.store_id == store_id, events.c.event_id.in_(event_ids)))}
    problems = []
    for (event_id, kind), items in groups.items():
        origin = sent.get(event_id)
        amounts = [i.amount for i in items if i.amount is not None]
        quantities = [i.quantity for i in items if i.quantity is not None]
        receipts = dict.fromkeys(str(r.get("return_number")) for i in items for r in i.receipts
                                 if r.get("return_number"))
        problems.append(OpenProblem(
            ProblemKind(kind), store_id, event_id, origin.till_id if origin else None,
            origin.seq if origin else None, origin.action if origin else "",
            " ".join(dict.fromkeys(i.text for i in items)), min(i.at for i in items),
            sum(amounts, Decimal("0.00")) if amounts else None,
            sum(quantities) if quantities else None, tuple(receipts)))
    return sorted(problems, key=lambda p: p.at)


def resolve_problem(conn: Connection, store_id: uuid.UUID, event_id: uuid.UUID,
                    kind: ProblemKind, *, by: str, resolution: str,
                    now: datetime | None = None) -> int:
    """Resolve the event's open items of this kind (who, and what was done); how many were open.

    Logs a change in the store's scope, so each of its tills learns the event is settled."""
    at = now or datetime.now(UTC)
    if kind is ProblemKind.REFUSED:
        table, match = quarantine, quarantine.c.event_id == event_id
    else:
        table, match = reviews, (reviews.c.event_id == event_id) & (reviews.c.kind == kind.value)
    done = conn.execute(update(table).where(table.c.store_id == store_id, match,
                                            table.c.resolved_at.is_(None))
                        .values(resolved_at=at, resolved_by=by[:120], resolution=resolution[:500]))
    if done.rowcount:
        record_changes(conn, [(store_id, "resolution", event_id)])
    return int(done.rowcount or 0)


def known_problem(conn: Connection, store_id: uuid.UUID, event_id: uuid.UUID,
                  kind: ProblemKind) -> bool:
    """True when the store has (or had) an item of this kind for the event, open or resolved."""
    if kind is ProblemKind.REFUSED:
        found = select(quarantine.c.event_id).where(quarantine.c.store_id == store_id,
                                                    quarantine.c.event_id == event_id)
    else:
        found = select(reviews.c.id).where(reviews.c.store_id == store_id,
                                           reviews.c.event_id == event_id,
                                           reviews.c.kind == kind.value)
    return conn.execute(found.limit(1)).first() is not None


def settled(conn: Connection, store_id: uuid.UUID,
            event_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """Of these events, those with nothing open any more: {event_id, resolved_at, resolution}."""
    if not event_ids:
        return []
    latest: dict[uuid.UUID, tuple[datetime, str]] = {}
    still_open: set[uuid.UUID] = set()
    for table in (quarantine, reviews):
        for row in conn.execute(
            select(table.c.event_id, table.c.resolved_at, table.c.resolved_by,
                   table.c.resolution)
            .where(table.c.store_id == store_id, table.c.event_id.in_(event_ids))
        ):
            if row.resolved_at is None:
                still_open.add(row.event_id)
            elif row.event_id not in latest or row.resolved_at > latest[row.event_id][0]:
                latest[row.event_id] = (row.resolved_at, f"{row.resolution} ({row.resolved_by})")
    return [{"event_id": event_id, "resolved_at": at, "resolution": words[:500]}
            for event_id, (at, words) in latest.items() if event_id not in still_open]
