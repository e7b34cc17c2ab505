"""The central engine pings a pooled connection only after it sat unused (engine.PING_AFTER_IDLE_S):
a connection the server ended while it sat in the pool is replaced before anyone uses it; one used a
moment ago is taken as it is (no round trip)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from storepos.central import engine as central_engine
from storepos.central.engine import make_central_engine
from tests.integration.sync_world import central_pg  # noqa: F401  (fixture)


def test_a_connection_ended_while_idle_is_replaced_before_use(
        central_pg: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    engine = make_central_engine(central_pg, pool_size=1, max_overflow=0)
    admin = create_engine(central_pg, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            pid = conn.scalar(text("SELECT pg_backend_pid()"))
        with admin.connect() as other:  # the server ends it (a restart, a firewall's cut)
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        monkeypatch.setattr(central_engine, "PING_AFTER_IDLE_S", 0.0)  # it has sat long enough
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT pg_backend_pid()")) != pid
    finally:
        engine.dispose()
        admin.dispose()


def test_only_a_connection_unused_for_a_while_is_pinged(central_pg: str,  # noqa: F811
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_central_engine(central_pg, pool_size=1, max_overflow=0)
    pinged: list[object] = []
    real = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping",
                        lambda dbapi_connection: pinged.append(dbapi_connection) or real(dbapi_connection))
    try:
        monkeypatch.setattr(central_engine, "PING_AFTER_IDLE_S", 3600.0)  # all used a moment ago
        for _ in range(3):
            with engine.connect() as conn:
                conn.execute(text("SELECT 42"))
        assert pinged == []
        monkeypatch.setattr(central_engine, "PING_AFTER_IDLE_S", 0.0)  # all unused long enough
        with engine.connect() as conn:
            conn.execute(text("SELECT 42"))
        assert len(pinged) == 1
    finally:
        engine.dispose()
