"""The manager's list: events the central rules refused (quarantine) and applied changes that need
a look (an online line refunded beyond what was sold, a card overdrawn offline). Resolving one
records who decided what; nothing is re-applied or deleted, corrections are new entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update

from storepos.sync.central.schema import quarantine, reviews


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
