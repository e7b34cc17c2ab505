"""Today's sync fault tests, now through the central service (issue 11): a real `storepos central
serve` on loopback, tills set up with `storepos setup` and syncing with their token only.
Duplicate delivery and a lost acknowledgement on SQLite and PostgreSQL; the service killed with
SIGKILL mid-push, `storepos sync` killed with SIGKILL mid-push, the service (with --workers 2)
stopped by SIGTERM or Ctrl+C mid-push, and two service processes taking two tills' pushes at
once, on PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select, text

from storepos.central.engine import make_central_engine
from storepos.central.schema import events, order_lines, returns
from storepos.domain.sync import EventStatus
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.models import Store
from storepos.persistence.uow import UnitOfWork
from storepos.services.sync.local_till import LocalTill
from storepos.sync.enrolment import load_enrolment
from storepos.sync.errors import CentralUnavailable
from storepos.sync.http_central import HttpCentral
from storepos.sync.protocol import Event
from tests.factories import FixedClock, actor_for, make_employee
from tests.integration import sync_world
from tests.integration.central_service import (
    Service,
    add_store,
    central_db,
    enrol_code,
    free_port,
    service,
    serving,
)
from tests.integration.sync_world import central_pg, count, publish_online_order, queue_notes

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name


def _storepos(home: Path, *args: str) -> subprocess.Popen[str]:
    """`storepos ARGS` as the till in `home` runs it (its own STOREPOS_HOME)."""
    return subprocess.Popen([sys.executable, "-m", "storepos.cli", *args],
                            env={**os.environ, "STOREPOS_HOME": str(home)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _done(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out + err


def set_up_till(service: Service, home: Path, store: str, till: str) -> sync_world.Till:
    """A till set up at the service with `storepos setup` (head office's store and till ids),
    with a cashier to work it."""
    code, said = _done(_storepos(home, "setup", "--central", service.url, "--code",
                                 enrol_code(service.db, store, till)))
    assert code == 0, said
    database = home / "store.db"
    engine = make_engine(str(database))
    sessions = make_session_factory(engine)
    with UnitOfWork(sessions) as uow:
        local = uow.session.scalars(select(Store)).one()
        actor = actor_for(make_employee(uow.session, local), local, clock=FixedClock())
        uow.commit()
    return sync_world.Till(database, engine, sessions, actor,
                           LocalTill(sessions, actor.store_id, actor.till_id), local.code)


def sync_once(till: sync_world.Till) -> tuple[int, str]:
    """`storepos sync --once` for this till (over HTTP, with its saved token)."""
    return _done(_storepos(Path(till.path).parent, "sync", "--once", "--db", str(till.path)))


def connect(till: sync_world.Till, **kw: object) -> HttpCentral:
    enrolment = load_enrolment(Path(till.path))
    assert enrolment is not None
    return HttpCentral(enrolment.url, enrolment.token, **kw)  # type: ignore[arg-type]


def stored(central: Engine, till: sync_world.Till) -> list[int]:
    """The till's events centrally, by seq; each event id counted (none may be there twice)."""
    with central.connect() as conn:
        rows = conn.execute(select(events.c.seq, func.count()).where(
            events.c.till_id == till.actor.till_id).group_by(events.c.event_id, events.c.seq))
        counted = sorted(rows)
    assert all(n == 1 for _, n in counted), counted
    return [seq for seq, _ in counted]


def all_acknowledged(till: sync_world.Till) -> bool:
    return all(e.status is EventStatus.APPLIED for e in till.outbox())


@pytest.fixture
def central(service: Service) -> Iterator[Engine]:
    engine = make_central_engine(service.db)
    yield engine
    engine.dispose()


def test_the_same_batch_pushed_twice_gets_the_stored_results_applied_once(
        service: Service, central: Engine, tmp_path: Path) -> None:
    add_store(service.db, "TOR1")
    till = set_up_till(service, tmp_path / "till", "TOR1", "Till 1")
    doc = publish_online_order(central, tmp_path / "web.db", quantity=2, paid="240.00")
    http = connect(till)
    try:
        sync = till.service(http)
        sync.sync_once()  # pulls the order
        sync_world.return_line(till, uuid.UUID(doc["id"]))
        queue_notes(till, 3)
        first = sync.sync_once()
        sent = till.outbox()
        assert (first.pushed, first.duplicates) == (len(sent), 0) and all_acknowledged(till)

        again = http.push(till.actor.store_id, till.actor.till_id, [
            Event(e.id, e.store_id, e.till_id, e.seq, e.action, e.occurred_at, e.payload)
            for e in sent])
    finally:
        http.close()
    assert [r.event_id for r in again] == [e.id for e in sent]
    assert all(r.duplicate and r.status is EventStatus.APPLIED for r in again)
    assert stored(central, till) == [e.seq for e in sent]
    assert count(central, returns) == 1
    assert count(central, order_lines, order_lines.c.quantity_returned == 1) == 1
    till.close()


class LosesOnePushAnswer(httpx.HTTPTransport):
    """The push reaches the service and is answered, but the answer never reaches the till."""

    lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = super().handle_request(request)
        if request.url.path == "/v1/push" and not self.lost:
            self.lost += 1
            answer.read()
            answer.close()
            raise httpx.ReadError("connection reset after the request was sent", request=request)
        return answer


def test_a_push_whose_answer_is_lost_is_applied_once_on_the_next_push(
        service: Service, central: Engine, tmp_path: Path) -> None:
    add_store(service.db, "TOR1")
    till = set_up_till(service, tmp_path / "till", "TOR1", "Till 1")
    queue_notes(till, 12)
    losing = LosesOnePushAnswer()
    http = connect(till, transport=losing)
    try:
        sync = till.service(http)
        with pytest.raises(CentralUnavailable, match="cannot be reached"):
            sync.sync_once()
        assert losing.lost == 1
        assert stored(central, till) == list(range(1, 13))  # applied centrally
        assert till.local.counts().pending == 12  # but not acknowledged here
        assert sync.status().online is False

        report = sync.sync_once()
    finally:
        http.close()
    assert (report.pushed, report.duplicates) == (0, 12)
    assert stored(central, till) == list(range(1, 13))
    assert till.local.counts().pending == 0 and all_acknowledged(till)
    till.close()


def _applied(central: Engine, till: sync_world.Till) -> int:
    return count(central, events, events.c.till_id == till.actor.till_id)


def _wait_for_a_batch(central: Engine, till: sync_world.Till, sync: subprocess.Popen[str]) -> None:
    """Until the service has applied more of this till's events (or the sync ended)."""
    before = _applied(central, till)
    for _ in range(20_000):
        if _applied(central, till) > before or sync.poll() is not None:
            return
        time.sleep(0.005)
    pytest.fail("the service applied nothing")


@pytest.mark.postgres
@pytest.mark.slow
def test_the_service_killed_mid_push_loses_and_duplicates_nothing(central_pg: str,
                                                                  tmp_path: Path) -> None:
    central = make_central_engine(central_pg)
    add_store(central_pg, "TOR1")
    port = free_port()
    with serving(central_pg, port=port) as running:
        till = set_up_till(running, tmp_path / "till", "TOR1", "Till 1")
    doc = publish_online_order(central, tmp_path / "web.db", quantity=5, paid="600.00")
    with serving(central_pg, port=port):
        assert sync_once(till)[0] == 0  # pulls the order
    for _ in range(3):
        sync_world.return_line(till, uuid.UUID(doc["id"]))
    rng = random.Random(11)
    kills = 0
    for _ in range(6):  # until the service was killed three times mid-push (bounded)
        if not till.local.counts().pending:
            queue_notes(till, 3000)
        with serving(central_pg, port=port) as running:
            sync = _storepos(Path(till.path).parent, "sync", "--once", "--db", str(till.path))
            _wait_for_a_batch(central, till, sync)
            time.sleep(rng.uniform(0.0, 0.1))
            assert running.process is not None
            running.process.send_signal(signal.SIGKILL)
            running.process.wait()
            code, said = _done(sync)
        assert code == 0 or "Offline" in said, said
        if code != 0 and till.local.counts().pending:  # killed mid-push, partly acknowledged
            kills += 1
            if kills == 3:
                break
    assert kills, "no kill landed mid-push"
    total = len(till.outbox())
    with serving(central_pg, port=port):  # restarted on the same database and port
        code, said = sync_once(till)
    assert code == 0, said
    assert till.local.counts().pending == 0 and all_acknowledged(till)
    assert stored(central, till) == list(range(1, total + 1))  # none lost, none twice
    assert count(central, returns) == 3
    assert count(central, order_lines, order_lines.c.quantity_returned == 3) == 1
    central.dispose()
    till.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_two_service_processes_take_two_tills_pushes_at_once(central_pg: str,
                                                             tmp_path: Path) -> None:
    central = make_central_engine(central_pg)
    add_store(central_pg, "TOR1")
    doc = publish_online_order(central, tmp_path / "web.db", quantity=4, paid="480.00")
    with serving(central_pg) as one, serving(central_pg) as two:
        tills = [set_up_till(one, tmp_path / "till-1", "TOR1", "Till 1"),
                 set_up_till(two, tmp_path / "till-2", "TOR1", "Till 2")]
        for till in tills:  # each pulls the order and returns two of its four pairs
            assert sync_once(till)[0] == 0
            sync_world.return_line(till, uuid.UUID(doc["id"]), quantity=2)
            queue_notes(till, 1500)
        syncs = [_storepos(Path(t.path).parent, "sync", "--once", "--db", str(t.path))
                 for t in tills]
        results = [_done(s) for s in syncs]
    assert [code for code, _ in results] == [0, 0], results
    for till in tills:
        assert till.local.counts().pending == 0 and all_acknowledged(till)
        assert stored(central, till) == list(range(1, len(till.outbox()) + 1))
        till.close()
    assert count(central, events) == sum(len(t.outbox()) for t in tills)
    assert count(central, returns) == 2
    assert count(central, order_lines, order_lines.c.quantity_returned == 4) == 1
    central.dispose()


@pytest.mark.postgres
@pytest.mark.slow
def test_storepos_sync_killed_mid_push_through_the_service_loses_and_duplicates_nothing(
        central_pg: str, tmp_path: Path) -> None:
    central = make_central_engine(central_pg)
    add_store(central_pg, "TOR1")
    doc = publish_online_order(central, tmp_path / "web.db", quantity=5, paid="600.00")
    with serving(central_pg) as running:
        till = set_up_till(running, tmp_path / "till", "TOR1", "Till 1")
        assert sync_once(till)[0] == 0  # pulls the order
        for _ in range(3):
            sync_world.return_line(till, uuid.UUID(doc["id"]))
        rng = random.Random(13)
        kills = 0
        for _ in range(6):  # until `storepos sync` was killed three times mid-push (bounded)
            if not till.local.counts().pending:
                queue_notes(till, 3000)
            sync = _storepos(Path(till.path).parent, "sync", "--once", "--db", str(till.path))
            _wait_for_a_batch(central, till, sync)
            time.sleep(rng.uniform(0.0, 0.1))
            if sync.poll() is None:
                sync.send_signal(signal.SIGKILL)  # no handler, no cleanup: as a power cut
                kills += 1
            sync.communicate(timeout=60)
            if kills == 3:
                break
        assert kills, "no kill landed mid-push"
        total = len(till.outbox())
        code, said = sync_once(till)  # run again, it completes
    assert code == 0, said
    assert till.local.counts().pending == 0 and all_acknowledged(till)
    assert stored(central, till) == list(range(1, total + 1))  # none lost, none twice
    assert count(central, returns) == 3
    assert count(central, order_lines, order_lines.c.quantity_returned == 3) == 1
    central.dispose()
    till.close()


def _mid_transaction(central: Engine, database: str) -> bool:
    """A service process of this database is inside a transaction that has written (a push)."""
    with central.connect() as conn:
        return bool(conn.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = :db "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"), {"db": database}))


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize("stop", ["SIGTERM to the service", "SIGINT to its process group"])
def test_a_push_in_flight_when_the_service_stops_commits_or_rolls_back_whole(
        central_pg: str, tmp_path: Path, stop: str) -> None:
    central = make_central_engine(central_pg)
    database = central.url.database
    assert database is not None
    add_store(central_pg, "TOR1")
    port = free_port()
    outcome: dict[str, object] = {}
    with serving(central_pg, "--workers", "2", port=port, own_group=True) as running:
        till = set_up_till(running, tmp_path / "till", "TOR1", "Till 1")
        for _ in range(4):  # two worker processes serve pushes
            queue_notes(till, 5)
            code, said = sync_once(till)
            assert code == 0, said
        before = stored(central, till)
        assert before == list(range(1, 21))
        queue_notes(till, 8000)
        http = connect(till)
        sync = till.service(http, batch_size=10_000)  # one request, one central transaction

        def push() -> None:
            try:
                outcome["report"] = sync.sync_once()
            except CentralUnavailable as exc:
                outcome["error"] = exc.message

        pushing = threading.Thread(target=push)
        pushing.start()
        for _ in range(20_000):  # until the service is inside the push's transaction
            if _mid_transaction(central, database) or not pushing.is_alive():
                break
            time.sleep(0.002)
        assert pushing.is_alive(), outcome  # the stop lands mid-push
        assert running.process is not None
        if stop.startswith("SIGTERM"):
            running.process.send_signal(signal.SIGTERM)
        else:  # Ctrl+C in a terminal: the service and its workers all get SIGINT
            os.killpg(running.process.pid, signal.SIGINT)
        assert running.process.wait(timeout=120) == 0
        pushing.join(timeout=120)
        http.close()
    total = len(till.outbox())
    # The push's answer, not the sync's: a sync whose push went through may still fail at its pull.
    if till.local.counts().pending == 0:  # finished before its worker stopped: stored and acked
        assert stored(central, till) == list(range(1, total + 1)), outcome
    else:  # cut off: nothing of it is stored, nothing acknowledged
        assert till.local.counts().pending == 8000, outcome
        assert stored(central, till) == before, outcome
    print(f"{stop}: the push {'completed' if all_acknowledged(till) else 'was cut off'}")
    with serving(central_pg, "--workers", "2", port=port):  # restarted: the sync completes
        code, said = sync_once(till)
    assert code == 0, said
    assert till.local.counts().pending == 0 and all_acknowledged(till)
    assert stored(central, till) == list(range(1, total + 1))  # every event exactly once
    central.dispose()
    till.close()
