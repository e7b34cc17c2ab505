"""On a till, STOREPOS_CENTRAL_URL (and `storepos sync --central`) names the central service,
never a database (issue 11): a database URL is refused at start in words (exit 2), an https://
address moves a set-up till's service (its token still comes from the setup), and without a setup
or an address the embedded central (a single store, the demo) stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepos import cli
from storepos.app import StoreOpener, open_app
from storepos.domain.errors import StoreposError
from storepos.paths import default_database_path
from storepos.services.base.till_identity import TillIdentity, save_identity
from storepos.sync.enrolment import load_enrolment
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
from tests.integration.sync_world import central_pg, make_till, queue_notes

__all__ = ["central_db", "central_pg", "home", "service"]  # the fixtures, used by name
DATABASE_URL = "postgresql+psycopg://storepos_tor1:secret@head-office.example:5432/central"
REFUSED = ("STOREPOS_CENTRAL_URL names a database; a till talks to head office's service: run "
           "storepos setup --central https://... --code ...")


def test_a_database_url_is_refused_in_words_by_sync_and_the_app(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    till = make_till(default_database_path())
    save_identity(till.path, TillIdentity(till.store_code, till.actor.till_prefix))
    queue_notes(till, 2)
    till.close()
    monkeypatch.setenv("STOREPOS_CENTRAL_URL", DATABASE_URL)
    assert cli.main(["sync", "--once"]) == 2
    assert capsys.readouterr().err.strip() == REFUSED
    monkeypatch.delenv("STOREPOS_CENTRAL_URL")
    assert cli.main(["sync", "--once", "--central", str(home / "central.db")]) == 2
    assert capsys.readouterr().err.startswith("--central names a database;")
    assert not (home / "central.db").exists()  # nothing was opened

    monkeypatch.setenv("STOREPOS_CENTRAL_URL", DATABASE_URL)
    assert open_app(default_database_path()) == 2  # before any window
    assert capsys.readouterr().err.strip() == REFUSED
    opener = StoreOpener(default_database_path(), print_queue=False, sync=True)
    try:
        with pytest.raises(StoreposError, match="names a database"):
            opener(lambda _words: None)
    finally:
        opener.close()


def test_a_service_address_without_a_setup_is_refused(
        home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    make_till(default_database_path()).close()
    monkeypatch.setenv("STOREPOS_CENTRAL_URL", "https://central.example:8443")
    assert cli.main(["sync", "--once"]) == 2
    said = capsys.readouterr().err
    assert "not set up" in said and "storepos setup --central" in said


def test_without_a_setup_or_an_address_the_embedded_central_stays(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    till = make_till(default_database_path())
    save_identity(till.path, TillIdentity(till.store_code, till.actor.till_prefix))
    queue_notes(till, 3)
    till.close()
    assert cli.main(["sync", "--once"]) == 0
    assert "pushed 3" in capsys.readouterr().out
    assert (home / "central.db").exists()


def test_the_variable_moves_a_set_up_tills_service_and_the_token_stays_the_setups(
        service: Service, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_store(service.db, "TOR1")
    done = storepos("setup", "--central", service.url, "--code",
                    enrol_code(service.db, "TOR1", "Till 1"))
    assert done.returncode == 0, done.stderr
    with serving(service.db) as moved:  # the same database behind another address
        monkeypatch.setenv("STOREPOS_CENTRAL_URL", moved.url)
        synced = storepos("sync", "--once")
        assert synced.returncode == 0, synced.stderr
        assert moved.url in synced.stdout
    monkeypatch.setenv("STOREPOS_CENTRAL_URL", f"http://127.0.0.1:{free_port()}")
    offline = storepos("sync", "--once")
    assert offline.returncode == 1 and offline.stderr.startswith("Offline:"), offline.stderr
    enrolment = load_enrolment(default_database_path())
    assert enrolment is not None and enrolment.url == service.url  # the setup's, unchanged
