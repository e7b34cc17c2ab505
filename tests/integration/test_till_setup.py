"""A till set up against a real `storepos central serve` through the command line, as a store
would: `storepos setup --central URL --code CODE`, then syncing over HTTP with its token only."""

from __future__ import annotations

import re
import ssl
import stat
import uuid
from pathlib import Path

import pytest
import trustme
from sqlalchemy import select

from storepos.app import StoreOpener
from storepos.central.engine import make_central_engine
from storepos.central.schema import returns
from storepos.domain.sync import EventStatus
from storepos.paths import default_database_path
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import Store, Till
from storepos.persistence.uow import UnitOfWork
from storepos.services.sync.local_till import LocalTill
from storepos.sync.enrolment import load_enrolment, token_path
from storepos.sync.errors import TillDisconnected
from tests.factories import FixedClock, actor_for, make_employee
from tests.integration import sync_world
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol_code,
    free_port,
    home,
    service,
    serving,
    storepos,
)
from tests.integration.sync_world import central_pg

__all__ = ["central_db", "central_pg", "home", "service"]  # the fixtures, used by name
CREDENTIALS = re.compile(rb"postgres|://[^/\s\"]*:[^/\s\"]*@")  # a database, or user:password@


def set_up(service: Service, store: str = "TOR1", till: str = "Till 2") -> str:
    add_store(service.db, store)
    done = storepos("setup", "--central", service.url, "--code",
                    enrol_code(service.db, store, till))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_setup_enrols_the_till_and_keeps_only_its_token(service: Service, home: Path) -> None:
    said = set_up(service)

    assert "TOR12" in said and "TOR1" in said
    database = default_database_path()
    assert database.parent == home
    token = token_path(database)
    assert stat.S_IMODE(token.stat().st_mode) == 0o600  # this user's only
    enrolment = load_enrolment(database)
    assert enrolment is not None and enrolment.url == service.url and len(enrolment.token) >= 43
    # The central database's URL (an SQLite path or a PostgreSQL URL) is nowhere on the till.
    for file in home.rglob("*"):
        content = file.read_bytes()
        assert not CREDENTIALS.search(content), file
        assert service.db.encode() not in content, file
    engine = make_engine(str(database))
    with make_session_factory(engine)() as session:
        store = session.scalars(select(Store)).one()
        till = session.scalars(select(Till)).one()
    engine.dispose()
    listed = storepos("central", "tills", "--db", service.db).stdout
    assert (store.code, store.currency, store.time_zone, store.country) == (
        "TOR1", "CAD", "America/Toronto", "CA")
    assert (till.prefix, till.name, till.store_id) == ("TOR12", "Till 2", store.id)
    assert str(till.id)[:8] in listed  # head office's till id


def test_a_bad_code_and_an_unreachable_service_are_one_line_and_exit_2(service: Service,
                                                                       home: Path) -> None:
    add_store(service.db, "TOR1")
    code = enrol_code(service.db, "TOR1", "Till 1")
    assert storepos("setup", "--central", service.url, "--code", code).returncode == 0
    for args, words in (
        (("--central", service.url, "--code", code), "already used"),
        (("--central", service.url, "--code", "AAAA-BBBB-CCCC-DDDD"), "not known"),
        (("--central", f"http://127.0.0.1:{free_port()}", "--code", code), "cannot be reached"),
    ):
        done = storepos("setup", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_setup_refuses_a_certificate_made_for_another_host(tmp_path: Path, home: Path) -> None:
    db = str(tmp_path / "central.db")
    assert storepos("central", "init", "--db", db).returncode == 0
    ca = trustme.CA()
    ca_file = str(tmp_path / "ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    cert = ca.issue_cert("localhost")
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    with serving(db, "--certfile", str(tmp_path / "cert.pem"), "--keyfile",
                 str(tmp_path / "key.pem"), host="localhost",
                 verify=ssl.create_default_context(cafile=ca_file)) as running:
        add_store(db, "TOR1")
        code = enrol_code(db, "TOR1", "Till 1")
        by_address = running.url.replace("localhost", "127.0.0.1")
        refused = storepos("setup", "--central", by_address, "--code", code, "--ca-file", ca_file)
        assert refused.returncode == 2
        assert "certificate this till does not trust" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert not token_path(default_database_path()).exists()
        done = storepos("setup", "--central", running.url, "--code", code, "--ca-file", ca_file)
        assert done.returncode == 0, done.stderr  # the code was not spent by the refusal
    enrolment = load_enrolment(default_database_path())
    assert enrolment is not None and enrolment.ca_file == ca_file


def test_a_set_up_till_syncs_a_return_over_http_until_head_office_disconnects_it(
        service: Service, home: Path, tmp_path: Path) -> None:
    set_up(service)
    database = default_database_path()
    engine = make_engine(str(database))
    sessions = make_session_factory(engine)
    with UnitOfWork(sessions) as uow:
        store = uow.session.scalars(select(Store)).one()
        actor = actor_for(make_employee(uow.session, store), store, clock=FixedClock())
        uow.commit()
    till = sync_world.Till(database, engine, sessions, actor,
                           LocalTill(sessions, actor.store_id, actor.till_id), store.code)
    central = make_central_engine(service.db)
    doc = sync_world.publish_online_order(central, tmp_path / "web.db")
    try:
        pulled = storepos("sync", "--once")
        assert pulled.returncode == 0, pulled.stderr
        assert service.url in pulled.stdout and "pushed 0" in pulled.stdout
        sync_world.return_line(till, uuid.UUID(doc["id"]))

        pushed = storepos("sync", "--once")
        assert pushed.returncode == 0, pushed.stderr
        assert "pushed 0" not in pushed.stdout and "quarantined 0" in pushed.stdout
        assert sync_world.count(central, returns, returns.c.store_id == store.id) == 1
        assert all(e.status is EventStatus.APPLIED for e in till.outbox())

        revoked = storepos("central", "revoke", "--db", service.db, str(actor.till_id)[:8])
        assert revoked.returncode == 0, revoked.stderr
        refused = storepos("sync", "--once")
        assert refused.returncode == 1
        assert refused.stderr.startswith("This till was disconnected by head office")
        enrolment = load_enrolment(database)
        assert enrolment is not None
        http = enrolment.connect()
        sync = till.service(http)
        with pytest.raises(TillDisconnected, match="This till was disconnected by head office"):
            sync.sync_once()
        assert sync.status().online is False and sync.status().disconnected
        assert "disconnected by head office" in sync.status().last_error
        http.close()
    finally:
        central.dispose()
        till.close()


def test_the_app_of_a_set_up_till_syncs_with_the_service(service: Service, home: Path) -> None:
    set_up(service)
    opener = StoreOpener(default_database_path(), print_queue=False, sync=True)
    try:
        opener(lambda _words: None)
        opener.sync_and_wait()
        status = opener.sync_status()
        assert status is not None and status.online is True, status
        assert storepos("central", "revoke", "--db", service.db, "Till 2").returncode == 0
        opener.sync_and_wait()
        status = opener.sync_status()
        assert status is not None and status.online is False and status.disconnected
        assert "This till was disconnected by head office" in status.last_error
    finally:
        opener.close()
    assert not (home / "central.db").exists()  # never the embedded central
