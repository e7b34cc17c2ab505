"""Head office's way out of a stuck cancellation claim (issue 15), through the command line on a
central database made by `storepos central init` (SQLite and PostgreSQL): a till claimed an
order's cancellation and died before it wrote anything, its release never arrived.

`storepos central cancellation list` shows the held claim (order, store, till, claimed at, age);
`release` gives it back with who and why kept in office_actions, after which another till may
claim it. Refused, exit 2, nothing changed: a settled claim (the order IS cancelled), a claim
whose till pushed its cancellation of the order after the claim (its event quarantined, so the
claim stayed held: the refund happened), an order nobody claimed, no reason."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from storepos.central import cancellations
from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.enrolment import enrol, make_enrolment_code
from storepos.central.schema import events, office_actions, order_cancellations
from storepos.domain.events import EventKind
from storepos.sync.errors import CancelRefused
from tests.integration.central_service import add_store, central_db, storepos
from tests.integration.sync_world import central_pg
from tests.integration.test_order_cancel import pending_order

__all__ = ["central_db", "central_pg"]  # the fixtures, used by name


@dataclass
class Desk:
    db: str
    engine: Engine
    order_id: uuid.UUID
    number: str
    stores: dict[str, uuid.UUID]
    tills: dict[str, uuid.UUID]

    def claim(self, till: str, *, at: datetime) -> uuid.UUID:
        store = self.stores[till[:3]]
        claim_id = uuid.uuid4()
        with self.engine.begin() as conn:
            cancellations.claim(conn, self.order_id, claim_id, store_id=store,
                                till_id=self.tills[till], now=at)
        return claim_id

    def status(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.scalar(select(order_cancellations.c.status)))

    def office_rows(self) -> list[dict[str, object]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(office_actions))]


@pytest.fixture
def desk(central_db: str, tmp_path: Path) -> Iterator[Desk]:
    add_store(central_db, "TOR")
    add_store(central_db, "OTT")
    engine = make_central_engine(central_db)
    tills = {}
    for name, store in (("TOR1", "TOR"), ("TOR2", "TOR"), ("OTT1", "OTT")):
        tills[name] = enrol(engine, make_enrolment_code(engine, store, name)).till.id
    with engine.connect() as conn:
        from storepos.central.schema import stores
        codes = {row.code: row.id for row in conn.execute(select(stores.c.code, stores.c.id))}
    doc = pending_order(tmp_path / "web.db")
    with engine.begin() as conn:
        web_shop.publish_order(conn, doc)
    yield Desk(central_db, engine, uuid.UUID(doc["id"]), doc["number"], codes, tills)
    engine.dispose()


def test_list_shows_the_held_claim_with_its_store_till_and_age(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    desk.claim("TOR1", at=datetime.now(UTC) - timedelta(hours=2, minutes=5))
    done = storepos("central", "cancellation", "list", "--db", desk.db)
    assert done.returncode == 0, done.stderr
    (row, total) = done.stdout.strip().splitlines()
    assert row.split()[:3] == [desk.number, "TOR", "TOR1"]
    assert "UTC" in row and "held for 2 h 0" in row
    assert total == "1 open cancellation claim."
    other = storepos("central", "cancellation", "list", "--db", desk.db, "--store", "OTT")
    assert other.stdout.strip() == "0 open cancellation claims."
    unknown = storepos("central", "cancellation", "list", "--db", desk.db, "--store", "NOPE")
    assert unknown.returncode == 2 and "no store with the code NOPE" in unknown.stderr
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")  # the count in its plural form, not "(s)"
    french = storepos("central", "cancellation", "list", "--db", desk.db)
    assert french.stdout.strip().splitlines()[-1] == "1 réservation d'annulation ouverte."


def test_release_frees_the_order_and_records_who_and_why(desk: Desk) -> None:
    desk.claim("TOR1", at=datetime.now(UTC) - timedelta(hours=3))
    with pytest.raises(CancelRefused):  # stuck: no other till can cancel the order
        desk.claim("OTT1", at=datetime.now(UTC))
    done = storepos("central", "cancellation", "release", "--db", desk.db, "--order", desk.number,
                    "--reason", "Till 1 died; the store says nothing was refunded",
                    "--by", "Hélène at head office")
    assert done.returncode == 0, done.stderr
    assert f"on order {desk.number} is released" in done.stdout
    assert desk.status() == "released"
    (row,) = desk.office_rows()
    assert row["action"] == "cancellation.released" and row["subject"] == desk.number
    assert row["by"] == "Hélène at head office" and row["store_id"] == desk.stores["TOR"]
    assert row["reason"] == "Till 1 died; the store says nothing was refunded"
    assert row["details"]["till"] == "TOR1"  # type: ignore[index]
    desk.claim("OTT1", at=datetime.now(UTC))  # another store's till may cancel it now
    assert desk.status() == "held"
    listed = storepos("central", "cancellation", "list", "--db", desk.db, "--store", "OTT")
    assert listed.stdout.splitlines()[0].split()[:3] == [desk.number, "OTT", "OTT1"]


def test_a_settled_claim_is_refused_the_order_is_cancelled(desk: Desk) -> None:
    claim_id = desk.claim("TOR1", at=datetime.now(UTC) - timedelta(hours=1))
    with desk.engine.begin() as conn:  # the till's cancellation event arrived
        assert cancellations.settle(conn, desk.order_id, claim_id, store_id=desk.stores["TOR"],
                                    return_id=uuid.uuid4(), return_number="R-TOR1-000001-1",
                                    now=datetime.now(UTC))
    done = storepos("central", "cancellation", "release", "--db", desk.db, "--order", desk.number,
                    "--reason", "The store asked", "--by", "Hélène")
    assert done.returncode == 2 and done.stdout == ""
    assert "the order IS cancelled" in done.stderr and "Nothing was released" in done.stderr
    assert desk.status() == "done" and desk.office_rows() == []


def pushed_cancellation(desk: Desk, claimed: datetime) -> None:
    """TOR1's order.cancelled for the order, arrived after its claim but quarantined."""
    with desk.engine.begin() as conn:
        conn.execute(insert(events).values(
            store_id=desk.stores["TOR"], event_id=uuid.uuid4(), till_id=desk.tills["TOR1"],
            seq=1, action=str(EventKind.ORDER_CANCELLED), subject_id=desk.order_id,
            occurred_at=claimed + timedelta(minutes=1), received_at=claimed + timedelta(minutes=2),
            status="quarantined", result="a rule refused it", payload={}))


def test_a_claim_whose_till_pushed_its_cancellation_is_refused(desk: Desk) -> None:
    """The till refunded and pushed the cancellation, but its event was quarantined, so the claim
    stayed held: releasing it would allow a second refund."""
    claimed = datetime.now(UTC) - timedelta(hours=1)
    desk.claim("TOR1", at=claimed)
    pushed_cancellation(desk, claimed)
    done = storepos("central", "cancellation", "release", "--db", desk.db, "--order", desk.number,
                    "--reason", "The store asked", "--by", "Hélène")
    assert done.returncode == 2, done.stdout
    assert "pushed its cancellation of order" in done.stderr and "quarantined" in done.stderr
    assert desk.status() == "held" and desk.office_rows() == []


def test_an_earlier_event_of_the_till_does_not_block_the_release(desk: Desk) -> None:
    claimed = datetime.now(UTC) - timedelta(hours=1)
    desk.claim("TOR1", at=claimed)
    with desk.engine.begin() as conn:  # another order's cancellation, and one from before
        conn.execute(insert(events).values(
            store_id=desk.stores["TOR"], event_id=uuid.uuid4(), till_id=desk.tills["TOR1"],
            seq=1, action=str(EventKind.ORDER_CANCELLED), subject_id=uuid.uuid4(),
            occurred_at=claimed + timedelta(minutes=1), received_at=claimed + timedelta(minutes=2),
            status="applied", payload={}))
    done = storepos("central", "cancellation", "release", "--db", desk.db, "--order", desk.number,
                    "--reason", "The store checked: no refund", "--by", "Hélène")
    assert done.returncode == 0, done.stderr
    assert desk.status() == "released"


def test_nothing_to_release_and_no_reason_are_refused(desk: Desk) -> None:
    none = storepos("central", "cancellation", "release", "--db", desk.db, "--order", desk.number,
                    "--reason", "why not", "--by", "Hélène")
    assert none.returncode == 2 and "nothing to release" in none.stderr
    desk.claim("TOR1", at=datetime.now(UTC))
    blank = storepos("central", "cancellation", "release", "--db", desk.db, "--order", desk.number,
                     "--reason", "   ", "--by", "Hélène")
    assert blank.returncode == 2 and "Say why" in blank.stderr
    assert desk.status() == "held"
    with desk.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(office_actions)) == 0


def test_the_help_says_to_check_with_the_store_first() -> None:
    done = storepos("central", "cancellation", "release", "--help")
    assert done.returncode == 0
    assert "CHECK WITH THE STORE FIRST" in " ".join(done.stdout.split())


def test_the_refusals_in_french(desk: Desk) -> None:
    from storepos.central.claim_desk import release_claim
    from storepos.central.enrolment import Refused
    from storepos.i18n import speaking

    now = datetime.now(UTC)
    with speaking("fr_CA"), desk.engine.begin() as conn, pytest.raises(Refused) as none:
        release_claim(conn, desk.number, reason="pourquoi pas", by="Hélène", now=now)
    assert str(none.value) == (f"Aucun magasin n'a réservé l'annulation de la commande "
                               f"{desk.number} : il n'y a rien à libérer.")
    claimed = now - timedelta(hours=1)
    desk.claim("TOR1", at=claimed)
    pushed_cancellation(desk, claimed)
    with speaking("fr_CA"), desk.engine.begin() as conn, pytest.raises(Refused) as pushed:
        release_claim(conn, desk.number, reason="Le magasin a demandé", by="Hélène", now=now)
    said = str(pushed.value)
    assert said.startswith(f"La caisse TOR1 du magasin TOR a envoyé son annulation de la commande "
                           f"{desk.number} après la réservation (")
    assert said.endswith(" UTC, mis en quarantaine) : le remboursement a eu lieu là-bas. Rien n'a "
                         "été libéré.")
    assert desk.status() == "held"
