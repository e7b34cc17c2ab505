"""The sync outbox and the till's sync state.

Every change that matters centrally is an AuditEvent; `services.journal.record` writes its outbox
entry in the same local transaction (same id), so a change and its entry both commit or neither
does. `seq` counts 1, 2, 3 ... per till without gaps (number_sequences kind "outbox", taken in that
transaction), so the central side stores each (till, seq) once and can tell a replay from a clash.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storepos.domain.sync import EventStatus
from storepos.persistence.base import Base
from storepos.persistence.models._types import str_enum


class OutboxEntry(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("till_id", "seq"),
        Index("ix_outbox_till_id_status_seq", "till_id", "status", "seq"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the audit event's id: the event id
    till_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tills.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"))
    action: Mapped[str] = mapped_column(String(60))
    occurred_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]  # {"audit": {...}, "rows": {...} or absent}
    status: Mapped[EventStatus] = mapped_column(str_enum(EventStatus, "outbox_status"),
                                                default=EventStatus.PENDING)
    result: Mapped[str] = mapped_column(String(500), default="")  # the central side's reason
    acknowledged_at: Mapped[datetime | None]
    # A refused or flagged entry that a manager has settled (here, or at another till of the store,
    # learnt by pull): off the manager's list and the header's count; its status stays as it was.
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str] = mapped_column(String(500), default="", server_default="")


class SyncState(Base):
    """Per till: where its pull stopped in the central change log, and how the last sync went."""

    __tablename__ = "sync_state"

    till_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tills.id"), primary_key=True)
    pull_tx: Mapped[int] = mapped_column(BigInteger, default=0)
    pull_change: Mapped[int] = mapped_column(BigInteger, default=0)
    last_push_at: Mapped[datetime | None]
    last_pull_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(300), default="")
