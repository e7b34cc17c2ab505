"""Run a Core SELECT straight on the DBAPI cursor, for the few reads on the counter's hot path.

The statement is compiled once per dialect; it runs on the cursor of the caller's own connection,
so inside its transaction; each column is converted by the very result processor SQLAlchemy would
apply (UUID, Decimal, date, enum, JSON), chosen from the driver's column types on the first run.

Why: for an order lookup SQLAlchemy's per-execute bookkeeping (cache key, execution context,
result metadata) cost ~120 us a query against ~45 us for SQLite itself (benchmarks/lookup.md).
What is given up: engine events and SQL echo for these statements, and bind processing, so only
plain str/int parameters are accepted.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, Select


class DirectQuery:
    def __init__(self, stmt: Select[Any]) -> None:
        self.stmt = stmt
        names = [str(c.key) for c in stmt.selected_columns]
        self.row: Any = namedtuple("Row", names)  # type: ignore[misc]  # names known at run time only
        self._sql: dict[str, tuple[str, tuple[str, ...] | None]] = {}
        self._processors: dict[str, list[tuple[int, Callable[[Any], Any]]]] = {}

    def rows(self, conn: Connection, params: Mapping[str, str | int]) -> list[Any]:
        """The rows as named tuples, values converted as SQLAlchemy would."""
        dialect = conn.dialect
        if dialect.name not in self._sql:
            compiled = self.stmt.compile(dialect=dialect)
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            self._sql[dialect.name] = (compiled.string, order)
        sql, order = self._sql[dialect.name]
        cursor = conn.connection.cursor()
        try:
            cursor.execute(sql, tuple(params[k] for k in order) if order is not None else params)
            fetched = cursor.fetchall()
            processors = self._processors.get(dialect.name)
            if processors is None:  # the driver's column types are known after the first run
                processors = self._processors[dialect.name] = [
                    (i, proc)
                    for i, (column, described) in enumerate(
                        zip(self.stmt.selected_columns, cursor.description, strict=True)
                    )
                    if (proc := column.type.dialect_impl(dialect).result_processor(
                        dialect, described[1]))
                ]
        finally:
            cursor.close()
        make = self.row._make
        converted: list[Any] = []
        before: tuple[Any, ...] = ()
        for raw in fetched:
            values = list(raw)
            for i, convert in processors:
                # A value repeated from the row before (a joined parent's columns) is reused.
                values[i] = converted[-1][i] if before and raw[i] == before[i] else convert(raw[i])
            converted.append(make(values))
            before = raw
        return converted
