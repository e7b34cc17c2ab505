"""Engines for the central database: PostgreSQL (the service's role; a till's transactions run in
its store's context, store_context.py) or an embedded SQLite file.

On SQLite every transaction starts with BEGIN IMMEDIATE (SQLAlchemy's pysqlite recipe), so the
file's single writer is taken at BEGIN rather than at the first write: two tills pushing into one
file queue up instead of failing half-way. WAL and synchronous=FULL as at the till.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, exc

from storepos.central import pg_arrays, store_context

CONNECT_TIMEOUT_S = 5
# A pooled connection is pinged before use only after this long unused: one used a moment ago is
# alive, and a ping on every checkout was a round trip of every push batch, card hold and webhook.
PING_AFTER_IDLE_S = 1.0


def json_text(value: Any) -> str:
    """JSON columns through orjson, as at the till (keys other than text written as text)."""
    return pg_arrays.json_bytes(value).decode()


def make_central_engine(url: str, **kwargs: Any) -> Engine:
    kwargs.setdefault("json_serializer", json_text)
    kwargs.setdefault("json_deserializer", orjson.loads)
    if "://" not in url:
        Path(url).parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(url)}"
    if not url.startswith("sqlite"):
        # An unreachable server is "offline" within seconds, not after the system's TCP timeout.
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S,
                                  **kwargs.get("connect_args", {})}
        engine = create_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            _ping_when_idle(engine)
        store_context.install(engine)
        event.listen(engine, "connect", lambda dbapi_connection, record: pg_arrays.install(
            dbapi_connection, record.info))
        return engine
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:  # a sqlite3.Connection
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pre-ping, for connections back in the pool for PING_AFTER_IDLE_S or more
    (a server restarted meanwhile, a connection cut by a firewall): a dead one is replaced before
    the caller sees it (DisconnectionError: the pool reconnects and checks out again)."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["storepos_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("storepos_idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return  # new, or used a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # whatever the driver raises for a dead connection
            raise exc.DisconnectionError(str(error)) from error
        if not alive:
            raise exc.DisconnectionError("the pooled connection did not answer")
