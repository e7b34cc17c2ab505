"""The audit trail: who did what, when, at which till, and who approved an override and why."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from storepos.domain.cards import refuse_card_number
from storepos.persistence.base import Base, UuidKey, utcnow


class AuditEvent(UuidKey, Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_subject", "subject_type", "subject_id"),
        # One till's events of some kinds on one day (the day report's pickups and warranty; 0008).
        Index("ix_audit_till_action_time", "till_id", "action", "occurred_at"),
        UniqueConstraint("till_id", "chain_seq"),
    )

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stores.id"))
    till_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tills.id"))
    employee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    action: Mapped[str] = mapped_column(String(60))  # "return.completed", "override.approved"
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[uuid.UUID | None]
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The audit chain (domain.audit_chain): the till's outbox seq, the previous link's hash and this
    # row's. None on a row with no till or store (nothing pushes it) and on rows from before it.
    chain_seq: Mapped[int | None] = mapped_column(BigInteger)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # The till's keyed seal over `hash` (domain.audit_chain.seal, the till's chain key): kept at the
    # till only, so rows rewritten with plain hashes recomputed show. None only where hash is.
    seal: Mapped[str | None] = mapped_column(String(64))

    @validates("reason")
    def _no_card_number(self, key: str, value: str | None) -> str | None:
        return refuse_card_number(f"audit {key}", value)


class ApprovalUse(Base):
    """A manager's approval token, spent: the primary key makes each token good for one action,
    written in the same transaction as the action it approved."""

    __tablename__ = "approval_uses"

    token_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow)
    till_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tills.id"))
    approved_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id"))
    purpose: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(80))
