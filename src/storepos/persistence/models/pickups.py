"""Ship-to-store pickups: an online order travelling to a store and handed over there."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storepos.domain.vocabulary import PickupStatus
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class Pickup(UuidKey, Base):
    __tablename__ = "pickups"
    __table_args__ = (Index("ix_pickups_store_status", "store_id", "status"),)

    number: Mapped[str] = mapped_column(String(24), unique=True)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), unique=True)
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"))
    status: Mapped[PickupStatus] = mapped_column(str_enum(PickupStatus, "pickup_status"))
    arrived_at: Mapped[datetime | None]
    hold_until: Mapped[date | None]  # arrival date + the store's hold period
    notified_at: Mapped[datetime | None]
    collected_at: Mapped[datetime | None]
    sent_back_at: Mapped[datetime | None]
    handed_over_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employees.id"))
    id_checked: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
