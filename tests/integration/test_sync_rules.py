"""Central rules, checked centrally whatever a till sent: no online order line refunded beyond what
was sold across all stores (the second return is flagged for review with both receipts linked),
and statuses only move forward."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from storepos.central import orders as web_shop
from storepos.central import review
from storepos.central.client import Central
from storepos.central.schema import (
    line_returns,
    order_lines,
    quarantine,
    returns,
    reviews,
    warranty_claims,
)
from storepos.central.schema import pickups as central_pickups
from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.sync import EventStatus
from storepos.persistence.models import OrderLine, Pickup
from storepos.persistence.uow import UnitOfWork
from storepos.services.pickups import status as pickups
from storepos.sync.errors import CentralUnavailable
from tests.integration.sync_world import (
    central_pg,
    count,
    make_till,
    publish_online_order,
    queue_notes,
    queue_raw,
    return_line,
)

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]


class Unreachable:
    def push(self, *args: object) -> object:
        raise CentralUnavailable("network down")

    def pull(self, *args: object) -> object:
        raise CentralUnavailable("network down")


def test_two_stores_return_one_online_line_and_the_offline_one_is_flagged(
    central_pg: str, tmp_path: Path,
) -> None:
    central = Central.connect(central_pg)
    doc = publish_online_order(central.engine, tmp_path / "web.db", quantity=1)
    order_id, line_id = uuid.UUID(doc["id"]), uuid.UUID(doc["lines"][0]["id"])
    toronto, ottawa = make_till(tmp_path / "tor.db"), make_till(tmp_path / "ott.db")
    toronto.service(central).sync_once()
    ottawa.service(central).sync_once()  # both know the order, nothing returned yet

    offline = ottawa.service(Unreachable())
    first = return_line(toronto, order_id)
    toronto.service(central).sync_once()
    with pytest.raises(CentralUnavailable):
        offline.sync_once()  # Ottawa is offline: it cannot know Toronto took the pair back
    second = return_line(ottawa, order_id)
    assert offline.status().queued >= 1 and offline.status().online is False

    report = ottawa.service(central).sync_once()
    assert report.flagged == 1
    [entry] = [e for e in ottawa.outbox() if e.action == "return.completed"]
    assert entry.status is EventStatus.FLAGGED
    assert first.return_number in entry.result and second.return_number in entry.result
    with central.engine.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)
                           .where(order_lines.c.id == line_id)) == 1  # never more than sold
        [flag] = conn.execute(select(reviews)).all()
        assert flag.kind == "over_refund" and flag.subject_id == line_id
        assert flag.quantity == 1 and flag.store_id == ottawa.actor.store_id
        linked = {(r["return_number"], r["store_id"]) for r in flag.receipts}
        assert linked == {(first.return_number, str(toronto.actor.store_id)),
                          (second.return_number, str(ottawa.actor.store_id))}
        assert {r.accepted for r in conn.execute(select(line_returns))} == {0, 1}
    assert count(central.engine, returns) == 2  # both refunds happened: both are on record

    # On the manager's list until someone decides; then off it, with who and what.
    with central.engine.begin() as conn:
        [item] = review.open_items(conn, ottawa.actor.store_id)
        assert item.kind == "over_refund" and len(item.receipts) == 2
        assert review.resolve(conn, item, by="Maria Manager", resolution="refund recovered")
        assert review.open_items(conn) == []

    # Ottawa's till learns the central count: the line can't be returned a third time there.
    ottawa.service(central).sync_once()
    with ottawa.sessions() as s:
        assert s.get(OrderLine, line_id).quantity_returned == 1  # type: ignore[union-attr]
    central.close()


def test_returns_within_what_was_sold_across_stores_are_not_flagged(central_pg: str,
                                                                    tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    doc = publish_online_order(central.engine, tmp_path / "web.db", quantity=2, paid="240.00")
    a, b = make_till(tmp_path / "a.db"), make_till(tmp_path / "b.db")
    for till in (a, b):
        till.service(central).sync_once()
    return_line(a, uuid.UUID(doc["id"]))
    return_line(b, uuid.UUID(doc["id"]))  # both before either syncs: 2 of 2, fine
    assert a.service(central).sync_once().flagged == 0
    assert b.service(central).sync_once().flagged == 0
    assert count(central.engine, order_lines, order_lines.c.quantity_returned == 2) == 1
    assert count(central.engine, reviews) == 0
    central.close()


def test_a_pickup_status_never_moves_backwards(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    doc = publish_online_order(central.engine, tmp_path / "web.db",
                               pickup_store=till.actor.store_id)
    pickup_id = uuid.uuid4()
    number = format_number(NumberKind.PICKUP, till.actor.till_prefix, 9000)  # the web shop's
    with central.engine.begin() as conn:
        web_shop.publish_pickup(conn, {"store_id": till.actor.store_id, "id": pickup_id,
                                       "number": number, "order_id": doc["id"]})
    till.service(central).sync_once()
    with UnitOfWork(till.sessions) as uow:  # the real services, forward
        pickups.mark_arrived(uow.session, till.actor, number)
        pickups.mark_ready(uow.session, till.actor, number)
        uow.commit()
        snapshot = {c.key: getattr(uow.session.get(Pickup, pickup_id), c.key)
                    for c in Pickup.__mapper__.column_attrs}
    # A stale till sends "arrived" again after "ready" reached the central copy.
    stale = {k: (str(v) if v is not None and not isinstance(v, bool) else v)
             for k, v in snapshot.items()}
    stale.update(status="arrived", arrived_at=None, hold_until=None)
    bad = queue_raw(till, "pickup.arrived", rows={"pickup": stale})
    queue_notes(till, 1)
    report = till.service(central).sync_once()
    assert report.quarantined == 1
    by_id = {e.id: e for e in till.outbox()}
    assert by_id[bad].status is EventStatus.QUARANTINED
    assert "only moves forward" in by_id[bad].result
    with central.engine.connect() as conn:
        assert [i.kind for i in review.open_items(conn)] == ["quarantine"]
    assert [e.status for e in till.outbox()][-1] is EventStatus.APPLIED  # the queue flowed on
    with central.engine.connect() as conn:
        assert conn.scalar(select(central_pickups.c.status)
                           .where(central_pickups.c.id == pickup_id)) == "ready"
    assert count(central.engine, quarantine) == 1
    central.close()


def test_a_warranty_claim_status_never_moves_backwards(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    claim = {"id": str(uuid.uuid4()), "number": "W-X-1", "store_id": str(till.actor.store_id),
             "status": "denied", "decision_reason": "worn soles"}
    queue_raw(till, "warranty.denied", rows={"claim": claim})
    back = queue_raw(till, "warranty.submitted", rows={"claim": {**claim, "status": "submitted"}})
    report = till.service(central).sync_once()
    assert (report.pushed, report.quarantined) == (2, 1)
    assert {e.id: e.status for e in till.outbox()}[back] is EventStatus.QUARANTINED
    with central.engine.connect() as conn:
        assert conn.scalar(select(warranty_claims.c.status)) == "denied"
    central.close()


def test_a_till_cannot_write_another_stores_rows_through_its_events(central_pg: str,
                                                                    tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    foreign = {"id": str(uuid.uuid4()), "number": "W-Y-1", "store_id": str(uuid.uuid4()),
               "status": "open"}
    bad = queue_raw(till, "warranty.opened", rows={"claim": foreign})
    till.service(central).sync_once()
    entry = {e.id: e for e in till.outbox()}[bad]
    assert entry.status is EventStatus.QUARANTINED and "another store" in entry.result
    assert count(central.engine, warranty_claims) == 0
    central.close()
