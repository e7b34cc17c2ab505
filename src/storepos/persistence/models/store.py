"""Stores, their tills, the people who work there, and per-till number sequences."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storepos.domain.vocabulary import Role, StoreKind
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class Store(UuidKey, Base):
    __tablename__ = "stores"

    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[StoreKind] = mapped_column(str_enum(StoreKind, "store_kind"))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA, e.g. America/Toronto
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    locale: Mapped[str] = mapped_column(String(8))  # en_US, en_CA, fr_CA, en_AU
    policy: Mapped[str] = mapped_column(String(40))  # return-policy preset name
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    pickup_hold_days: Mapped[int] = mapped_column(default=14)

    tills: Mapped[list[Till]] = relationship(back_populates="store")


class Till(UuidKey, Base):
    __tablename__ = "tills"

    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    # Carried by every human-facing number this till makes, so offline tills never collide.
    prefix: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(60))

    store: Mapped[Store] = relationship(back_populates="tills")


class Employee(UuidKey, Base):
    __tablename__ = "employees"

    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)  # what they type at sign-in
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, "employee_role"))
    pin_hash: Mapped[str] = mapped_column(String(200))  # Argon2id, encoded with its parameters
    failed_pin_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    # A district manager may sign in and approve at any store's till; everyone else only at
    # their own store's (issue 12). Explicit, and named on every approval it gives.
    district: Mapped[bool] = mapped_column(default=False, server_default="0")
    # The language they chose at this till's sign-in ("fr", "en"); None: the store's (issue 16).
    # This till's own memory: head office's roster never sends it, and a pull leaves it alone.
    language: Mapped[str | None] = mapped_column(String(16), default=None)


class NumberSequence(Base):
    """The next human-facing number of each kind (return, claim, pickup, card) for one till."""

    __tablename__ = "number_sequences"
    # The primary key (till_id, kind) is the uniqueness; PostgreSQL drops a UNIQUE that repeats it.

    till_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tills.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_value: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
