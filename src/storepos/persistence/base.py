"""Declarative base: UUID keys, Numeric(12, 2) money, timezone-aware UTC timestamps."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, MetaData, Numeric, Table, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations can name what they change on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(12, 2, asdecimal=True)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        uuid.UUID: Uuid(),
        Decimal: Money,
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class UuidKey:
    """Primary key every table shares: a UUID made by the client, so offline tills never collide."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


def table_of(model: type[Base]) -> Table:
    """The model's table, typed as one: DeclarativeBase declares `__table__` as any FromClause."""
    table = model.__table__
    assert isinstance(table, Table), model
    return table
