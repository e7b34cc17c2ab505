"""Online line holds (issue 11): a return of an online order line reserves its units centrally
before any money moves, so a second store is refused before paying, in words; offline, the till
returns within the offline limit per return and the over-refund is flagged on sync with both
receipts. Through a real `storepos central serve` on loopback (SQLite and PostgreSQL central
databases), tills set up with `storepos setup`; and the embedded central in process."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from storepos.app import StoreOpener, online_return_limit_setting
from storepos.central import lines as central_lines
from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.engine import make_central_engine
from storepos.central.migrate import upgrade as upgrade_central
from storepos.central.schema import line_holds, order_lines, reviews
from storepos.domain.errors import StoreposError
from storepos.domain.sync import EventStatus, OfflineLimitExceeded, OnlineReturnLimit
from storepos.domain.vocabulary import Reason, Resolution
from storepos.i18n import speaking
from storepos.persistence.models import LedgerEntry, OutboxEntry, Refund, Return
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.returns import api as returns_door
from storepos.services.returns.complete import ReturnRefused, complete_return
from storepos.services.returns.eligibility import ALL_SHOWN
from storepos.services.returns.line_holds import LineGate
from storepos.services.returns.types import LineRequest, ReturnRequest, ReturnSummary
from storepos.sync.errors import LineRefused, LineTaken, LineUnknown
from storepos.sync.http_central import HttpCentral, HttpLines
from storepos.sync.protocol import LineHold
from tests.factories import PIN, FixedClock
from tests.integration.central_service import (
    Service,
    central_db,
    enrol,
    free_port,
    service,
    storepos,
)
from tests.integration.sync_world import Till, central_pg, count, make_till, publish_online_order
from tests.integration.test_http_sync_faults import connect, set_up_till

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name
D = Decimal


def add_named_store(db: str, code: str, name: str) -> None:
    done = storepos("central", "store", "add", "--db", db, "--code", code, "--name", name,
                    "--locale", "en_CA", "--currency", "CAD", "--timezone", "America/Toronto",
                    "--policy", "softmoc")
    assert done.returncode == 0, done.stderr


def give_back(till: Till, actor: Actor, order_id: uuid.UUID, quantity: int = 1) -> ReturnSummary:
    """Line 1 of the order back for a refund, at this till, committed."""
    with UnitOfWork(till.sessions) as uow:
        summary = complete_return(uow.session, actor, ReturnRequest(
            (LineRequest(1, quantity, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND),),
            order_id=order_id))
        uow.commit()
        return summary


def nothing_paid(till: Till) -> None:
    """No return, refund, card movement or return event at this till."""
    assert till.count(select(func.count()).select_from(Return)) == 0
    assert till.count(select(func.count()).select_from(Refund)) == 0
    assert till.count(select(func.count()).select_from(LedgerEntry)) == 0
    assert till.count(select(func.count()).select_from(OutboxEntry).where(
        OutboxEntry.action == "return.completed")) == 0


def hold_statuses(central: Engine) -> list[str]:
    with central.connect() as conn:
        return list(conn.scalars(select(line_holds.c.status).order_by(line_holds.c.created_at)))


class Chain:
    """Two stores set up at the service, SoftMoc Yorkdale and SoftMoc Eaton Centre, each with a
    till that knows an online order of one pair (paid 120.00) and a client of the service."""

    def __init__(self, service: Service, tmp_path: Path, *, quantity: int = 1,
                 paid: str = "120.00") -> None:
        add_named_store(service.db, "YRK", "SoftMoc Yorkdale")
        add_named_store(service.db, "EAT", "SoftMoc Eaton Centre")
        self.central = make_central_engine(service.db)
        self.yorkdale = set_up_till(service, tmp_path / "yrk", "YRK", "Till 1")
        self.eaton = set_up_till(service, tmp_path / "eat", "EAT", "Till 1")
        self.http = {"yrk": connect(self.yorkdale), "eat": connect(self.eaton)}
        doc = publish_online_order(self.central, tmp_path / "web.db", quantity=quantity,
                                   paid=paid)
        self.order_id, self.line_id = uuid.UUID(doc["id"]), uuid.UUID(doc["lines"][0]["id"])
        self.sync("yrk")
        self.sync("eat")  # both know the order, nothing returned yet

    def till(self, name: str) -> Till:
        return self.yorkdale if name == "yrk" else self.eaton

    def online(self, name: str) -> Actor:
        """The till's cashier with its line gate on the service."""
        return replace(self.till(name).actor, line_gate=LineGate(self.http[name].lines))

    def sync(self, name: str) -> Any:
        return self.till(name).service(self.http[name]).sync_once()

    def close(self) -> None:
        for http in self.http.values():
            http.close()
        self.yorkdale.close()
        self.eaton.close()
        self.central.dispose()


@pytest.fixture
def chain(service: Service, tmp_path: Path) -> Any:
    made = Chain(service, tmp_path)
    yield made
    made.close()


def unreachable_gate(limit: str = "200.00") -> LineGate:
    dead = HttpCentral(f"http://127.0.0.1:{free_port()}", "A" * 43)
    return LineGate(dead.lines, OnlineReturnLimit(D(limit)))


# -- both stores online -----------------------------------------------------------------------------

def test_both_online_the_second_store_is_refused_before_paying_in_words(chain: Chain) -> None:
    first = give_back(chain.yorkdale, chain.online("yrk"), chain.order_id)
    assert hold_statuses(chain.central) == ["held"]
    [event] = [e for e in chain.yorkdale.outbox() if e.action == "return.completed"]
    held = event.payload["audit"]["details"]["line_holds"]
    assert list(held) == [str(chain.line_id)]

    # Yorkdale has not synced yet: its hold already says where the pair is going.
    with pytest.raises(ReturnRefused) as busy:
        give_back(chain.eaton, chain.online("eat"), chain.order_id)
    assert busy.value.message.startswith("Line 1 (")
    assert "is being returned at SoftMoc Yorkdale right now" in busy.value.message
    nothing_paid(chain.eaton)

    assert chain.sync("yrk").flagged == 0
    assert hold_statuses(chain.central) == ["consumed"]
    with pytest.raises(ReturnRefused) as refused:
        give_back(chain.eaton, chain.online("eat"), chain.order_id)
    # The till's clock says 1 June 2025 (Toronto); the year is said when it is not this one.
    assert "was already returned at SoftMoc Yorkdale on Jun 1" in refused.value.message
    assert refused.value.message.endswith("so it can't be refunded again here.")
    nothing_paid(chain.eaton)
    # A French reader at Eaton gets the where and when in French, from the service too.
    with speaking("fr_CA"), pytest.raises(ReturnRefused) as french:
        give_back(chain.eaton, chain.online("eat"), chain.order_id)
    assert ": retour déjà fait à SoftMoc Yorkdale le 1 juin 2025; elle ne peut donc pas être " \
           "remboursée de nouveau ici." in french.value.message  # the service's clock: 2026
    nothing_paid(chain.eaton)
    with chain.central.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1
        assert conn.scalar(select(func.count()).select_from(reviews)) == 0
        consumed_by = conn.scalar(select(line_holds.c.return_id))
    assert consumed_by == first.return_id


def test_the_app_wires_the_line_gate_and_the_returns_door_says_where_it_went(
        chain: Chain) -> None:
    give_back(chain.yorkdale, chain.online("yrk"), chain.order_id)
    opener = StoreOpener(Path(chain.eaton.path), print_queue=False, sync=True)
    try:
        counter = opener(lambda _words: None)
        counter.clock = FixedClock()  # the order's return window, as the other tills see it
        cashier = counter.sign_in(chain.eaton.actor.employee_number, PIN)
        assert isinstance(cashier.line_gate, LineGate)
        assert isinstance(cashier.line_gate.authority, HttpLines)
        assert cashier.line_gate.limit == OnlineReturnLimit(D("200.00"))
        request = ReturnRequest(
            (LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND),),
            order_id=chain.order_id)
        with pytest.raises(ReturnRefused, match="is being returned at SoftMoc Yorkdale right now"):
            counter.run(cashier, lambda s, a: returns_door.complete(s, a, request))
    finally:
        opener.close()
    nothing_paid(chain.eaton)


# -- one store offline ------------------------------------------------------------------------------

def test_one_offline_returns_within_the_limit_and_is_flagged_on_sync_with_both_receipts(
        chain: Chain) -> None:
    first = give_back(chain.yorkdale, chain.online("yrk"), chain.order_id)
    chain.sync("yrk")
    offline = replace(chain.eaton.actor, line_gate=unreachable_gate("200.00"))
    second = give_back(chain.eaton, offline, chain.order_id)  # 120.00: within the limit
    [event] = [e for e in chain.eaton.outbox() if e.action == "return.completed"]
    assert "line_holds" not in event.payload["audit"]["details"]

    assert chain.sync("eat").flagged == 1
    [problem] = chain.http["eat"].open_problems(chain.eaton.actor.store_id)
    assert problem.kind.value == "over_refund"
    assert set(problem.receipts) == {first.return_number, second.return_number}
    with chain.central.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1  # never more than sold


def test_offline_above_the_limit_the_till_refuses_in_words(chain: Chain) -> None:
    offline = replace(chain.eaton.actor, line_gate=unreachable_gate("100.00"))
    with pytest.raises(OfflineLimitExceeded) as refused:
        give_back(chain.eaton, offline, chain.order_id)
    assert refused.value.message == (
        "The till can't reach head office, and offline a return of an online order can refund "
        "at most 100.00 (this one is 120.00): wait for the connection, or call head office.")
    nothing_paid(chain.eaton)


# -- attacks ------------------------------------------------------------------------------------------

def test_a_till_that_skips_the_hold_is_flagged_and_the_store_that_held_is_not(
        chain: Chain) -> None:
    give_back(chain.yorkdale, chain.online("yrk"), chain.order_id)  # held, not pushed yet
    skipping = chain.eaton.actor  # no line gate: never asks
    give_back(chain.eaton, skipping, chain.order_id)
    report = chain.sync("eat")  # pushed first
    assert report.flagged == 1
    [entry] = [e for e in chain.eaton.outbox() if e.action == "return.completed"]
    assert entry.status is EventStatus.FLAGGED and "held for a return in progress" in entry.result

    assert chain.sync("yrk").flagged == 0  # the store that held is not the one flagged
    assert hold_statuses(chain.central) == ["consumed"]
    with chain.central.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 1
        assert [r.store_id for r in conn.execute(select(reviews))] == [chain.eaton.actor.store_id]


class Stolen:
    """A line authority that hands the till another store's hold (a hostile till's own code)."""

    def __init__(self, held: LineHold) -> None:
        self.held = held

    def hold(self, *args: object, **kw: object) -> LineHold:
        return self.held

    def release(self, held: LineHold, *, store_id: uuid.UUID) -> bool:
        return False


def test_another_stores_hold_is_neither_released_nor_consumed_by_this_store(
        chain: Chain) -> None:
    yorkdale = chain.http["yrk"].lines.hold(chain.order_id, chain.line_id, 1,
                                            store_id=chain.yorkdale.actor.store_id)
    assert chain.http["eat"].lines.release(yorkdale, store_id=chain.eaton.actor.store_id) is False
    assert hold_statuses(chain.central) == ["held"]

    hostile = replace(chain.eaton.actor, line_gate=LineGate(Stolen(yorkdale)))
    give_back(chain.eaton, hostile, chain.order_id)  # its event names Yorkdale's hold
    [event] = [e for e in chain.eaton.outbox() if e.action == "return.completed"]
    assert event.payload["audit"]["details"]["line_holds"] == {str(chain.line_id): str(yorkdale.id)}
    assert chain.sync("eat").flagged == 1  # Yorkdale's hold still reserves the pair
    assert hold_statuses(chain.central) == ["held"]
    assert chain.http["yrk"].lines.release(yorkdale, store_id=chain.yorkdale.actor.store_id)


def test_a_hold_for_more_than_was_sold_and_other_bad_requests_are_refused(
        chain: Chain, service: Service) -> None:
    lines = chain.http["yrk"].lines
    store = chain.yorkdale.actor.store_id
    with pytest.raises(LineTaken) as more:
        lines.hold(chain.order_id, chain.line_id, 2, store_id=store)
    assert more.value.available == 1
    assert more.value.message.startswith("Only 1 of 2 of line 1 of order ")
    with pytest.raises(LineRefused, match="1 unit or more"):
        lines.hold(chain.order_id, chain.line_id, 0, store_id=store)
    with pytest.raises(LineUnknown):
        lines.hold(chain.order_id, uuid.uuid4(), 1, store_id=store)
    token = enrol(service, "YRK", "Till 9")["token"]
    with service.client(token) as http:
        path = f"/v1/orders/{chain.order_id}/lines/{chain.line_id}/holds"
        assert http.post(path, json={"quantity": "1"}).status_code == 400
        assert http.post(path, json={"quantity": True}).status_code == 400
    with service.client() as http:
        assert http.post(path, json={"quantity": 1}).status_code == 401
    assert hold_statuses(chain.central) == []


# -- the central rules themselves ---------------------------------------------------------------------

def _order(engine: Engine, *, quantity: int = 1, channel: str = "online",
           store_id: uuid.UUID | None = None) -> tuple[uuid.UUID, uuid.UUID]:
    order_id, line_id = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as conn:
        web_shop.publish_order(conn, {
            "id": str(order_id), "number": f"W{order_id.hex[:6]}", "channel": channel,
            "store_id": str(store_id) if store_id else None,
            "lines": [{"id": str(line_id), "line_no": 1, "quantity": quantity}]})
    return order_id, line_id


def test_an_expired_hold_no_longer_reserves_and_a_counter_sale_is_its_stores_own(
        tmp_path: Path) -> None:
    engine = make_central_engine(str(tmp_path / "central.db"))
    upgrade_central(engine)
    now = [datetime(2026, 11, 3, 15, 0, tzinfo=UTC)]
    lines = central_lines.CentralLines(engine, clock=lambda: now[0])
    a, b = uuid.uuid4(), uuid.uuid4()
    order_id, line_id = _order(engine)
    lines.hold(order_id, line_id, 1, store_id=a)
    with pytest.raises(LineTaken, match="is being returned at another store right now"):
        lines.hold(order_id, line_id, 1, store_id=b)
    now[0] += central_lines.HOLD_TTL + timedelta(seconds=1)
    assert lines.hold(order_id, line_id, 1, store_id=b).quantity == 1
    assert hold_statuses(engine) == ["released", "held"]

    counter_sale, its_line = _order(engine, channel="store", store_id=a)
    with pytest.raises(LineUnknown):
        lines.hold(counter_sale, its_line, 1, store_id=b)
    assert lines.hold(counter_sale, its_line, 1, store_id=a).quantity == 1
    engine.dispose()


@pytest.mark.postgres
def test_two_stores_asking_for_the_last_unit_at_once_exactly_one_wins(central_pg: str) -> None:
    engine = make_central_engine(central_pg, pool_size=4)
    lines = central_lines.CentralLines(engine)
    stores = (uuid.uuid4(), uuid.uuid4())
    rounds = 25
    won: list[list[uuid.UUID]] = []
    for _ in range(rounds):
        order_id, line_id = _order(engine)
        gate = threading.Barrier(2)
        winners: list[uuid.UUID] = []

        def ask(store: uuid.UUID, order_id: uuid.UUID = order_id, line_id: uuid.UUID = line_id,
                gate: threading.Barrier = gate, winners: list[uuid.UUID] = winners) -> None:
            gate.wait()
            try:
                lines.hold(order_id, line_id, 1, store_id=store)
                winners.append(store)
            except LineTaken:
                pass

        threads = [threading.Thread(target=ask, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        won.append(winners)
    assert [len(w) for w in won] == [1] * rounds
    assert count(engine, line_holds, line_holds.c.status == "held") == rounds
    engine.dispose()


# -- the embedded central (a single store, the demo) --------------------------------------------------

class Failing:
    def on_completed(self, session: Any, summary: Any) -> None:
        raise RuntimeError("the printer queue broke")


def test_the_embedded_central_holds_the_push_consumes_and_a_failed_return_gives_it_back(
        tmp_path: Path) -> None:
    central = Central.connect(str(tmp_path / "central.db"))
    upgrade_central(central.engine)
    doc = publish_online_order(central.engine, tmp_path / "web.db", quantity=2, paid="240.00")
    order_id = uuid.UUID(doc["id"])
    till = make_till(tmp_path / "till.db")
    till.service(central).sync_once()
    cashier = replace(till.actor, line_gate=LineGate(central.lines))

    with UnitOfWork(till.sessions) as uow, pytest.raises(RuntimeError):
        complete_return(uow.session, cashier, ReturnRequest(
            (LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND),),
            order_id=order_id), receipts=Failing())
    assert hold_statuses(central.engine) == ["released"]

    with UnitOfWork(till.sessions) as uow:  # completed, then rolled back by its caller
        complete_return(uow.session, cashier, ReturnRequest(
            (LineRequest(1, 1, Reason.CHANGE_OF_MIND, ALL_SHOWN, Resolution.REFUND),),
            order_id=order_id))
    assert hold_statuses(central.engine) == ["released", "released"]

    give_back(till, cashier, order_id, quantity=2)
    assert hold_statuses(central.engine) == ["released", "released", "held"]
    assert till.service(central).sync_once().flagged == 0
    assert hold_statuses(central.engine) == ["released", "released", "consumed"]
    with central.engine.connect() as conn:
        assert conn.scalar(select(order_lines.c.quantity_returned)) == 2
    central.close()
    till.close()


def test_a_line_the_central_side_does_not_count_is_returned_as_before(tmp_path: Path) -> None:
    central = Central.connect(str(tmp_path / "central.db"))
    upgrade_central(central.engine)
    elsewhere = make_central_engine(str(tmp_path / "other-central.db"))
    upgrade_central(elsewhere)
    doc = publish_online_order(elsewhere, tmp_path / "web.db", paid="900.00")  # not ours
    till = make_till(tmp_path / "till.db")
    till.service(Central(elsewhere)).sync_once()  # the till knows it; our central does not
    give_back(till, replace(till.actor, line_gate=LineGate(central.lines)), uuid.UUID(doc["id"]))
    assert hold_statuses(central.engine) == []  # no hold, and no offline limit either
    central.close()
    elsewhere.dispose()
    till.close()


def test_the_offline_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STOREPOS_OFFLINE_PER_ONLINE_RETURN", raising=False)
    assert online_return_limit_setting(OnlineReturnLimit).per_return == D("200.00")
    monkeypatch.setenv("STOREPOS_OFFLINE_PER_ONLINE_RETURN", "75.50")
    assert online_return_limit_setting(OnlineReturnLimit).per_return == D("75.50")
    for bad in ("lots", "-1"):
        monkeypatch.setenv("STOREPOS_OFFLINE_PER_ONLINE_RETURN", bad)
        with pytest.raises(StoreposError, match=r"must be an amount like 200\.00"):
            online_return_limit_setting(OnlineReturnLimit)
