"""Stock on hand per store and variant: returned shoes back on the shelf, exchanged ones off it.

Both moves are single guarded statements, so two tills never take the last pair twice: the
decrement only happens `WHERE on_hand >= n` (the CHECK on_hand >= 0 is the last guard), and the
increment is one upsert, so a variant the store never stocked gets its row on first return.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput
from storepos.i18n import ngettext
from storepos.persistence.base import table_of
from storepos.persistence.db import rows_changed
from storepos.persistence.models import StockLevel

_T = table_of(StockLevel)


def _upsert(dialect: str) -> Insert:
    if dialect not in ("postgresql", "sqlite"):
        raise RuntimeError(f"stock moves need PostgreSQL or SQLite, not {dialect}")
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(_T)
    return stmt.on_conflict_do_update(
        index_elements=[_T.c.store_id, _T.c.variant_id],
        set_={"on_hand": _T.c.on_hand + stmt.excluded.on_hand},
    )


def put_back(session: Session, store_id: uuid.UUID, variant_id: uuid.UUID, quantity: int) -> None:
    """Returned units back into this store's stock."""
    stmt = _upsert(session.get_bind().dialect.name)
    session.execute(stmt, {"store_id": store_id, "variant_id": variant_id, "on_hand": quantity})


def take(
    session: Session, store_id: uuid.UUID, variant_id: uuid.UUID, quantity: int, description: str
) -> None:
    """Units leave this store's stock; refused in plain words when there are not enough."""
    changed = rows_changed(
        session,
        update(_T)
        .where(_T.c.store_id == store_id, _T.c.variant_id == variant_id, _T.c.on_hand >= quantity)
        .values(on_hand=_T.c.on_hand - quantity)
    )
    if changed != 1:
        raise InvalidInput(
            ngettext("{item} is out of stock at this store: {n} pair is needed.",
                     "{item} is out of stock at this store: {n} pairs are needed.",
                     quantity).format(item=description, n=quantity)
        )
