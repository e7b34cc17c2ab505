"""Gift cards and store credit: an account and its append-only ledger of movements.

A balance is the last entry's `balance_after`; the CHECK keeps it at or above zero and the
UNIQUE (account_id, seq) makes two writers racing for the same next entry fail instead of both
spending the same money.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from storepos.domain.cards import refuse_card_number
from storepos.domain.vocabulary import AccountKind, LedgerKind
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class ValueAccount(UuidKey, Base):
    __tablename__ = "value_accounts"
    __table_args__ = (
        CheckConstraint(
            "kind <> 'store_credit' OR customer_id IS NOT NULL", name="store_credit_has_owner"
        ),
    )

    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind, "account_kind"))
    number: Mapped[str] = mapped_column(String(32), unique=True)  # printed, with a check digit
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stores.id"))


class LedgerEntry(UuidKey, Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("account_id", "seq"),
        CheckConstraint("balance_after >= 0", name="balance_never_negative"),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        # One till's entries of one day: the day report, the card caps per day (0008).
        Index("ix_ledger_entries_till_created", "till_id", "created_at"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("value_accounts.id"))
    seq: Mapped[int]  # 1, 2, 3 ... per account
    kind: Mapped[LedgerKind] = mapped_column(str_enum(LedgerKind, "ledger_kind"))
    amount: Mapped[Decimal]  # signed: + adds value, - spends it
    balance_after: Mapped[Decimal]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stores.id"))
    till_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tills.id"))
    employee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    return_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("returns.id"))
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("orders.id"))
    corrects_entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ledger_entries.id"))
    note: Mapped[str] = mapped_column(String(300), default="")

    @validates("note")
    def _no_card_number(self, key: str, value: str) -> str:
        return refuse_card_number(f"ledger {key}", value) or ""
