"""SyncService and `storepos sync`: status (online / offline, queued, last sync), the background
loop backing off while the central database is down, and the embedded SQLite central (the default
for a single store or the demo) running the same code as PostgreSQL."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from storepos import cli
from storepos.central.client import Central
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.schema import events, reviews
from storepos.services.base.till_identity import TillIdentity, save_identity
from storepos.sync.errors import CentralUnavailable
from storepos.sync.service import Backoff
from tests.integration.sync_world import (
    central_pg,
    count,
    make_till,
    publish_online_order,
    queue_notes,
    return_line,
)

__all__ = ["central_pg"]
NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2"


@pytest.mark.postgres
def test_status_online_offline_queued_and_last_sync(central_pg: str, tmp_path: Path) -> None:
    till = make_till(tmp_path / "till.db")
    queue_notes(till, 4)
    down = till.service(Central.connect(NOWHERE))
    first = down.status()
    assert (first.online, first.queued, first.last_sync) == (None, 4, None)
    with pytest.raises(CentralUnavailable):
        down.sync_once()
    offline = down.status()
    assert (offline.online, offline.queued) == (False, 4) and offline.last_error
    assert offline.label == "offline, 4 queued"

    service = till.service(Central.connect(central_pg))
    service.sync_once()
    online = service.status()
    assert (online.online, online.queued, online.last_error) == (True, 0, "")
    assert online.last_sync is not None


@pytest.mark.postgres
def test_the_background_loop_backs_off_then_syncs_when_asked(central_pg: str,
                                                             tmp_path: Path) -> None:
    till = make_till(tmp_path / "till.db")
    queue_notes(till, 3)
    service = till.service(Central.connect(NOWHERE), interval=60.0,
                           backoff=Backoff(first=0.05, most=0.2))
    service.start()
    try:
        for _ in range(400):  # bounded: a few failed attempts, each followed by a longer wait
            if service._failures >= 3:
                break
            time.sleep(0.05)
        assert service._failures >= 3 and service.status().online is False
        assert 0 < service.next_wait() <= 0.2
        service.central = Central.connect(central_pg)  # the network is back
        service.sync_now()
        for _ in range(400):  # until a whole sync (push, then pull) has completed
            if service.status().online:
                break
            time.sleep(0.05)
        status = service.status()
        assert (status.online, status.queued) == (True, 0)
        assert service.next_wait() == 60.0
    finally:
        service.stop()
    assert not (service._thread and service._thread.is_alive())


def test_backoff_doubles_up_to_its_most() -> None:
    backoff = Backoff(first=1.0, most=8.0)
    for failures, top in ((1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)):
        assert top / 2 <= backoff.delay(failures) <= top


def test_the_embedded_sqlite_central_runs_the_same_rules(tmp_path: Path) -> None:
    central_url = f"sqlite:///{tmp_path / 'central.db'}"
    upgrade_central(central_url)
    central = Central.connect(central_url)
    doc = publish_online_order(central.engine, tmp_path / "web.db")
    a, b = make_till(tmp_path / "a.db"), make_till(tmp_path / "b.db")
    for till in (a, b):
        till.service(central).sync_once()
    return_line(a, uuid.UUID(doc["id"]))
    return_line(b, uuid.UUID(doc["id"]))  # the same single pair, at another store
    assert a.service(central).sync_once().flagged == 0
    assert b.service(central).sync_once().flagged == 1
    assert count(central.engine, reviews) == 1
    # a replay changes nothing
    assert b.service(central).sync_once().pushed == 0
    central.close()


def test_storepos_sync_once_uses_the_embedded_central_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("STOREPOS_CENTRAL_URL", raising=False)
    till = make_till(tmp_path / "store.db")
    save_identity(till.path, TillIdentity(till.store_code, till.actor.till_prefix))
    queue_notes(till, 5)
    till.close()
    assert cli.main(["sync", "--once", "--db", str(till.path)]) == 0
    out = capsys.readouterr().out
    assert "pushed 5" in out and "online, 0 queued" in out
    central = Central.connect(str(tmp_path / "central.db"))
    assert count(central.engine, events) == 5
    central.close()
    assert cli.main(["sync", "--once", "--db", str(till.path)]) == 0
    assert "pushed 0" in capsys.readouterr().out

    monkeypatch.setenv("STOREPOS_CENTRAL_URL", NOWHERE)  # a database: never, on a till
    assert cli.main(["sync", "--once", "--db", str(till.path)]) == 2
    assert capsys.readouterr().err.startswith("STOREPOS_CENTRAL_URL names a database")
