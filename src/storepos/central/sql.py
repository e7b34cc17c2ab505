"""The few statements whose spelling differs between PostgreSQL and SQLite."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Connection,
    Insert,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite

from storepos.central.engine import json_text


def insert_ignore(conn: Connection, table: Table) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING: a row already there (any UNIQUE key) is left alone."""
    dialect = conn.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise RuntimeError(f"the central database is PostgreSQL or SQLite, not {dialect}")
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing()


def current_tx(conn: Connection) -> int:
    """This transaction's id (PostgreSQL xid8, as a number); 0 on SQLite, whose writers queue."""
    if conn.dialect.name != "postgresql":
        return 0
    return int(conn.execute(select(current_tx_expression(conn))).scalar_one())


def current_tx_expression(conn: Connection) -> ColumnElement[int]:
    """current_tx as SQL, for a statement that writes it (no round trip of its own)."""
    if conn.dialect.name != "postgresql":
        return literal(0, BigInteger)
    return cast(cast(func.pg_current_xact_id(), Text), BigInteger)


# The oldest transaction still open that may write to this database: the smallest in-progress id
# of the current snapshot, leaving out those whose backend is connected to another database of the
# cluster (they can never write our change log). The snapshot is taken first (the statement's,
# or the transaction's under REPEATABLE READ), pg_stat_activity read after it: a transaction not
# found there is kept (it may have ended just now; that only delays it to the next pull).
_HORIZON = text("""
SELECT COALESCE(
    (SELECT min(x::text::bigint)
       FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE NOT EXISTS (
            SELECT 1 FROM pg_stat_activity AS a
             WHERE a.backend_xid IS NOT NULL
               AND a.backend_xid::text::bigint = x::text::bigint % 4294967296
               AND a.datname IS DISTINCT FROM current_database())),
    pg_snapshot_xmax(pg_current_snapshot())::text::bigint)
""")


def oldest_open_tx(conn: Connection) -> int:
    """Every transaction with a smaller id that could write here has finished: its rows are all
    visible to this snapshot, for good (pg_snapshot_xmin, scoped to this database).
    On SQLite (tx always 0, writers queue) everything committed is."""
    if conn.dialect.name != "postgresql":
        return 1
    return int(conn.scalar(_HORIZON))


def in_list(conn: Connection, column: ColumnElement[Any], values: list[Any]) -> ColumnElement[bool]:
    """column IN (values): on PostgreSQL as = ANY(one array parameter), so a long list is neither
    500 parameters to bind nor a long statement to parse."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows in one statement.

    On PostgreSQL: INSERT ... SELECT * FROM unnest(%s::uuid[], %s::text[], ...), one array per
    column (also on CockroachDB and YugabyteDB): one round trip and one small statement per table
    and batch, where an executemany sends one message per row and SQLAlchemy's bind processing
    per row costs more than the insert. The names come from our own Table, quoted; every value is
    a parameter. Elsewhere (SQLite) it is an ordinary Core insert.
    """
    bulk_insert_all(conn, [(table, rows)])


def bulk_insert_all(conn: Connection, tables: list[tuple[Table, list[dict[str, Any]]]]) -> None:
    """bulk_insert of several tables' rows; on PostgreSQL in one statement, the inserts before the
    last as data-modifying CTEs (one round trip; constraints between them, a line's foreign key to
    its return, are checked at the statement's end as usual)."""
    if conn.dialect.name != "postgresql":
        for table, rows in tables:
            if rows:
                conn.execute(insert(table), rows)
        return
    parts = [part for table, rows in tables if rows for part in _unnest_inserts(conn, table, rows)]
    if not parts:
        return
    *before, (statement, params) = parts
    if before:
        ctes = ", ".join(f"w{n} AS ({text})" for n, (text, _) in enumerate(before))
        statement = f"WITH {ctes} {statement}"
        params = tuple(p for _, ps in before for p in ps) + params
    conn.exec_driver_sql(statement, params)


def _unnest_inserts(conn: Connection, table: Table,
                    rows: list[dict[str, Any]]) -> list[tuple[str, tuple[Any, ...]]]:
    """INSERT ... SELECT * FROM unnest(...) of `rows`: one per set of keys, with its parameters."""
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_keys.setdefault(tuple(row), []).append(row)
    quote = conn.dialect.identifier_preparer.quote
    out = []
    for keys, group in by_keys.items():
        columns = [table.c[k] for k in keys]
        arrays, params = [], []
        for col in columns:
            values = [row[col.key] for row in group]
            if isinstance(col.type, JSON):  # as text, cast element by element
                values = [None if v is None else json_text(v) for v in values]
            arrays.append(f"%b::{col.type.compile(dialect=conn.dialect)}[]")  # binary
            params.append(values)
        names = ", ".join(quote(c.name) for c in columns)
        out.append((f"INSERT INTO {quote(table.name)} ({names}) "
                    f"SELECT * FROM unnest({', '.join(arrays)})", tuple(params)))
    return out
