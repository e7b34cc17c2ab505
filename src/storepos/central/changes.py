"""Writing the change log: one row per central change a till may need, in the changing
transaction (application code, never a trigger)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, insert

from storepos.central.schema import changes
from storepos.central.sql import current_tx_expression

Change = tuple[uuid.UUID, str, uuid.UUID]  # (scope: a store or EVERYONE, kind, entity id)


def record_changes(conn: Connection, items: Iterable[Change]) -> None:
    unique = list(dict.fromkeys(items))
    if not unique:
        return
    # The transaction's id is taken by the INSERT itself (no round trip of its own).
    conn.execute(insert(changes).values(tx=current_tx_expression(conn)), [
        {"scope": scope, "kind": kind, "entity_id": entity}
        for scope, kind, entity in unique
    ])
