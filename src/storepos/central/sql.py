"""The few statements whose spelling differs between PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    Connection,
    Executable,
    Insert,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
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
from sqlalchemy.exc import DBAPIError

from storepos.central.engine import json_text
from storepos.central.pg_arrays import (
    DecimalArray,
    Int8Array,
    JsonArray,
    TextArray,
    UuidArray,
    installed,
)


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
    ours = installed(conn.connection.info)  # the connection has pg_arrays' dumpers
    for keys, group in by_keys.items():
        columns = [table.c[k] for k in keys]
        # Column by column, transposed in C: a row's values come in its keys' order.
        by_column = zip(*map(dict.values, group), strict=True)
        arrays, params = [], []
        for col, values in zip(columns, by_column, strict=True):
            arrays.append(f"%b::{_sql_type(conn, col)}[]")  # binary
            params.append(_array(col, list(values), ours))
        names = ", ".join(quote(c.name) for c in columns)
        out.append((f"INSERT INTO {quote(table.name)} ({names}) "
                    f"SELECT * FROM unnest({', '.join(arrays)})", tuple(params)))
    return out


_SQL_TYPES: dict[tuple[int, str], str] = {}  # by id of the column (kept alive by its Table)


def _sql_type(conn: Connection, column: ColumnElement[Any]) -> str:
    key = (id(column), conn.dialect.name)
    found = _SQL_TYPES.get(key)
    if found is None:
        found = _SQL_TYPES[key] = str(column.type.compile(dialect=conn.dialect))
    return found


def _array(column: ColumnElement[Any], values: list[Any], ours: bool) -> list[Any]:
    """One column's values as the array pg_arrays writes for its type, when they fit. `ours`: the
    connection has pg_arrays' dumpers."""
    kind = column.type
    if isinstance(kind, JSON):  # as text, cast element by element
        if ours:
            return JsonArray(values)
        return [None if v is None else json_text(v) for v in values]
    if isinstance(kind, Uuid):
        return UuidArray.of(values)
    if isinstance(kind, String):
        return TextArray.of(values)
    if isinstance(kind, Integer):
        return Int8Array.of(values)
    if isinstance(kind, Numeric):
        return DecimalArray.of(values)
    return values


Params = Mapping[str, Any] | list[Mapping[str, Any]]  # a list: the statement once a row


class Batch:
    """Statements sent to PostgreSQL together, each compiled once: the server runs them one
    after the other as usual, and the client waits for their answers once, at run(), instead of
    once a statement (psycopg's pipeline mode; the transaction's BEGIN goes with them). Each goes
    to the driver as the SQL its statement compiled to the first time, without SQLAlchemy's
    execution path on every call (cache keys, bind processing, result set-up), which was most of
    a webhook's CPU. So a statement given here is built once (at import, or cached per dialect)
    with every value a bindparam; JSON values are given as Python values, as to SQLAlchemy.
    A statement whose result decides what comes next cannot wait in a batch: run() first.
    Elsewhere (SQLite) run() executes each through SQLAlchemy, one by one."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.items: list[tuple[Executable, Params]] = []

    def add(self, statement: Executable, params: Params) -> int:
        """The statement's place in run()'s answer."""
        self.items.append((statement, params))
        return len(self.items) - 1

    def run(self) -> list[list[Any]]:
        """Each statement's rows (attribute access by column name; [] when it returns none),
        in order; the batch is then empty. An error is raised as SQLAlchemy's DBAPIError."""
        items, self.items = self.items, []
        if not items:
            return []
        if self.conn.dialect.name != "postgresql":
            out = []
            for statement, params in items:
                result = self.conn.execute(statement, params)
                out.append(list(result.all()) if result.returns_rows else [])
            return out
        from psycopg.rows import namedtuple_row

        driver = self.conn.connection.driver_connection
        error = self.conn.dialect.loaded_dbapi.Error
        try:
            cursors = []
            with driver.pipeline():  # type: ignore[union-attr]
                for statement, params in items:
                    sql, json_keys, fixed = _compiled(self.conn, statement)
                    cursor = driver.cursor(row_factory=namedtuple_row)  # type: ignore[union-attr]
                    if isinstance(params, list):
                        cursor.executemany(sql, [_driver_params(p, json_keys, fixed)
                                                 for p in params])
                    else:
                        cursor.execute(sql, _driver_params(params, json_keys, fixed))
                    cursors.append(cursor)
            return [cursor.fetchall() if cursor.description else [] for cursor in cursors]
        except error as exc:
            raise DBAPIError.instance(None, None, exc, error) from exc


_Compiled = tuple[str, frozenset[str], dict[str, Any]]
# By id of the statement and dialect: (the statement, kept so its id stays its own; its SQL for
# the driver, its JSON parameters, the values the statement itself carries such as literals).
_COMPILED: dict[tuple[int, str], tuple[Executable, _Compiled]] = {}


def _compiled(conn: Connection, statement: Executable) -> _Compiled:
    key = (id(statement), conn.dialect.name)
    found = _COMPILED.get(key)
    if found is None:
        compiled = statement.compile(dialect=conn.dialect)  # type: ignore[attr-defined]
        sql = str(compiled)
        if "POSTCOMPILE" in sql:
            raise ValueError("a batch's statement has an IN list of values: use = ANY(array)")
        json_keys = frozenset(name for name, bind in compiled.binds.items()
                              if isinstance(bind.type, JSON))
        fixed = {k: v for k, v in compiled.params.items() if v is not None}
        found = _COMPILED[key] = (statement, (sql, json_keys, fixed))
    return found[1]


def _driver_params(params: Mapping[str, Any], json_keys: frozenset[str],
                   fixed: dict[str, Any]) -> Mapping[str, Any]:
    if fixed:
        params = {**fixed, **params}
    if not json_keys:
        return params
    return {k: (json_text(v) if k in json_keys and v is not None else v)
            for k, v in params.items()}
