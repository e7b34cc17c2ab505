"""Pull: what changed centrally since a till's cursor, as the rows stand now, for one store.

The change log is read in (tx, change_id) order and only below the oldest transaction still open
(pg_snapshot_xmin(pg_current_snapshot()), leaving out transactions of other databases on the same
server, which never write here: sql.oldest_open_tx): every transaction with a smaller id has
finished, so its rows are all visible and no row can appear there later. A transaction that commits late keeps
everything after it back until it does, and is then read in its place: never skipped, as a cursor
on a timestamp or a bare serial id would skip it. On SQLite (one writer at a time) tx is 0 and the
change id alone is the order.

The batch carries the current state of each changed row (state, not deltas): the store's pickups,
online orders with their returned quantities, card balances, the store's refused or flagged
events that a manager has settled, the store's employees (central/staff.py), and the chain's
catalogue (products and variants).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, select, tuple_

from storepos.central import review
from storepos.central.catalogue import pull as catalogue
from storepos.central.schema import accounts, changes, order_lines, orders, pickups
from storepos.central.sql import oldest_open_tx
from storepos.central.staff import EMPLOYEE, staff_rows
from storepos.central.store_context import shared
from storepos.sync.protocol import EVERYONE, ChangeBatch, Cursor
from storepos.sync.retry import in_transaction


def pull_changes(engine: Engine, store_id: uuid.UUID, cursor: Cursor, *,
                 limit: int = 500) -> ChangeBatch:
    if engine.dialect.name == "postgresql":  # one snapshot for the log and the rows it names
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    return in_transaction(engine, lambda conn: pull_in(conn, store_id, cursor, limit))


def pull_in(conn: Connection, store_id: uuid.UUID, cursor: Cursor, limit: int) -> ChangeBatch:
    with shared(conn):  # the service's view of every session (a store's sees only its own)
        horizon = oldest_open_tx(conn)
    rows = conn.execute(
        select(changes.c.change_id, changes.c.tx, changes.c.kind, changes.c.entity_id)
        .where(changes.c.scope.in_([store_id, EVERYONE]),
               tuple_(changes.c.tx, changes.c.change_id) > tuple_(cursor.tx, cursor.change),
               changes.c.tx < horizon)
        .order_by(changes.c.tx, changes.c.change_id)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if not rows:
        return ChangeBatch(cursor)
    # Each kind's ids once, in log order (dicts: a first pull names thousands of rows, and a
    # list's `in` made this quadratic).
    seen: dict[str, dict[uuid.UUID, None]] = {}
    for row in rows:
        seen.setdefault(row.kind, {})[row.entity_id] = None
    wanted: dict[str, list[uuid.UUID]] = {
        kind: list(seen.get(kind, ())) for kind in ("account", "order", "pickup", "resolution",
                                                    "product", "variant")}
    wanted.update({kind: list(ids) for kind, ids in seen.items() if kind not in wanted})
    last = rows[-1]
    parcels = _pickups(conn, store_id, wanted["pickup"])
    # A pickup comes with its order, so the till can hand it over.
    order_ids = list(dict.fromkeys([*wanted["order"], *(p["order_id"] for p in parcels)]))
    order_docs = _orders(conn, order_ids)
    # The cards that paid for those orders, so the till can refund onto them.
    paid_by = {uuid.UUID(t["account_id"]) for d in order_docs for t in d.get("tenders", [])
               if t.get("account_id")}
    variants = catalogue.variants(conn, wanted["variant"])
    # A variant comes with its product, so a till that missed the product's change scans it.
    products = catalogue.products(conn, list(dict.fromkeys(
        [*wanted["product"], *(v["product_id"] for v in variants)])))
    return ChangeBatch(
        cursor=Cursor(last.tx, last.change_id),
        products=products,
        variants=variants,
        accounts=_accounts(conn, list(dict.fromkeys([*wanted["account"], *paid_by]))),
        orders=order_docs,
        pickups=parcels,
        settled=review.settled(conn, store_id, wanted["resolution"]),
        employees=staff_rows(conn, store_id, wanted.get(EMPLOYEE, [])),
        more=more,
    )


def _plain(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row as a dict with plain str keys (SQLAlchemy's are quoted_name, which orjson refuses as
    keys: the service answered 500 to a pull carrying a card or a pickup)."""
    return {str(k): v for k, v in row.items()}


def _accounts(conn: Connection, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return [_plain(r._mapping) for r in conn.execute(
        select(accounts.c.id, accounts.c.kind, accounts.c.number, accounts.c.currency,
               accounts.c.customer_id, accounts.c.issued_store_id, accounts.c.balance,
               accounts.c.held, accounts.c.seq).where(accounts.c.id.in_(ids)))]


def _orders(conn: Connection, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    if not ids:
        return []
    returned: dict[uuid.UUID, dict[str, int]] = {}
    for r in conn.execute(select(order_lines.c.order_id, order_lines.c.id,
                                 order_lines.c.quantity_returned)
                          .where(order_lines.c.order_id.in_(ids))):
        returned.setdefault(r.order_id, {})[str(r.id)] = r.quantity_returned
    docs = []
    for r in conn.execute(select(orders.c.id, orders.c.document, orders.c.received_on)
                          .where(orders.c.id.in_(ids))):
        doc = dict(r.document)
        doc["received_on"] = r.received_on.isoformat() if r.received_on else doc.get("received_on")
        counts = returned.get(r.id, {})
        doc["lines"] = [
            {**ln, "quantity_returned": counts.get(ln["id"], ln.get("quantity_returned", 0))}
            for ln in doc.get("lines", [])]
        docs.append(doc)
    return docs


def _pickups(conn: Connection, store_id: uuid.UUID, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    if not ids:
        return []
    return [_plain(r._mapping) for r in conn.execute(
        select(pickups).where(pickups.c.store_id == store_id, pickups.c.id.in_(ids)))]
