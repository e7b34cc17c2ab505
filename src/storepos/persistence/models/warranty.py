"""Warranty claims: inspected by staff, decided by a manager, carried out as refund/replacement/credit."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storepos.domain.cards import refuse_card_number
from storepos.domain.vocabulary import Resolution, WarrantyStatus
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class WarrantyClaim(UuidKey, Base):
    __tablename__ = "warranty_claims"

    number: Mapped[str] = mapped_column(String(24), unique=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("orders.id"), index=True)
    order_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("order_lines.id"))
    proof_of_purchase: Mapped[str] = mapped_column(String(200), default="")
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    status: Mapped[WarrantyStatus] = mapped_column(str_enum(WarrantyStatus, "warranty_status"))
    defect_category: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(String(2000), default="")
    defect_confirmed: Mapped[bool] = mapped_column(default=False)
    wear_and_tear: Mapped[bool] = mapped_column(default=False)
    misuse: Mapped[bool] = mapped_column(default=False)
    inspected_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    outcome: Mapped[Resolution | None] = mapped_column(str_enum(Resolution, "warranty_outcome"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    photos: Mapped[list[WarrantyPhoto]] = relationship(back_populates="claim")

    @validates("notes", "proof_of_purchase", "decision_reason")
    def _no_card_number(self, key: str, value: str | None) -> str | None:
        return refuse_card_number(f"warranty claim {key}", value)


class WarrantyPhoto(UuidKey, Base):
    __tablename__ = "warranty_photos"

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("warranty_claims.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped[WarrantyClaim] = relationship(back_populates="photos")
