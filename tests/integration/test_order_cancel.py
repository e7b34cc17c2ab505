"""Cancel an online order at the counter before dispatch (issue 15): the store's policy decides the
fee (Shoe of the Week keeps 20 %), the refund goes to the original tender in one transaction with
its audit and outbox rows, and the central service is the authority: an order is never cancelled
twice (two tills, two stores, a replayed claim, the service called directly), never after the
web shop says it left the warehouse, never once part of it came back; a till whose database was
edited to look undispatched is refused there. Offline: refused, in words.

Through a real `storepos central serve` on loopback (SQLite and PostgreSQL central databases),
tills set up with `storepos setup`; the web shop's fulfilment through a signed Shopify webhook."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.schema import order_cancellations, order_lines
from storepos.domain.vocabulary import Channel, Fulfillment, Reason, Resolution, Role
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models import (
    AuditEvent,
    Order,
    OrderLine,
    OutboxEntry,
    Refund,
    Return,
    ReturnLine,
    Store,
)
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.orders.cancel import (
    CancelNotAllowed,
    cancel_binding,
    cancel_order,
    preview_cancel,
)
from storepos.services.returns.complete import complete_return, override_binding
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.line_holds import LineGate
from storepos.services.returns.types import LineRequest, ReturnRequest, ReturnSummary
from storepos.services.staff.approvals import ApprovalRefused
from storepos.services.staff.auth import PermissionDenied
from storepos.services.sync.documents import order_document
from storepos.sync.errors import CancelRefused
from storepos.sync.http_central import HttpCentral
from tests.factories import (
    actor_for,
    card,
    make_customer,
    make_employee,
    make_order,
    make_product,
    minted_yes,
)
from tests.integration.central_service import Service, central_db, free_port, service, storepos
from tests.integration.sync_world import Till, central_pg, second_manager
from tests.integration.test_http_sync_faults import connect, set_up_till
from tests.integration.test_webshop_webhooks import shop_service
from tests.integration.webshop_world import post, shopify_order

__all__ = ["central_db", "central_pg", "service", "shop_service"]  # the fixtures, used by name
D = Decimal


def add_sotw_store(db: str, code: str, name: str) -> None:
    done = storepos("central", "store", "add", "--db", db, "--code", code, "--name", name,
                    "--locale", "en_AU", "--currency", "AUD", "--timezone", "Australia/Sydney",
                    "--policy", "shoeoftheweek")
    assert done.returncode == 0, done.stderr


def pending_order(web_path: Path, *, lines: tuple[str, ...] = ("120.00",),
                  quantity: int = 1) -> dict[str, Any]:
    """An online order placed on 20 May 2025, paid by card, not yet dispatched: its document."""
    web = make_engine(str(web_path))
    upgrade(web)
    with UnitOfWork(make_session_factory(web)) as uow:
        s = uow.session
        shoe = make_product(s, None, price="120.00")
        total = sum((D(p) * quantity for p in lines), D("0.00"))
        order = make_order(s, [(shoe["8"], quantity, str(D(p) * quantity)) for p in lines],
                           tenders=[card(str(total))], customer=make_customer(s),
                           channel=Channel.ONLINE, fulfillment=Fulfillment.SHIP_TO_HOME)
        order.dispatched_on = order.received_on = None
        uow.session.flush()
        doc = order_document(s, order.id)
        uow.commit()
    web.dispose()
    return doc


class Chain:
    """Two Shoe of the Week stores at the service, Bondi (two tills) and Parramatta (one), that
    know one online order not yet dispatched."""

    def __init__(self, service: Service, tmp_path: Path, *, lines: tuple[str, ...] = ("120.00",),
                 quantity: int = 1) -> None:
        add_sotw_store(service.db, "BON", "Shoe of the Week Bondi")
        add_sotw_store(service.db, "PAR", "Shoe of the Week Parramatta")
        self.central = make_central_engine(service.db)
        self.tills = {"bon1": set_up_till(service, tmp_path / "bon1", "BON", "Till 1"),
                      "bon2": set_up_till(service, tmp_path / "bon2", "BON", "Till 2"),
                      "par": set_up_till(service, tmp_path / "par", "PAR", "Till 1")}
        self.http = {name: connect(till) for name, till in self.tills.items()}
        self.doc = pending_order(tmp_path / "web.db", lines=lines, quantity=quantity)
        with self.central.begin() as conn:
            web_shop.publish_order(conn, self.doc)
        self.order_id = uuid.UUID(self.doc["id"])
        for name in self.tills:
            self.sync(name)

    def online(self, name: str) -> Actor:
        http = self.http[name]
        return replace(self.tills[name].actor,
                       line_gate=LineGate(http.lines, cancellations=http.cancellations))

    def sync(self, name: str) -> Any:
        return self.tills[name].service(self.http[name]).sync_once()

    def cancel(self, name: str, actor: Actor | None = None, **kw: Any) -> ReturnSummary:
        with UnitOfWork(self.tills[name].sessions) as uow:
            summary = cancel_order(uow.session, actor or self.online(name), self.order_id, **kw)
            uow.commit()
            return summary

    def claim_status(self) -> list[str]:
        with self.central.connect() as conn:
            return list(conn.scalars(select(order_cancellations.c.status)))

    def close(self) -> None:
        for http in self.http.values():
            http.close()
        for till in self.tills.values():
            till.close()
        self.central.dispose()


@pytest.fixture
def chain(service: Service, tmp_path: Path) -> Iterator[Chain]:
    made = Chain(service, tmp_path)
    yield made
    made.close()


def other_manager(till: Till) -> Actor:
    """Another manager of the till's store, as an actor (no one approves their own action)."""
    manager = second_manager(till)
    with till.sessions() as s:
        store = s.get(Store, till.actor.store_id)
        assert store is not None
        return actor_for(manager, store)


def nothing_paid(till: Till) -> None:
    assert till.count(select(func.count()).select_from(Return)) == 0
    assert till.count(select(func.count()).select_from(Refund)) == 0
    assert till.count(select(func.count()).select_from(OutboxEntry).where(
        OutboxEntry.action.in_(("return.completed", "order.cancelled")))) == 0


def refused(chain: Chain, name: str, actor: Actor | None = None) -> str:
    with pytest.raises(CancelNotAllowed) as caught:
        chain.cancel(name, actor)
    return caught.value.message


# -- the cancellation ----------------------------------------------------------------------------------

def test_cancel_before_dispatch_refunds_less_the_fee_to_the_card_and_the_service_settles_it(
        chain: Chain) -> None:
    till = chain.tills["bon1"]
    with till.sessions() as s:
        plan = preview_cancel(s, chain.online("bon1"), chain.order_id)
    assert (plan.paid, plan.fee, plan.refund) == (D("120.00"), D("24.00"), D("96.00"))
    assert plan.policy == "Shoe of the Week" and not plan.needs_manager
    assert [(m.kind.value, m.amount) for m in plan.refunds] == [("card", D("96.00"))]
    assert any("Shoe of the Week: Order Cancellations" in r for r in plan.lines[0].reasons)
    assert chain.claim_status() == []  # a preview asks nothing of the service

    summary = chain.cancel("bon1")
    assert summary.restocking_fee == D("24.00")
    assert [(r.kind.value, r.amount) for r in summary.refunds] == [("card", D("96.00"))]
    assert chain.claim_status() == ["held"]
    with till.sessions() as s:
        ret = s.get(Return, summary.return_id)
        assert ret is not None and ret.note == "Order cancelled before dispatch"
        [line] = s.scalars(select(ReturnLine)).all()
        assert (line.restocking_fee, line.refund_amount) == (D("24.00"), D("96.00"))
        assert s.scalar(select(OrderLine.quantity_returned)) == 1
        actions = [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.occurred_at))]
    assert "return.completed" in actions and "order.cancelled" in actions
    cancelled = [e for e in till.outbox() if e.action == "order.cancelled"]
    details = cancelled[0].payload["audit"]["details"]
    assert (details["fee"], details["refunded"], details["claimed"]) == ("24.00", "96.00", True)

    report = chain.sync("bon1")
    assert report.flagged == 0
    assert chain.claim_status() == ["done"]
    with chain.central.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1
        assert conn.scalar(select(order_cancellations.c.return_number)) == summary.return_number


def test_the_whole_order_is_cancelled_every_line_and_unit(service: Service,
                                                          tmp_path: Path) -> None:
    chain = Chain(service, tmp_path, lines=("60.00", "40.00"), quantity=2)
    try:
        summary = chain.cancel("par")
        assert [(ln.line_no, ln.quantity, ln.restocking_fee, ln.value) for ln in summary.lines] == [
            (1, 2, D("24.00"), D("96.00")), (2, 2, D("16.00"), D("64.00"))]
        assert sum(r.amount for r in summary.refunds) == D("160.00")
    finally:
        chain.close()


# -- cancelled twice -----------------------------------------------------------------------------------

def test_two_tills_of_one_store_cannot_both_cancel(chain: Chain) -> None:
    chain.cancel("bon1")  # not pushed yet: its claim is held
    assert "is being cancelled at another till (Shoe of the Week Bondi) right now" in refused(
        chain, "bon2")
    nothing_paid(chain.tills["bon2"])
    chain.sync("bon1")
    assert "was already cancelled at Shoe of the Week Bondi" in refused(chain, "bon2")
    nothing_paid(chain.tills["bon2"])


def test_another_store_cannot_cancel_it_again(chain: Chain) -> None:
    first = chain.cancel("bon1")
    chain.sync("bon1")
    message = refused(chain, "par")
    assert message == (f"Order {chain.doc['number']} was already cancelled at Shoe of the Week "
                       f"Bondi (refund {first.return_number}): it can't be cancelled twice.")
    nothing_paid(chain.tills["par"])


def test_the_same_till_cannot_cancel_twice(chain: Chain) -> None:
    chain.cancel("bon1")
    assert "already cancelled or returned" in refused(chain, "bon1")


def test_a_replayed_claim_is_the_same_claim_and_another_store_cannot_use_it(chain: Chain) -> None:
    bondi, parra = chain.http["bon1"].cancellations, chain.http["par"].cancellations
    bon, par = chain.tills["bon1"].actor, chain.tills["par"].actor
    claim_id = uuid.uuid4()
    first = bondi.claim(chain.order_id, claim_id, store_id=bon.store_id)
    again = bondi.claim(chain.order_id, claim_id, store_id=bon.store_id)  # replayed
    assert first == again and first.known
    with pytest.raises(CancelRefused) as stolen:  # the same claim id from another store
        parra.claim(chain.order_id, claim_id, store_id=par.store_id)
    assert stolen.value.code == "being_cancelled"
    with pytest.raises(CancelRefused) as other:  # a claim of its own
        parra.claim(chain.order_id, uuid.uuid4(), store_id=par.store_id)
    assert other.value.code == "being_cancelled"
    assert parra.release(chain.order_id, claim_id, store_id=par.store_id) is False
    assert chain.claim_status() == ["held"]


def test_a_till_that_skips_the_claim_is_flagged_and_never_counted_twice(chain: Chain) -> None:
    chain.cancel("bon1")
    chain.sync("bon1")
    # A hostile till without its gate (its own code changed): the till's rule alone lets it.
    skipping = chain.tills["par"].actor
    chain.cancel("par", skipping)
    report = chain.sync("par")
    assert report.flagged == 2  # its refund beyond what was sold, and its unclaimed cancellation
    with chain.central.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1  # never more than sold
    assert chain.claim_status() == ["done"]


# -- after dispatch, after a return, a till database edited ---------------------------------------------

def test_cancel_after_dispatch_is_refused_even_when_the_till_does_not_know_yet(
        chain: Chain) -> None:
    with chain.central.begin() as conn:  # the web shop's fulfilment reached the service
        web_shop.publish_order(conn, {**chain.doc, "dispatched_on": "2025-05-30"})
    # The till has not pulled it: its own copy still says not dispatched.
    message = refused(chain, "bon1")
    assert "has left the warehouse (the web shop says so)" in message
    nothing_paid(chain.tills["bon1"])
    assert chain.claim_status() == []

    chain.sync("bon1")  # now the till knows too, and says when
    assert "left the warehouse on" in refused(chain, "bon1")


def test_a_till_database_edited_to_look_undispatched_is_refused_by_the_service(
        chain: Chain) -> None:
    with chain.central.begin() as conn:
        web_shop.publish_order(conn, {**chain.doc, "dispatched_on": "2025-05-30"})
    till = chain.tills["par"]
    chain.sync("par")
    with till.engine.begin() as conn:  # sqlite3 on the till's file: "not dispatched"
        conn.execute(update(Order.__table__).values(dispatched_on=None, received_on=None))
    assert "has left the warehouse (the web shop says so)" in refused(chain, "par")
    nothing_paid(till)


def test_an_edited_quantity_returned_does_not_let_a_till_cancel_again(chain: Chain) -> None:
    chain.cancel("par")
    chain.sync("par")
    till = chain.tills["par"]
    with till.engine.begin() as conn:  # wipe the local trace of the cancellation and its refund
        conn.execute(update(OrderLine.__table__).values(quantity_returned=0))
        conn.execute(delete(Refund.__table__))
    assert "was already cancelled at Shoe of the Week Parramatta" in refused(chain, "par")


def test_an_order_partly_returned_cannot_be_cancelled(service: Service, tmp_path: Path) -> None:
    chain = Chain(service, tmp_path, quantity=2)
    try:
        # One pair came back at Bondi (a faulty one: returns of a not-received order are refused,
        # so a manager overrode it there); the service counts it.
        bondi = chain.tills["bon1"]
        yes = minted_yes(bondi.sessions, bondi.actor, other_manager(bondi),
                         override_binding(chain.order_id, (1,), D("120.00")))
        with UnitOfWork(bondi.sessions) as uow:
            complete_return(uow.session, chain.online("bon1"), ReturnRequest(
                (LineRequest(1, 1, Reason.DEFECTIVE, ALL_SHOWN, Resolution.REFUND,
                             override=yes),), order_id=chain.order_id))
            uow.commit()
        chain.sync("bon1")
        message = refused(chain, "par")  # Parramatta's copy does not show the return yet
        assert "came back (or is coming back) at a store" in message
        nothing_paid(chain.tills["par"])
        assert "was already returned" in refused(chain, "bon1")
    finally:
        chain.close()


# -- offline, roles, a manager -------------------------------------------------------------------------

def test_offline_the_till_refuses_in_words_and_pays_nothing(chain: Chain) -> None:
    dead = HttpCentral(f"http://127.0.0.1:{free_port()}", "A" * 43)
    offline = replace(chain.tills["par"].actor,
                      line_gate=LineGate(dead.lines, cancellations=dead.cancellations))
    message = refused(chain, "par", offline)
    assert message == (f"The central service can't be reached, so order {chain.doc['number']} "
                       "can't be cancelled now: only it knows whether the parcel has left the "
                       "warehouse. Nothing was refunded. Try again once the till is back online "
                       "(the status bar says so).")
    nothing_paid(chain.tills["par"])
    assert chain.claim_status() == []


def test_stock_staff_cannot_cancel(chain: Chain) -> None:
    till = chain.tills["par"]
    with UnitOfWork(till.sessions) as uow:
        store = uow.session.get(Store, till.actor.store_id)
        assert store is not None
        stock = actor_for(make_employee(uow.session, store, Role.STOCK), store)
        uow.commit()
    with pytest.raises(PermissionDenied):
        chain.cancel("par", replace(stock, line_gate=chain.online("par").line_gate))
    nothing_paid(till)
    assert chain.claim_status() == []


def test_a_large_cancellation_needs_another_manager(service: Service, tmp_path: Path) -> None:
    chain = Chain(service, tmp_path, lines=("250.00", "250.00"))
    try:
        till = chain.tills["par"]
        assert "a manager must approve it" in refused(chain, "par")
        with till.sessions() as s:
            assert preview_cancel(s, chain.online("par"), chain.order_id).needs_manager
        approving = other_manager(till)
        # Approved for less than the refund: refused by the service, nothing paid.
        small = minted_yes(till.sessions, till.actor, approving,
                           cancel_binding(chain.order_id, D("100.00")))
        with pytest.raises(ApprovalRefused):
            chain.cancel("par", approval=small)
        nothing_paid(till)
        yes = minted_yes(till.sessions, till.actor, approving,
                         cancel_binding(chain.order_id, D("400.00")))
        summary = chain.cancel("par", approval=yes)
        assert sum(r.amount for r in summary.refunds) == D("400.00")
        with till.sessions() as s:
            event = s.scalars(select(AuditEvent).where(
                AuditEvent.action == "order.cancelled")).one()
            assert event.approved_by == approving.employee_id
    finally:
        chain.close()


def test_a_received_order_is_returned_not_cancelled(chain: Chain) -> None:
    with chain.central.begin() as conn:
        web_shop.publish_order(conn, {**chain.doc, "dispatched_on": "2025-05-22",
                                      "received_on": "2025-05-25"})
    assert "was received (the web shop says so)" in refused(chain, "bon1")
    chain.sync("bon1")
    assert "was received on" in refused(chain, "bon1")


# -- the web shop's own webhooks (Shopify, signed, on PostgreSQL) ------------------------------------

def _shopify_pending(shop_service: Service, tmp_path: Path) -> tuple[dict[str, Any], Till, Any]:
    """A Shopify order created by its webhook, not fulfilled yet, known to a Toronto till."""
    raw = shopify_order()
    fulfilled = raw.pop("fulfillments")
    with shop_service.client() as http:
        answer = post(http, "orders/create", dict(raw, fulfillments=[],
                                                  updated_at="2025-05-02T21:12:41-04:00"),
                      f"wh-create-{raw['id']}")
    assert answer.status_code == 200, answer.text
    # Shipped, on its way (not delivered): the warehouse's fulfilment, as Shopify sends it.
    raw["fulfillments"] = [dict(f, shipment_status="in_transit") for f in fulfilled]
    till = set_up_till(shop_service, tmp_path / "tor", "TOR1", "Till 1")
    http_till = connect(till)
    till.service(http_till).sync_once()
    return raw, till, http_till


@pytest.mark.postgres
def test_the_fulfilled_webhook_first_then_no_till_can_cancel(shop_service: Service,
                                                             tmp_path: Path) -> None:
    raw, till, http_till = _shopify_pending(shop_service, tmp_path)
    try:
        with shop_service.client() as http:  # the warehouse shipped it; the till has not synced
            assert post(http, "orders/fulfilled", raw, f"wh-ful-{raw['id']}").status_code == 200
        actor = replace(till.actor, line_gate=LineGate(http_till.lines,
                                                       cancellations=http_till.cancellations))
        with till.sessions() as s:
            order_id = s.scalar(select(Order.id))
            assert s.scalar(select(Order.dispatched_on)) is None  # the till's copy: not yet
        with pytest.raises(CancelNotAllowed) as refused_, UnitOfWork(till.sessions) as uow:
            cancel_order(uow.session, actor, order_id)
        assert "has left the warehouse (the web shop says so)" in refused_.value.message
        nothing_paid(till)
    finally:
        http_till.close()
        till.close()


@pytest.mark.postgres
def test_a_fulfilment_after_a_store_cancelled_warns_head_office(shop_service: Service,
                                                                tmp_path: Path) -> None:
    raw, till, http_till = _shopify_pending(shop_service, tmp_path)
    try:
        actor = replace(till.actor, line_gate=LineGate(http_till.lines,
                                                       cancellations=http_till.cancellations))
        with UnitOfWork(till.sessions) as uow:
            order_id = uow.session.scalar(select(Order.id))
            summary = cancel_order(uow.session, actor, order_id)
            uow.commit()
        assert sum(r.amount for r in summary.refunds) == D("243.00")  # SoftMoc: no fee
        assert till.service(http_till).sync_once().flagged == 0
        with shop_service.client() as http:  # the warehouse shipped it all the same
            assert post(http, "orders/fulfilled", raw, f"wh-ful-{raw['id']}").status_code == 200
        said = storepos("central", "orders", "warnings", "--db", shop_service.db)
        assert said.returncode == 0, said.stderr
        assert (f"but SoftMoc TOR1 cancelled it at the counter and refunded it "
                f"({summary.return_number}): stop the parcel") in said.stdout
    finally:
        http_till.close()
        till.close()


@pytest.mark.postgres
def test_two_stores_claiming_at_the_same_moment_one_wins(central_pg: str, tmp_path: Path) -> None:
    """Both claims reach the database together (the service called directly, two threads): the
    order's row lock puts one after the other, and exactly one is taken."""
    from storepos.central.cancellations import CentralCancellations
    from storepos.central.migrate import upgrade as upgrade_central

    upgrade_central(central_pg)
    engine = make_central_engine(central_pg)
    doc = pending_order(tmp_path / "web.db")
    with engine.begin() as conn:
        web_shop.publish_order(conn, doc)
    order_id = uuid.UUID(doc["id"])
    authority = CentralCancellations(engine)
    start = threading.Barrier(8)
    won: list[uuid.UUID] = []
    lost: list[str] = []

    def claim() -> None:
        store = uuid.uuid4()
        start.wait()
        try:
            authority.claim(order_id, uuid.uuid4(), store_id=store, till_id=uuid.uuid4())
            won.append(store)
        except CancelRefused as refused_:
            lost.append(refused_.code)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.dispose()
    assert len(won) == 1 and lost == ["being_cancelled"] * 7
