"""Row-level security on the real PostgreSQL: each store connects with its own role, writes only
its own rows, reads only its pickups (and the online orders and card balances every store needs),
and the whole push and pull protocol works under those policies."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.exc import ProgrammingError

from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.engine import make_central_engine
from storepos.central.schema import events, order_lines, pickups, returns, reviews
from storepos.central.security import create_store_role, install_rls
from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.sync import EventStatus
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.pickups import status as pickup_service
from tests.integration.sync_world import (
    Roles,
    central_pg,
    count,
    make_till,
    publish_online_order,
    queue_raw,
    return_line,
    store_roles,
)

pytestmark = pytest.mark.postgres
__all__ = ["central_pg", "store_roles"]
NOW = datetime(2025, 6, 1, 16, tzinfo=UTC)


def _role(roles: Roles, admin: Engine, store_id: uuid.UUID) -> Engine:
    name = f"sp_test_{secrets.token_hex(5)}"
    roles.made.append(name)
    with admin.begin() as conn:
        create_store_role(conn, store_id, name, group=roles.group)
    return make_central_engine(roles.role_url(roles.admin_url, name))


def _event(store_id: uuid.UUID) -> dict[str, object]:
    return {"store_id": store_id, "event_id": uuid.uuid4(), "till_id": uuid.uuid4(), "seq": 1,
            "action": "test.note", "occurred_at": NOW, "received_at": NOW, "status": "applied",
            "result": "", "payload": {}}


def test_a_store_role_writes_only_its_rows_and_reads_only_its_pickups(
    central_pg: str, store_roles: Roles, tmp_path: Path,
) -> None:
    admin = make_central_engine(central_pg)
    mine_id, theirs_id = uuid.uuid4(), uuid.uuid4()
    mine = _role(store_roles, admin, mine_id)
    doc = publish_online_order(admin, tmp_path / "web.db")
    other = publish_online_order(admin, tmp_path / "web2.db")
    with admin.begin() as conn:
        for store_id, order, n in ((mine_id, doc, 1), (theirs_id, other, 2)):
            web_shop.publish_pickup(conn, {"store_id": store_id, "id": uuid.uuid4(),
                                           "order_id": order["id"],
                                           "number": format_number(NumberKind.PICKUP, "WEB", n)})

    with mine.begin() as conn:  # its own rows: fine
        conn.execute(insert(events).values(**_event(mine_id)))
    for table, row in ((events, _event(theirs_id)),
                       (returns, {"store_id": theirs_id, "id": uuid.uuid4(), "return_number": "R",
                                  "order_id": uuid.uuid4(), "status": "completed",
                                  "created_at": NOW, "event_id": uuid.uuid4()})):
        with pytest.raises(ProgrammingError, match="row-level security"), mine.begin() as conn:
            conn.execute(insert(table).values(**row))
    with mine.begin() as conn:
        seen = {r.store_id for r in conn.execute(select(pickups.c.store_id))}
        assert seen == {mine_id}  # never another store's pickups
        moved = conn.execute(update(pickups).where(pickups.c.store_id == theirs_id)
                             .values(status="arrived"))
        assert moved.rowcount == 0
        assert conn.execute(select(events.c.store_id)).scalars().all() == [mine_id]
        # What every store needs: the online orders' lines (to take them back anywhere).
        assert len(conn.execute(select(order_lines.c.id)).all()) == 2
    with pytest.raises(ProgrammingError, match="permission denied"), mine.begin() as conn:
        conn.execute(text("DELETE FROM events"))  # nothing is ever deleted by a store
    with admin.connect() as conn:
        statuses = set(conn.scalars(select(pickups.c.status)))
    assert statuses == {"in_transit"}
    mine.dispose()
    admin.dispose()


def test_the_setup_sql_runs_twice(central_pg: str, store_roles: Roles) -> None:
    admin = make_central_engine(central_pg)
    with admin.begin() as conn:  # the fixture ran it once already
        install_rls(conn, group=store_roles.group)
    with admin.connect() as conn:
        enabled = dict(conn.execute(text(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relname IN "
            "('events', 'pickups', 'accounts', 'changes', 'returns')")).all())
    assert enabled == dict.fromkeys(("events", "pickups", "accounts", "changes", "returns"), True)
    admin.dispose()


def test_push_and_pull_work_under_a_store_role(central_pg: str, store_roles: Roles,
                                               tmp_path: Path) -> None:
    admin = make_central_engine(central_pg)
    till = make_till(tmp_path / "till.db")
    doc = publish_online_order(admin, tmp_path / "web.db", pickup_store=till.actor.store_id)
    pickup_number = format_number(NumberKind.PICKUP, "WEB", 7)
    with admin.begin() as conn:
        web_shop.publish_pickup(conn, {"store_id": till.actor.store_id, "id": uuid.uuid4(),
                                       "order_id": doc["id"], "number": pickup_number})
    central = Central(_role(store_roles, admin, till.actor.store_id))
    service = till.service(central)
    assert service.sync_once().pulled >= 2  # the order and the store's pickup
    with UnitOfWork(till.sessions) as uow:
        pickup_service.mark_arrived(uow.session, till.actor, pickup_number)
        va.issue_gift_card(uow.session, till.actor, "25.00")
        uow.commit()
    return_line(till, uuid.UUID(doc["id"]))
    # A card another store issued, unknown centrally: opening it is refused by the policy, and
    # the event is quarantined rather than stopping the queue.
    foreign = {"id": str(uuid.uuid4()), "kind": "gift_card", "number": "G-X", "currency": "CAD",
               "issued_store_id": str(uuid.uuid4())}
    refused = queue_raw(till, "ledger.issue", rows={
        "account": foreign, "entry": {"id": str(uuid.uuid4()), "kind": "issue", "amount": "5.00",
                                      "account_id": foreign["id"]}})
    report = service.sync_once()
    assert report.quarantined == 1 and report.flagged == 0
    statuses = {e.id: e.status for e in till.outbox()}
    assert statuses.pop(refused) is EventStatus.QUARANTINED
    assert set(statuses.values()) == {EventStatus.APPLIED}
    assert "row-level security" in {e.id: e for e in till.outbox()}[refused].result
    with admin.connect() as conn:
        assert conn.scalar(select(pickups.c.status)) == "arrived"
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1
    assert count(admin, returns) == 1 and count(admin, reviews) == 0
    central.close()
    admin.dispose()
