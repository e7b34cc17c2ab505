"""Sync test helpers: a fresh central database per test on the real PostgreSQL server (dropped
afterwards), tills as SQLite files, online orders published by a "web shop" database, and engines
in a store's context (row-level security, as the service runs a till's requests).

    def test_x(central_pg, tmp_path):
        central = Central.connect(central_pg)
        till = make_till(tmp_path / "a.db")
        doc = publish_online_order(central.engine, tmp_path / "web.db")
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, make_url, select, text
from sqlalchemy.orm import Session, sessionmaker

from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.store_context import for_store
from storepos.domain.vocabulary import Channel, Fulfillment, Reason, Resolution, Role
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models import Employee, OutboxEntry, Store
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.types import LineRequest, ReturnRequest, ReturnSummary
from storepos.services.sync.documents import order_document
from storepos.services.sync.local_till import LocalTill
from storepos.sync.service import SyncService
from tests.factories import (
    FixedClock,
    actor_for,
    card,
    make_customer,
    make_employee,
    make_order,
    make_product,
    make_store,
)

ROOT = Path(__file__).resolve().parents[2]
D = Decimal


# -- central databases and roles on the real server ------------------------------------------------

def _server(pg_url: str) -> Any:
    return make_url(pg_url).set(database="postgres")


@contextlib.contextmanager
def _fresh_database(pg_url: str, prefix: str, migrate: Callable[[str], object]) -> Iterator[str]:
    """A new database on the test server, migrated by `migrate(url)`; dropped afterwards."""
    admin = create_engine(_server(pg_url), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{secrets.token_hex(6)}"
    quoted = admin.dialect.identifier_preparer.quote(name)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {quoted}"))
    url = _server(pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def central_pg(pg_url: str) -> Iterator[str]:
    """A fresh, migrated central database for this test; dropped afterwards."""
    with _fresh_database(pg_url, "storepos_central", upgrade_central) as url:
        yield url


@pytest.fixture
def till_pg(pg_url: str) -> Iterator[str]:
    """A fresh till database on PostgreSQL for this test (make_till(till_pg)); dropped afterwards."""
    with _fresh_database(pg_url, "storepos_till", upgrade) as url:
        yield url


def store_engine(central_url: str, store_id: uuid.UUID) -> Engine:
    """The central database as the service reaches it for one of a store's tills: the owner's
    connection, each transaction in the store's context (the role storepos_store, no login, and
    the store's id in the setting the policies read)."""
    return for_store(make_central_engine(central_url), store_id)


# -- tills -----------------------------------------------------------------------------------------

@dataclass
class Till:
    path: Path | str
    engine: Engine
    sessions: sessionmaker[Session]
    actor: Actor
    local: LocalTill
    store_code: str

    def service(self, central: Any, **kw: Any) -> SyncService:
        return SyncService(self.local, central, **kw)

    def outbox(self) -> list[OutboxEntry]:
        with self.sessions() as s:
            return list(s.scalars(select(OutboxEntry).where(
                OutboxEntry.till_id == self.actor.till_id).order_by(OutboxEntry.seq)))

    def count(self, stmt: Any) -> int:
        with self.sessions() as s:
            return int(s.scalar(stmt) or 0)

    def close(self) -> None:
        self.engine.dispose()


def make_till(path: Path | str, *, policy: str = "softmoc", role: Role = Role.CASHIER) -> Till:
    """A till on a SQLite file, or on any database URL (e.g. the PostgreSQL test database)."""
    engine = make_engine(str(path))
    upgrade(engine)
    sessions = make_session_factory(engine)
    with UnitOfWork(sessions) as uow:
        store = make_store(uow.session, policy=policy)
        employee = make_employee(uow.session, store, role)
        actor = actor_for(employee, store, clock=FixedClock())
        uow.commit()
    return Till(path, engine, sessions, actor,
                LocalTill(sessions, actor.store_id, actor.till_id), store.code)


SECOND_MANAGER = "Sam Second"


def second_manager(till: Till) -> Employee:
    """Another manager of the till's store (made on first use): the one who approves what the
    till's signed-in manager decides, since no one approves their own decision."""
    with UnitOfWork(till.sessions) as uow:
        found = uow.session.scalars(select(Employee).where(
            Employee.store_id == till.actor.store_id, Employee.name == SECOND_MANAGER)).first()
        if found is None:
            store = uow.session.get(Store, till.actor.store_id)
            assert store is not None
            found = make_employee(uow.session, store, Role.MANAGER, name=SECOND_MANAGER)
            uow.commit()
        uow.session.expunge(found)
        return found


def publish_online_order(central: Engine, web_path: Path, *, quantity: int = 1,
                         paid: str = "120.00", pickup_store: uuid.UUID | None = None) -> dict:
    """An online order made in a web-shop database and published centrally; its document."""
    web = make_engine(str(web_path))
    upgrade(web)
    with UnitOfWork(make_session_factory(web)) as uow:
        s = uow.session
        shoe = make_product(s, None, price="120.00")
        order = make_order(
            s, [(shoe["8"], quantity, paid)], tenders=[card(paid)], customer=make_customer(s),
            channel=Channel.ONLINE,
            fulfillment=Fulfillment.SHIP_TO_STORE if pickup_store else Fulfillment.SHIP_TO_HOME,
            received_on=date(2025, 5, 25),
        )
        doc = order_document(s, order.id)
        uow.commit()
    web.dispose()
    if pickup_store:
        doc["pickup_store_id"] = str(pickup_store)
    with central.begin() as conn:
        web_shop.publish_order(conn, doc)
    return doc


def return_line(till: Till, order_id: uuid.UUID, quantity: int = 1,
                resolution: Resolution = Resolution.REFUND) -> ReturnSummary:
    with UnitOfWork(till.sessions) as uow:
        summary = complete_return(uow.session, till.actor, ReturnRequest(
            (LineRequest(1, quantity, Reason.CHANGE_OF_MIND, ALL_SHOWN, resolution),),
            order_id=order_id))
        uow.commit()
        return summary


def count(engine: Engine, table: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table).where(*where)) or 0)


# -- worker processes ------------------------------------------------------------------------------

def worker(*args: str) -> subprocess.Popen[str]:
    """`python -m tests.integration.sync_workers ARGS` from the repository root."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.integration.sync_workers", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"worker failed ({proc.returncode}):\n{out}\n{err}"
    return out


def queue_notes(till: Till, n: int) -> None:
    """n audit-only events (the central side just keeps them), in one local transaction."""
    from storepos.services.base import journal

    with UnitOfWork(till.sessions) as uow:
        for i in range(n):
            journal.record(uow.session, till.actor, "test.note", "note", None, {"i": i})
        uow.commit()


def queue_raw(till: Till, action: str, rows: dict[str, Any] | None = None,
              details: dict[str, Any] | None = None) -> uuid.UUID:
    """An outbox entry written by hand (what a buggy or hostile till might send)."""
    from storepos.services.base import outbox

    event_id = uuid.uuid4()
    with UnitOfWork(till.sessions) as uow:
        payload: dict[str, Any] = {"audit": {"subject_type": "test", "subject_id": None,
                                             "details": details or {}}}
        if rows is not None:
            payload["rows"] = rows
        uow.session.add(OutboxEntry(
            id=event_id, till_id=till.actor.till_id, store_id=till.actor.store_id,
            seq=outbox.next_seq(uow.session, till.actor.till_id), action=action,
            occurred_at=till.actor.now(), payload=payload))
        uow.commit()
    return event_id
