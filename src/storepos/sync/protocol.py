"""What travels between a till and the central database, as plain values (JSON-safe payloads)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storepos.domain.sync import EventStatus

EVERYONE = uuid.UUID(int=0)  # change-log scope of rows every store pulls (online orders, cards)


@dataclass(frozen=True, slots=True)
class Event:
    """One outbox entry: an audit event and the rows it wrote, numbered per till without gaps."""

    event_id: uuid.UUID
    store_id: uuid.UUID
    till_id: uuid.UUID
    seq: int
    action: str  # "return.completed", "ledger.redeem", "pickup.collected", ...
    occurred_at: datetime
    payload: dict[str, Any]  # {"audit": {...}, "rows": {...}}

    @property
    def audit(self) -> dict[str, Any]:
        return self.payload.get("audit") or {}

    @property
    def rows(self) -> dict[str, Any]:
        return self.payload.get("rows") or {}


@dataclass(frozen=True, slots=True)
class EventResult:
    """What the central side did with one event; a replay gets the stored result back."""

    event_id: uuid.UUID
    status: EventStatus
    reason: str = ""
    duplicate: bool = False  # already stored by an earlier push


@dataclass(frozen=True, slots=True, order=True)
class Cursor:
    """Where a till's pull stopped: (writing transaction, change id) of the last change it read."""

    tx: int = 0
    change: int = 0


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    """Rows changed centrally since the cursor, as they stand now, for one store."""

    cursor: Cursor
    accounts: list[dict[str, Any]] = field(default_factory=list)  # balance, held
    orders: list[dict[str, Any]] = field(default_factory=list)  # the order document
    pickups: list[dict[str, Any]] = field(default_factory=list)
    # the store's refused or flagged events a manager has settled: {event_id, resolved_at, resolution}
    settled: list[dict[str, Any]] = field(default_factory=list)
    more: bool = False  # the limit was reached: pull again

    @property
    def empty(self) -> bool:
        return not (self.accounts or self.orders or self.pickups or self.settled)
