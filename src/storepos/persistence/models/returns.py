"""Returns (with their Return ID), the decision on each line, refunds per tender, exchanges."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storepos.domain.cards import refuse_card_number
from storepos.domain.vocabulary import Reason, Resolution, ReturnStatus, TenderKind
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class Return(UuidKey, Base):
    __tablename__ = "returns"
    # The till's day report reads one till's returns of one day, whatever the history (0008).
    __table_args__ = (Index("ix_returns_till_completed", "till_id", "completed_at"),)

    return_number: Mapped[str] = mapped_column(String(24), unique=True)  # the Return ID
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    status: Mapped[ReturnStatus] = mapped_column(str_enum(ReturnStatus, "return_status"))
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stores.id"))
    till_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tills.id"))
    employee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(String(500), default="")

    lines: Mapped[list[ReturnLine]] = relationship(back_populates="return_")
    refunds: Mapped[list[Refund]] = relationship(back_populates="return_")

    @validates("note")
    def _no_card_number(self, key: str, value: str) -> str:
        return refuse_card_number(f"return {key}", value) or ""


class ReturnLine(UuidKey, Base):
    """One order line coming back, with the policy decision that allowed it and why."""

    __tablename__ = "return_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("restocking_fee >= 0 AND refund_amount >= 0", name="amounts_not_negative"),
    )

    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("returns.id"), index=True)
    order_line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("order_lines.id"), index=True)
    quantity: Mapped[int] = mapped_column(default=1)
    reason: Mapped[Reason] = mapped_column(str_enum(Reason, "return_reason"))
    condition: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the checklist as ticked
    resolution: Mapped[Resolution | None] = mapped_column(str_enum(Resolution, "resolution"))
    allowed: Mapped[list[str]] = mapped_column(default=list)  # what the policy allowed
    reasons: Mapped[list[str]] = mapped_column(default=list)  # the policy's sentences
    restocking_fee: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    refund_amount: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    override_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    override_reason: Mapped[str | None] = mapped_column(String(300))

    return_: Mapped[Return] = relationship(back_populates="lines")

    @validates("override_reason")
    def _no_card_number(self, key: str, value: str | None) -> str | None:
        return refuse_card_number(f"return line {key}", value)


class Refund(UuidKey, Base):
    """Money going back on one tender of the original order (split tenders refunded in proportion)."""

    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("returns.id"), index=True)
    tender_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tenders.id"))
    kind: Mapped[TenderKind] = mapped_column(str_enum(TenderKind, "refund_tender_kind"))
    amount: Mapped[Decimal]
    account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("value_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    return_: Mapped[Return] = relationship(back_populates="refunds")


class Exchange(UuidKey, Base):
    """A returned line swapped for another size or colour; the price difference settled."""

    __tablename__ = "exchanges"

    return_line_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("return_lines.id"), unique=True)
    new_variant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("variants.id"))
    # Positive: collected from the customer; negative: refunded to them.
    price_difference: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
