"""The till's day: one row per till and business date, its cash movements, and its close.

All three tables are append-only: a day is opened by inserting its row (and its float as the
first movement), money is added as movements, and the close is a row of its own, once per day.
The migration (0008_till_day) adds database triggers that refuse an UPDATE or DELETE on any of
them and a movement on a closed day, so even an edit with sqlite3 is refused; a correction is a
new movement on the next day.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from storepos.domain.cards import refuse_card_number
from storepos.domain.till_day import Movement
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class TillDay(UuidKey, Base):
    __tablename__ = "till_days"
    __table_args__ = (UniqueConstraint("till_id", "business_date"),)

    till_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tills.id"))
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"))
    business_date: Mapped[date]  # the store's own calendar date
    currency: Mapped[str] = mapped_column(String(3))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id"))


class CashMovement(UuidKey, Base):
    """Cash into (+) or out of (-) the drawer, with the action that moved it."""

    __tablename__ = "cash_movements"
    # A movement of 0.00 carries a rounding only (0.02 owed in CAD, no coin handed over).
    __table_args__ = (CheckConstraint("amount <> 0 OR rounding <> 0", name="cash_or_rounding"),)

    day_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("till_days.id"), index=True)
    kind: Mapped[Movement] = mapped_column(str_enum(Movement, "cash_movement_kind"))
    amount: Mapped[Decimal]  # signed as the drawer sees it: the cash that moved, rounded
    # Cash rounding (domain.money.cash_rounding): amount less the exact amount owed, signed as the
    # drawer sees it (a 12.47 CAD refund paid 12.45: amount -12.45, rounding +0.02).
    rounding: Mapped[Decimal] = mapped_column(default=Decimal("0.00"), server_default="0.00")
    reference: Mapped[str] = mapped_column(String(40), default="")  # R-…, P-…, G-…
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[uuid.UUID | None]
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the float, by denomination
    reason: Mapped[str] = mapped_column(String(300), default="")
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id"))
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("reason", "reference")
    def _no_card_number(self, key: str, value: str) -> str:
        return refuse_card_number(f"cash movement {key}", value) or ""


class DayClose(UuidKey, Base):
    """The count at close: expected against counted, and who approved a variance and why."""

    __tablename__ = "day_closes"

    day_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("till_days.id"), unique=True)
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("employees.id"))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    expected: Mapped[Decimal]
    counted: Mapped[Decimal]
    variance: Mapped[Decimal]  # counted - expected
    approved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    reason: Mapped[str] = mapped_column(String(300), default="")

    @validates("reason")
    def _no_card_number(self, key: str, value: str) -> str:
        return refuse_card_number(f"day close {key}", value) or ""
