"""Writing the change log: one row per central change a till may need, in the changing
transaction (application code, never a trigger)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache

from sqlalchemy import BigInteger, Connection, Insert, Text, bindparam, cast, func, insert, literal

from storepos.central.schema import changes
from storepos.central.sql import Batch, current_tx_expression

Change = tuple[uuid.UUID, str, uuid.UUID]  # (scope: a store or EVERYONE, kind, entity id)


def record_changes(conn: Connection, items: Iterable[Change]) -> None:
    unique = list(dict.fromkeys(items))
    if not unique:
        return
    # The transaction's id is taken by the INSERT itself (no round trip of its own).
    # inline(): no RETURNING of the new ids, which nobody reads (and a pipelined caller cannot).
    conn.execute(insert(changes).inline().values(tx=current_tx_expression(conn)), [
        {"scope": scope, "kind": kind, "entity_id": entity}
        for scope, kind, entity in unique
    ])


def add_changes(batch: Batch, items: Iterable[Change]) -> None:
    """record_changes into the caller's batch (sent with the writes it logs)."""
    unique = list(dict.fromkeys(items))
    if unique:
        batch.add(_insert(batch.conn.dialect.name), [
            {"p_scope": scope, "p_kind": kind, "p_entity_id": entity}
            for scope, kind, entity in unique])


@cache
def _insert(dialect: str) -> Insert:
    """The change log's INSERT, built once; inline(): no RETURNING of the new ids, which nobody
    reads (and a batch could not wait for)."""
    tx = (cast(cast(func.pg_current_xact_id(), Text), BigInteger) if dialect == "postgresql"
          else literal(0, BigInteger))
    return insert(changes).inline().values(
        tx=tx, scope=bindparam("p_scope", type_=changes.c.scope.type),
        kind=bindparam("p_kind", type_=changes.c.kind.type),
        entity_id=bindparam("p_entity_id", type_=changes.c.entity_id.type))
