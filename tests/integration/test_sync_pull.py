"""Pull against the real PostgreSQL: the change log is read up to the oldest open transaction, so a
central transaction that commits late still reaches the tills; each till gets its own store's
pickups, the online orders and card balances."""

from __future__ import annotations

import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.schema import changes
from storepos.domain.numbers import NumberKind, format_number
from storepos.persistence.models import LedgerEntry, Order, Pickup, ValueAccount
from storepos.services.cards import value_accounts as va
from storepos.sync.protocol import Cursor
from tests.integration.sync_world import central_pg, make_till, publish_online_order

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]
D = Decimal


def _pickup(store_id: uuid.UUID, order_id: str, prefix: str, n: int) -> dict[str, object]:
    return {"store_id": store_id, "id": uuid.uuid4(), "order_id": order_id,
            "number": format_number(NumberKind.PICKUP, prefix, n)}


def test_a_late_committing_central_transaction_still_reaches_the_pull(central_pg: str,
                                                                      tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    store, prefix = till.actor.store_id, till.actor.till_prefix
    one = publish_online_order(central.engine, tmp_path / "web1.db")
    two = publish_online_order(central.engine, tmp_path / "web2.db")
    till.service(central).sync_once()
    late, early = _pickup(store, one["id"], prefix, 901), _pickup(store, two["id"], prefix, 902)

    slow = central.engine.connect()
    slow_tx = slow.begin()
    web_shop.publish_pickup(slow, late)  # takes its change id first ... and commits last
    with central.engine.begin() as conn:
        web_shop.publish_pickup(conn, early)
    with central.engine.connect() as conn:
        ids = dict(conn.execute(select(changes.c.entity_id, changes.c.change_id)
                                .where(changes.c.kind == "pickup")).all())
    assert list(ids) == [early["id"]]  # the late one is not visible yet ...
    # ... and a reader that moved past the visible id would skip the late one for good; here
    # nothing at or after the open transaction is read until it ends.
    before = till.local.cursor()
    till.service(central).sync_once()
    with till.sessions() as s:
        assert s.get(Pickup, early["id"]) is None and s.get(Pickup, late["id"]) is None
    assert till.local.cursor() == before

    slow_tx.commit()
    slow.close()
    with central.engine.connect() as conn:
        ids = dict(conn.execute(select(changes.c.entity_id, changes.c.change_id)
                                .where(changes.c.kind == "pickup")).all())
    assert ids[late["id"]] < ids[early["id"]]  # the late one holds the smaller change id
    for _ in range(300):  # other transactions on the shared server may hold the horizon briefly
        till.service(central).sync_once()
        with till.sessions() as s:
            got = [s.get(Pickup, p["id"]) for p in (late, early)]
        if all(got):
            break
        time.sleep(0.1)
    assert all(got), "the late transaction's pickup never reached the till"
    central.close()


def test_an_open_transaction_in_another_database_does_not_hold_the_pull_back(
    central_pg: str, pg_url: str, tmp_path: Path,
) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    elsewhere = create_engine(pg_url)  # another database on the same server
    with elsewhere.connect() as other:
        other.begin()
        other.execute(text("CREATE TEMPORARY TABLE held (x int)"))
        other.execute(text("INSERT INTO held VALUES (1)"))  # it has a transaction id, and waits
        doc = publish_online_order(central.engine, tmp_path / "web.db")
        till.service(central).sync_once()
        with till.sessions() as s:
            assert s.get(Order, uuid.UUID(doc["id"])) is not None
        other.rollback()
    elsewhere.dispose()
    central.close()


def test_each_till_pulls_its_pickups_the_online_orders_and_card_balances(
    central_pg: str, tmp_path: Path,
) -> None:
    central = Central.connect(central_pg)
    mine, theirs = make_till(tmp_path / "a.db"), make_till(tmp_path / "b.db")
    doc = publish_online_order(central.engine, tmp_path / "web1.db")
    other = publish_online_order(central.engine, tmp_path / "web2.db")
    card_id, number = uuid.uuid4(), format_number(NumberKind.GIFT_CARD, "WEB", 1)
    with central.engine.begin() as conn:
        for till, n, order in ((mine, 1, doc), (theirs, 2, other)):
            web_shop.publish_pickup(conn, _pickup(till.actor.store_id, order["id"],
                                                  till.actor.till_prefix, n))
        web_shop.issue_card(conn, {"id": card_id, "kind": "gift_card", "number": number,
                                   "currency": "CAD", "customer_id": None,
                                   "issued_store_id": None}, D("50.00"),
                            store_id=theirs.actor.store_id)
    report = mine.service(central).sync_once()
    assert report.pulled >= 3
    with mine.sessions() as s:
        stores = {p.store_id for p in s.scalars(select(Pickup))}
        assert stores == {mine.actor.store_id}  # never another store's pickups
        assert s.get(Order, uuid.UUID(doc["id"])) is not None
        assert s.get(ValueAccount, card_id) is not None
    with mine.sessions() as s:
        assert va.find_account(s, mine.actor, number).balance == D("50.00")

    held = central.cards.hold(card_id, D("20.00"), store_id=theirs.actor.store_id)
    central.cards.capture(held, store_id=theirs.actor.store_id)  # spent at the other store
    mine.service(central).sync_once()
    with mine.sessions() as s:
        assert va.find_account(s, mine.actor, number).balance == D("30.00")
        entries = s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == card_id)
                            .order_by(LedgerEntry.seq)).all()
        assert [e.amount for e in entries] == [D("50.00"), D("-20.00")]  # corrections, no edits
    # Nothing new: the pull moves nothing and adds nothing.
    cursor = mine.local.cursor()
    assert mine.service(central).sync_once().pulled == 0
    assert mine.local.cursor() == cursor != Cursor()
    central.close()
