"""Offline card exposure is bounded per store (issue 11): head office sets a store's offline card
limits, each active till gets its share (the per-card limit split between them) at enrolment and
at every sync and keeps the last one beside its token. Its own settings do not raise it, an edited
file lasts only until the next sync, and what it took offline beyond a card's balance is flagged
on sync. Real `storepos central serve` on loopback, tills set up with `storepos setup`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from storepos.central.engine import make_central_engine
from storepos.central.schema import reviews
from storepos.domain.sync import EventStatus, OfflineLimitExceeded, OfflineLimits
from storepos.sync.enrolment import load_enrolment, service_path
from tests.integration import sync_world
from tests.integration.central_service import (
    Service,
    central_db,
    free_port,
    service,
    serving,
    storepos,
)
from tests.integration.sync_world import central_pg
from tests.integration.test_http_sync_faults import set_up_till, sync_once
from tests.integration.till_app import App, web_card

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name
D = Decimal


def add_store(db: str, code: str, *limits: str) -> None:
    done = storepos("central", "store", "add", "--db", db, "--code", code, "--name",
                    f"SoftMoc {code}", "--locale", "en_CA", "--currency", "CAD", "--timezone",
                    "America/Toronto", "--policy", "softmoc", *limits)
    assert done.returncode == 0, done.stderr


def share(till: sync_world.Till) -> OfflineLimits | None:
    enrolment = load_enrolment(Path(till.path))
    assert enrolment is not None
    return enrolment.offline


def limits(per_card: str, per_sale: str = "60.00") -> OfflineLimits:
    return OfflineLimits(per_sale=D(per_sale), per_card=D(per_card))


def test_each_till_gets_its_share_of_the_stores_limit_and_it_follows_the_store(
        service: Service, tmp_path: Path) -> None:
    add_store(service.db, "TOR1", "--offline-per-card", "100.00", "--offline-per-sale", "60.00")
    one = set_up_till(service, tmp_path / "till-1", "TOR1", "Till 1")
    assert share(one) == limits("100.00")  # alone in its store, at enrolment
    two = set_up_till(service, tmp_path / "till-2", "TOR1", "Till 2")
    assert share(two) == limits("50.00")
    assert sync_once(one)[0] == 0
    assert share(one) == limits("50.00")  # a second till came: at its next sync

    revoked = storepos("central", "revoke", "--db", service.db, "Till 2")
    assert revoked.returncode == 0, revoked.stderr
    assert sync_once(one)[0] == 0
    assert share(one) == limits("100.00")  # the revoked till's share is the other's again

    changed = storepos("central", "store", "limits", "--db", service.db, "--code", "TOR1",
                       "--offline-per-card", "30.00")
    assert changed.returncode == 0, changed.stderr
    assert "30.00 per card" in changed.stdout
    listed = storepos("central", "store", "list", "--db", service.db)
    assert "offline 30.00/card 60.00/sale" in listed.stdout
    assert sync_once(one)[0] == 0
    assert share(one) == limits("30.00")
    for till in (one, two):
        till.close()


def test_store_add_has_sane_defaults_and_refuses_a_bad_amount_in_words(central_db: str) -> None:
    add_store(central_db, "TOR1")
    assert "offline 100.00/card 50.00/sale" in storepos("central", "store", "list", "--db",
                                                        central_db).stdout
    for flag, value in (("--offline-per-card", "-5"), ("--offline-per-sale", "lots"),
                        ("--offline-per-card", "1.005")):
        done = storepos("central", "store", "add", "--db", central_db, "--code", "TOR2",
                        "--name", "x", "--locale", "en_CA", "--currency", "CAD", "--timezone",
                        "America/Toronto", "--policy", "softmoc", flag, value)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "is not an amount" in done.stderr
    unknown = storepos("central", "store", "limits", "--db", central_db, "--code", "NOPE",
                       "--offline-per-card", "10.00")
    assert unknown.returncode == 2 and "no store with the code NOPE" in unknown.stderr


def _edit_share(till: sync_world.Till, per_card: str) -> None:
    """What someone with the till's files does: give it a bigger share."""
    path = service_path(Path(till.path))
    settings = json.loads(path.read_text(encoding="utf-8"))
    settings["offline"] = {"per_sale": per_card, "per_card": per_card}
    path.write_text(json.dumps(settings), encoding="utf-8")


@pytest.mark.postgres
def test_a_till_cannot_raise_its_share_and_an_offline_overtake_is_flagged_on_sync(
        central_pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    central = make_central_engine(central_pg)
    add_store(central_pg, "TOR1", "--offline-per-card", "100.00", "--offline-per-sale", "100.00")
    card_id, number = web_card(central, "80.00")
    port = free_port()
    with serving(central_pg, port=port) as running:
        one = set_up_till(running, tmp_path / "till-1", "TOR1", "Till 1")
        two = set_up_till(running, tmp_path / "till-2", "TOR1", "Till 2")
        code, said = sync_once(two)
        assert code == 0, said
        # The attacker's settings: the per-till limit of before, and the till's own file.
        monkeypatch.setenv("STOREPOS_OFFLINE_PER_CARD", "10000.00")
        _edit_share(one, "10000.00")
        app = App(one)
        try:
            app.opener.sync_and_wait()
            assert app.gate.offline_limits() == limits("50.00", "100.00")  # head office's share
            assert share(one) == limits("50.00", "100.00")  # and the file says so again
        finally:
            app.close()
        # Till 2 spends 40.00 of the card online (held and captured centrally).
        app2 = App(two)
        try:
            app2.opener.sync_and_wait()
            assert not app2.redeem(number, "40.00").offline
            app2.opener.sync_and_wait()
        finally:
            app2.close()

    # The service is down. Till 1, edited again and restarted, still believes the card has 80.00.
    _edit_share(one, "10000.00")
    app = App(one)
    try:
        assert app.gate.offline_limits().per_card == D("10000.00")  # offline: its file is all
        taken = app.redeem(number, "80.00")  # above its share of 50.00
        assert taken.offline
        with serving(central_pg, port=port):  # back: the next sync reconciles and flags it
            app.opener.sync_and_wait()
            status = app.opener.sync_status()
            assert status is not None and status.online and status.flagged == 1, status
        assert app.gate.offline_limits() == limits("50.00", "100.00")
        with pytest.raises(OfflineLimitExceeded):  # offline again: the share holds
            app.redeem(number, "60.00")
    finally:
        app.close()
    [entry] = [e for e in one.outbox() if e.action == "ledger.redeem"]
    assert entry.status is EventStatus.FLAGGED and "40.00 overdrawn" in entry.result
    with central.connect() as conn:
        [review] = conn.execute(select(reviews).where(reviews.c.subject_id == card_id)).all()
    assert review.kind == "card_overdraft" and review.amount == D("40.00")
    assert review.store_id == one.actor.store_id
    central.dispose()
    for till in (one, two):
        till.close()
