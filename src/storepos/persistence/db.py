"""Engines and sessions: SQLite at the till (WAL, synchronous=FULL, foreign keys on), PostgreSQL centrally."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, CursorResult, Engine, Update, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:  # a sqlite3.Connection
    # pysqlite begins a transaction only before INSERT/UPDATE/DELETE, so a SAVEPOINT issued first
    # would open one by itself and its RELEASE would COMMIT: a ledger entry written in a savepoint
    # survived the rollback of the sale around it. Turn pysqlite's own handling off and let
    # SQLAlchemy emit BEGIN (the recipe in SQLAlchemy's SQLite dialect notes).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # A till that says "done" must not lose the transaction on power loss: WAL + FULL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# Execution option: this transaction will write. On SQLite it begins with BEGIN IMMEDIATE.
WRITES = "storepos_writes"


class _WriteTurns:
    """First come, first served among one engine's writers. SQLite's busy timeout only polls (at
    most every 100 ms), so a connection that commits in a tight loop (the print queue draining,
    the sync pushing) could keep the write lock from a waiting one for the whole timeout; a plain
    threading.Lock would not do either: the thread that lets go may take it again at once."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: deque[object] = deque()
        self._busy = False

    @contextmanager
    def turn(self) -> Iterator[None]:
        me = object()
        with self._changed:
            self._waiting.append(me)
            try:
                self._changed.wait_for(lambda: not self._busy and self._waiting[0] is me)
                self._busy = True
            finally:
                self._waiting.remove(me)
                self._changed.notify_all()
        try:
            yield
        finally:
            with self._changed:
                self._busy = False
                self._changed.notify_all()


def _sqlite_begin(turns: _WriteTurns) -> Callable[[Connection], None]:
    def begin(connection: Connection) -> None:
        # A deferred transaction that reads, then writes after another connection (the sync, the
        # print queue) committed, fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT:
        # the busy timeout cannot help it). So a transaction that will write takes the write lock
        # at BEGIN and waits its turn there; reads stay deferred and never wait (WAL).
        if not connection.get_execution_options().get(WRITES, False):
            connection.exec_driver_sql("BEGIN")
            return
        with turns.turn():  # held only while BEGIN waits for SQLite's lock
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return begin


def json_text(value: Any) -> str:
    """JSON columns are written and read with orjson: the outbox payloads are the sync's hot path
    (the standard library's decoder was half the cost of reading a batch to push)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for a SQLAlchemy URL; a bare file path means a local SQLite database."""
    kwargs.setdefault("json_serializer", json_text)
    kwargs.setdefault("json_deserializer", orjson.loads)
    if "://" not in url:
        Path(url).parent.mkdir(parents=True, exist_ok=True)
        url = sqlite_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin(_WriteTurns()))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: results stay readable after the unit of work commits and closes.
    return sessionmaker(engine, expire_on_commit=False)


def rows_changed(session: Session, stmt: Update) -> int:
    """Run an UPDATE in the session; how many rows it changed. (Session.execute is typed as a
    plain Result; for an UPDATE it is a CursorResult, which has the rowcount.)"""
    result = session.execute(stmt)
    assert isinstance(result, CursorResult)
    return result.rowcount
