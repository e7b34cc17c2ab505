"""Row-level security, the second wall, on the real PostgreSQL: the service runs each till's
transactions in its store's context (the role storepos_store, which cannot log in, and the store's
id in a setting the policies read). In that context a store writes only its own rows, sees no other
store's, and changes no shared row (an order line's returned units, a card's balance, the ledger):
those move only through the service's own statements. The attacks of issue 11 are rerun here, by
hand and through the real service on loopback."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, insert, make_url, select, text, update
from sqlalchemy.exc import OperationalError, ProgrammingError

from storepos import alembic_runner
from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.migrate import SCRIPT_LOCATION
from storepos.central.schema import (
    accounts,
    card_holds,
    events,
    ledger,
    line_holds,
    line_returns,
    order_lines,
    pickups,
    returns,
    reviews,
    store_roles,
)
from storepos.central.security import install_rls
from storepos.central.store_context import STORE_ROLE, shared
from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.sync import EventStatus
from storepos.domain.vocabulary import TenderKind
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from storepos.sync.protocol import Cursor
from tests.integration.central_service import Service, add_store, gift_card, serving, storepos
from tests.integration.sync_world import (
    _fresh_database,
    central_pg,
    publish_online_order,
    queue_raw,
    return_line,
    store_engine,
)
from tests.integration.test_http_sync_faults import connect, set_up_till

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]
NOW = datetime(2025, 6, 1, 16, tzinfo=UTC)
D = Decimal
DENIED = "permission denied"
POLICY = "row-level security policy"


def _event(store_id: uuid.UUID) -> dict[str, object]:
    return {"store_id": store_id, "event_id": uuid.uuid4(), "till_id": uuid.uuid4(), "seq": 1,
            "action": "test.note", "occurred_at": NOW, "received_at": NOW, "status": "applied",
            "result": "", "payload": {}}


class World:
    """Two stores' rows made by the owner: an online order whose line is already returned, a
    card Ottawa issued with 20.00 on it, and each store's pickup and event."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.admin = make_central_engine(url)
        self.mine, self.theirs = uuid.uuid4(), uuid.uuid4()
        self.doc = publish_online_order(self.admin, tmp_path / "web.db")
        self.order_id = uuid.UUID(self.doc["id"])
        self.card = uuid.uuid4()
        with self.admin.begin() as conn:
            conn.execute(update(order_lines).values(quantity_returned=1))  # returned already
            web_shop.issue_card(conn, {"id": self.card, "kind": "gift_card", "number": "G-OTT-1",
                                       "currency": "CAD", "customer_id": None,
                                       "issued_store_id": self.theirs},
                                D("20.00"), store_id=self.theirs)
            for n, store_id in enumerate((self.mine, self.theirs), start=1):
                web_shop.publish_pickup(conn, {"store_id": store_id, "id": uuid.uuid4(),
                                               "order_id": self.doc["id"],
                                               "number": format_number(NumberKind.PICKUP, "WEB",
                                                                       n)})
                conn.execute(insert(events).values(**_event(store_id)))
        self.store = store_engine(url, self.mine)  # Toronto's context, as the service runs it

    def shared_rows(self) -> tuple[Any, ...]:
        """What the attacks aim at, as the owner reads it."""
        with self.admin.connect() as conn:
            return (conn.scalar(select(order_lines.c.quantity_returned)),
                    conn.execute(select(accounts.c.balance, accounts.c.held, accounts.c.seq)
                                 .where(accounts.c.id == self.card)).one(),
                    conn.execute(select(ledger.c.seq, ledger.c.amount)).all(),
                    conn.execute(select(line_returns.c.return_line_id)).all())

    def close(self) -> None:
        self.store.dispose()
        self.admin.dispose()


@pytest.fixture
def world(central_pg: str, tmp_path: Path) -> Iterator[World]:
    made = World(central_pg, tmp_path)
    yield made
    made.close()


# -- the attacks of issue 11, by hand in a store's context ------------------------------------------

def _reset_returned_units(conn: Connection, w: World) -> None:
    """Set an online line back to 0 returned, to return it again (a double refund)."""
    conn.execute(update(order_lines).where(order_lines.c.order_id == w.order_id)
                 .values(quantity_returned=0))


def _raise_a_balance(conn: Connection, w: World) -> None:
    conn.execute(update(accounts).where(accounts.c.id == w.card)
                 .values(balance=accounts.c.balance + 500))


def _forge_a_ledger_credit(conn: Connection, w: World) -> None:
    """A +500 ledger row on another store's card, under the attacker's own store."""
    conn.execute(insert(ledger).values(
        account_id=w.card, id=uuid.uuid4(), seq=2, kind="issue", amount=D("500.00"),
        balance_after=D("520.00"), store_id=w.mine, offline=False, created_at=NOW))


@pytest.mark.parametrize("attack", [_reset_returned_units, _raise_a_balance,
                                    _forge_a_ledger_credit],
                         ids=["reset-returned-units", "raise-a-balance", "forge-a-ledger-credit"])
def test_the_attacks_of_issue_11_are_refused_in_a_stores_context(world: World, attack: Any) -> None:
    before = world.shared_rows()
    with pytest.raises(ProgrammingError, match=DENIED), world.store.begin() as conn:
        attack(conn, world)
    assert world.shared_rows() == before


def test_no_shared_row_changes_any_other_way_in_a_stores_context(world: World) -> None:
    before = world.shared_rows()
    hold = {"account_id": world.card, "id": uuid.uuid4(), "store_id": world.mine,
            "amount": D("20.00"), "status": "held", "created_at": NOW, "expires_at": NOW}
    attempts: list[tuple[str, Any]] = [
        (DENIED, insert(line_returns).values(
            order_id=world.order_id, return_line_id=uuid.uuid4(),
            order_line_id=uuid.UUID(world.doc["lines"][0]["id"]), store_id=world.mine,
            return_id=uuid.uuid4(), return_number="R-FAKE", quantity=1, accepted=0,
            created_at=NOW)),
        (DENIED, update(ledger).values(amount=D("500.00"))),
        (DENIED, update(accounts).values(held=0)),
        (DENIED, insert(card_holds).values(**hold)),
        (DENIED, update(card_holds).values(status="released")),
        # Line holds are the service's to take and settle: a store cannot reserve the units of
        # an online line for itself, nor give back or consume another store's hold.
        (DENIED, insert(line_holds).values(
            order_id=world.order_id, id=uuid.uuid4(),
            order_line_id=uuid.UUID(world.doc["lines"][0]["id"]), store_id=world.mine,
            till_id=None, quantity=1, status="held", created_at=NOW, expires_at=NOW)),
        (DENIED, update(line_holds).values(status="released")),
        (DENIED, select(order_lines).with_for_update()),  # a lock is a step towards a write
        (DENIED, text("DELETE FROM events")),  # nothing is ever deleted by a store
        (DENIED, text("SELECT * FROM till_tokens")),  # head office's: not even readable
        (DENIED, text("SELECT * FROM store_roles")),
        # A card the store issues itself opens empty: its value comes only through the ledger.
        (POLICY, insert(accounts).values(
            id=uuid.uuid4(), kind="gift_card", number="G-FREE", currency="CAD",
            issued_store_id=world.mine, balance=D("500.00"), held=0, seq=0, updated_at=NOW)),
    ]
    for words, statement in attempts:
        with pytest.raises(ProgrammingError, match=words), world.store.begin() as conn:
            conn.execute(statement)
    with world.store.begin() as conn:  # what a store may do: open a card it issued, empty
        conn.execute(insert(accounts).values(
            id=uuid.uuid4(), kind="gift_card", number="G-TOR-1", currency="CAD",
            issued_store_id=world.mine, balance=0, held=0, seq=0, updated_at=NOW))
    assert world.shared_rows() == before


def test_another_stores_rows_are_invisible_and_unwritable(world: World) -> None:
    with world.store.begin() as conn:  # its own rows: fine
        conn.execute(insert(events).values(**_event(world.mine)))
    for table, row in ((events, _event(world.theirs)),
                       (returns, {"store_id": world.theirs, "id": uuid.uuid4(),
                                  "return_number": "R", "order_id": world.order_id,
                                  "status": "completed", "created_at": NOW,
                                  "event_id": uuid.uuid4()})):
        with pytest.raises(ProgrammingError, match=POLICY), world.store.begin() as conn:
            conn.execute(insert(table).values(**row))
    with world.store.begin() as conn:
        assert set(conn.scalars(select(pickups.c.store_id))) == {world.mine}
        assert conn.execute(update(pickups).where(pickups.c.store_id == world.theirs)
                            .values(status="arrived")).rowcount == 0
        assert set(conn.scalars(select(events.c.store_id))) == {world.mine}
        # What every store needs: the online order's lines and the card's balance.
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1
        assert conn.scalar(select(accounts.c.balance)) == D("20.00")
        assert conn.execute(select(ledger)).all() == []  # Ottawa's entries are Ottawa's
    with world.admin.connect() as conn:
        assert set(conn.scalars(select(pickups.c.status))) == {"in_transit"}


def test_the_role_without_the_stores_setting_sees_and_writes_nothing(world: World) -> None:
    with world.admin.connect() as conn, conn.begin():
        conn.execute(text("SET LOCAL ROLE " + STORE_ROLE))
        assert conn.scalar(select(events.c.store_id)) is None
        assert conn.scalar(select(pickups.c.id)) is None
    with pytest.raises(ProgrammingError, match=POLICY), world.admin.connect() as conn, \
            conn.begin():
        conn.execute(text("SET LOCAL ROLE " + STORE_ROLE))
        conn.execute(insert(events).values(**_event(world.mine)))


# -- the store context's own machinery ---------------------------------------------------------------

def _who(conn: Connection) -> str:
    return str(conn.scalar(text("SELECT current_user")))


def test_shared_statements_run_as_the_service_and_the_store_context_comes_back(
    world: World,
) -> None:
    with world.store.begin() as conn:
        assert _who(conn) == STORE_ROLE
        with shared(conn):
            assert _who(conn) != STORE_ROLE
            with shared(conn):  # nested: still the service
                assert _who(conn) != STORE_ROLE
            assert _who(conn) != STORE_ROLE
        assert _who(conn) == STORE_ROLE
        savepoint = conn.begin_nested()  # a failure inside: rolled back to before it
        with pytest.raises(ProgrammingError), shared(conn):
            conn.execute(text("SELECT * FROM no_such_table"))
        savepoint.rollback()
        assert _who(conn) == STORE_ROLE
        with pytest.raises(RuntimeError, match="no savepoint"), shared(conn):
            conn.begin_nested()  # rolling back to it would bring the service's role back
        assert _who(conn) == STORE_ROLE
    with world.admin.connect() as conn:  # the pool's connection is the owner's again
        assert _who(conn) != STORE_ROLE
        assert conn.scalar(text("SELECT current_setting('storepos.store_id', true)")) in ("",
                                                                                        None)


# -- installing it, and no role logs in as a store --------------------------------------------------

def _login(url: str, role: str) -> None:
    engine = create_engine(make_url(url).set(username=role, password=None))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()


@pytest.fixture
def old_store_role(central_pg: str) -> Iterator[str]:
    """A store's login role as earlier versions made it (a member of the group, in store_roles)."""
    name = f"sp_test_{secrets.token_hex(5)}"
    admin = make_central_engine(central_pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        conn.execute(text(f'GRANT "{STORE_ROLE}" TO "{name}"'))
        conn.execute(insert(store_roles).values(role_name=name, store_id=uuid.uuid4()))
    try:
        yield name
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{name}"'))
            conn.execute(text(f'DROP ROLE "{name}"'))
        admin.dispose()


def test_no_store_role_can_log_in_after_central_init(central_pg: str, old_store_role: str) -> None:
    _login(central_pg, old_store_role)  # as it could before
    done = storepos("central", "init", "--db", central_pg)
    assert done.returncode == 0, done.stderr
    assert f"as the role {STORE_ROLE} (no login)" in done.stdout
    for role in (old_store_role, STORE_ROLE):
        with pytest.raises(OperationalError, match="not permitted to log in"):
            _login(central_pg, role)
    admin = make_central_engine(central_pg)
    with admin.connect() as conn:
        assert not conn.scalar(text("SELECT pg_has_role(:r, :g, 'MEMBER')"),
                               {"r": old_store_role, "g": STORE_ROLE})
    admin.dispose()


def test_installing_twice_replaces_what_an_older_version_granted(central_pg: str) -> None:
    admin = make_central_engine(central_pg)
    with admin.begin() as conn:  # what the rls.sql of the login-role versions left behind
        conn.execute(text(f'GRANT UPDATE (quantity_returned) ON order_lines TO "{STORE_ROLE}"'))
        conn.execute(text(f'GRANT UPDATE (balance, held) ON accounts TO "{STORE_ROLE}"'))
        conn.execute(text(f'GRANT INSERT ON ledger TO "{STORE_ROLE}"'))
        conn.execute(text(f'CREATE POLICY store_move ON accounts FOR UPDATE TO "{STORE_ROLE}" '
                          "USING (true) WITH CHECK (true)"))
    for _ in range(2):
        with admin.begin() as conn:
            install_rls(conn)
    with admin.connect() as conn:
        granted = conn.execute(text(
            "SELECT has_column_privilege(:g, 'order_lines', 'quantity_returned', 'UPDATE'), "
            "has_column_privilege(:g, 'accounts', 'balance', 'UPDATE'), "
            "has_table_privilege(:g, 'ledger', 'INSERT')"), {"g": STORE_ROLE}).one()
        policies = set(conn.scalars(text("SELECT policyname FROM pg_policies "
                                         "WHERE tablename = 'accounts'")))
        enabled = dict(conn.execute(text(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relname IN "
            "('events', 'pickups', 'accounts', 'ledger', 'order_lines', 'changes')")).all())
    assert tuple(granted) == (False, False, False)
    assert policies == {"store_read", "store_opens_empty"}
    assert set(enabled.values()) == {True} and len(enabled) == 6
    admin.dispose()


# -- through the real service --------------------------------------------------------------------------

@pytest.fixture
def pg_service(central_pg: str) -> Iterator[Service]:
    done = storepos("central", "init", "--db", central_pg)
    assert done.returncode == 0, done.stderr
    with serving(central_pg) as running:
        yield running


def test_the_service_works_in_each_tills_store_context_and_a_double_refund_is_flagged(
    pg_service: Service, tmp_path: Path,
) -> None:
    db = pg_service.db
    for code in ("TOR1", "OTT1"):
        add_store(db, code)
    toronto = set_up_till(pg_service, tmp_path / "tor", "TOR1", "Till 1")
    ottawa = set_up_till(pg_service, tmp_path / "ott", "OTT1", "Till 1")
    admin = make_central_engine(db)
    doc = publish_online_order(admin, tmp_path / "web.db", quantity=1)
    order_id = uuid.UUID(doc["id"])
    web_card = gift_card(db, "50.00")
    tor, ott = connect(toronto), connect(ottawa)
    try:
        for till, central in ((toronto, tor), (ottawa, ott)):  # the order, nothing back yet
            assert till.service(central).sync_once().pulled >= 1

        # Toronto: a return of the online line, a gift card it sells, and a card it did not issue.
        first = return_line(toronto, order_id)
        with UnitOfWork(toronto.sessions) as uow:
            va.issue_gift_card(uow.session, toronto.actor, "25.00", sold(TenderKind.CASH))
            uow.commit()
        foreign = {"id": str(uuid.uuid4()), "kind": "gift_card", "number": "G-X",
                   "currency": "CAD", "issued_store_id": str(uuid.uuid4())}
        refused = queue_raw(toronto, "ledger.issue", rows={
            "account": foreign, "entry": {"id": str(uuid.uuid4()), "kind": "issue",
                                          "amount": "5.00", "account_id": foreign["id"]}},
            details={"source": {"kind": "sale", "tender": "cash"}})  # sourced: the policy refuses
        report = toronto.service(tor).sync_once()
        assert (report.quarantined, report.flagged) == (1, 0)
        outbox = {e.id: e for e in toronto.outbox()}
        # Refused by the policy: the store's context is on through the service.
        assert POLICY in outbox.pop(refused).result
        assert {e.status for e in outbox.values()} == {EventStatus.APPLIED}
        assert [p.event_id for p in tor.open_problems(toronto.actor.store_id)] == [refused]

        # Card holds through the service: the ledger moves by the service's own statements.
        store_id, till_id = toronto.actor.store_id, toronto.actor.till_id
        held = tor.cards.hold(web_card, D("12.50"), store_id=store_id, till_id=till_id)
        tor.cards.capture(held, store_id=store_id, till_id=till_id, note="sale")
        assert tor.cards.release(tor.cards.hold(web_card, D("5.00"), store_id=store_id))
        account = tor.cards.balance(web_card)
        assert account is not None and (account.balance, account.held) == (D("37.50"), D("0"))
        assert any(a["id"] == web_card for a in tor.pull(store_id, Cursor()).accounts)

        # The attack: Ottawa's context sets the line back to 0, to return it again. Refused.
        with pytest.raises(ProgrammingError, match=DENIED), \
                store_engine(db, ottawa.actor.store_id).begin() as conn:
            conn.execute(update(order_lines).where(order_lines.c.order_id == order_id)
                         .values(quantity_returned=0))
        second = return_line(ottawa, order_id)  # its copy still says nothing came back
        assert ottawa.service(ott).sync_once().flagged == 1
    finally:
        tor.close()
        ott.close()
    with admin.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1
        row = conn.execute(select(reviews)).one()
        assert row.kind == "over_refund" and row.store_id == ottawa.actor.store_id
        assert {r["return_number"] for r in row.receipts} == {first.return_number,
                                                             second.return_number}
        assert conn.scalar(select(accounts.c.balance).where(accounts.c.id == web_card)) == \
            D("37.50")
    admin.dispose()



def test_the_service_will_not_start_without_the_second_wall(pg_url: str, tmp_path: Path) -> None:
    def schema_only(url: str) -> None:  # the tables, without central init's policies
        alembic_runner.upgrade(SCRIPT_LOCATION, url, make_central_engine)

    with _fresh_database(pg_url, "storepos_central", schema_only) as url:
        done = storepos("central", "serve", "--db", url, "--port", "1")
    assert done.returncode == 2
    assert "run `storepos central init` on it as its owner" in done.stderr
