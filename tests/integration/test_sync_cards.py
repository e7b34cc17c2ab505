"""Gift cards and store credit: the central ledger decides. Processes racing one card never
capture more than it holds; offline, the floor limits per sale and per card hold, and an overdraft
that results is flagged for a manager when the tills sync."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storepos.central import orders as web_shop
from storepos.central.client import Central
from storepos.central.schema import accounts, card_holds, ledger, reviews
from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.sync import EventStatus, OfflineLimitExceeded, OfflineLimits
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.redemption import CardGate, redeem_card
from storepos.services.sync.local_till import LocalTill
from storepos.sync.errors import CentralUnavailable
from storepos.sync.service import SyncService
from tests.integration.sync_world import Till, central_pg, finish, make_till, till_pg, worker

pytestmark = pytest.mark.postgres
__all__ = ["central_pg", "till_pg"]
D = Decimal


def _card(central: Central, amount: str, store_id: uuid.UUID) -> tuple[uuid.UUID, str]:
    card_id = uuid.uuid4()
    number = format_number(NumberKind.GIFT_CARD, "WEB", int(str(card_id.int)[:6]) or 1)
    with central.engine.begin() as conn:
        web_shop.issue_card(conn, {"id": card_id, "kind": "gift_card", "number": number,
                                   "currency": "CAD", "customer_id": None,
                                   "issued_store_id": None}, D(amount), store_id=store_id)
    return card_id, number


def _central_balance(central: Central, card_id: uuid.UUID) -> tuple[Decimal, Decimal]:
    with central.engine.connect() as conn:
        row = conn.execute(select(accounts.c.balance, accounts.c.held)
                           .where(accounts.c.id == card_id)).one()
        return row.balance, row.held


def _redeem(till: Till, gate: CardGate, number: str, amount: str,
            sale_so_far: str = "0.00") -> None:
    with UnitOfWork(till.sessions) as uow:
        redeem_card(uow.session, till.actor, gate, number, amount, sale_so_far=D(sale_so_far))
        uow.commit()


def test_processes_racing_one_card_never_capture_more_than_it_holds(central_pg: str,
                                                                    tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    store = uuid.uuid4()
    card_id, _ = _card(central, "100.00", store)
    go = tmp_path / "go"
    procs = [worker("redeem", central_pg, str(card_id), str(store), "7.00", str(go))
             for _ in range(3)]
    time.sleep(0.5)
    go.touch()
    captured = sum(D(json.loads(finish(p).strip().splitlines()[-1])["captured"]) for p in procs)
    balance, held = _central_balance(central, card_id)
    assert captured <= D("100.00")
    assert captured == D("98.00") and balance == D("2.00") and held == 0  # 14 x 7, then "no"
    with central.engine.connect() as conn:
        rows = conn.execute(select(ledger.c.seq, ledger.c.amount, ledger.c.balance_after)
                            .where(ledger.c.account_id == card_id).order_by(ledger.c.seq)).all()
        assert [r.seq for r in rows] == list(range(1, 16))  # the issue, then 14 captures
        assert sum(r.amount for r in rows) == balance and min(r.balance_after for r in rows) >= 0
        assert set(conn.scalars(select(card_holds.c.status))) == {"captured"}
    central.close()


class Down:
    def hold(self, *args: object, **kw: object) -> object:
        raise CentralUnavailable("network down")

    def release(self, held: object) -> bool:
        return False


def test_offline_redemptions_stay_within_the_floor_limits(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    card_id, number = _card(central, "200.00", till.actor.store_id)
    till.service(central).sync_once()
    gate = CardGate(Down(), OfflineLimits(per_sale=D("50.00"), per_card=D("80.00")))

    with pytest.raises(OfflineLimitExceeded, match="per sale"):
        _redeem(till, gate, number, "60.00")
    _redeem(till, gate, number, "40.00")
    with pytest.raises(OfflineLimitExceeded, match="per sale"):
        _redeem(till, gate, number, "20.00", sale_so_far="40.00")  # the same sale: 60 > 50
    _redeem(till, gate, number, "30.00")  # a new sale: 70 of 80 for this card
    with pytest.raises(OfflineLimitExceeded, match=r"at most 10.00 more"):
        _redeem(till, gate, number, "20.00")
    with till.sessions() as s:
        assert va.find_account(s, till.actor, number).balance == D("130.00")

    till.service(central).sync_once()  # reconciled: the card's offline allowance starts again
    assert _central_balance(central, card_id) == (D("130.00"), D("0.00"))
    _redeem(till, gate, number, "20.00")
    central.close()


def test_an_offline_overdraft_is_flagged_never_dropped_nor_accepted(central_pg: str,
                                                                    tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    a, b = make_till(tmp_path / "a.db"), make_till(tmp_path / "b.db")
    card_id, number = _card(central, "50.00", a.actor.store_id)
    for till in (a, b):
        till.service(central).sync_once()  # both see 50.00 on the card
    offline = CardGate(None, OfflineLimits(per_sale=D("50.00"), per_card=D("100.00")))
    _redeem(a, offline, number, "40.00")
    _redeem(b, offline, number, "40.00")  # 80.00 taken from a 50.00 card, offline

    assert a.service(central).sync_once().flagged == 0
    report = b.service(central).sync_once()
    assert report.flagged == 1
    [entry] = [e for e in b.outbox() if e.action == "ledger.redeem"]
    assert entry.status is EventStatus.FLAGGED and "30.00 overdrawn" in entry.result
    assert _central_balance(central, card_id) == (D("0.00"), D("0.00"))  # never below zero
    with central.engine.connect() as conn:
        [review] = conn.execute(select(reviews)).all()
        assert (review.kind, review.amount, review.subject_id) == ("card_overdraft", D("30.00"),
                                                                    card_id)
        moved = conn.scalars(select(ledger.c.amount).where(ledger.c.account_id == card_id)
                             .order_by(ledger.c.seq)).all()
        assert moved == [D("50.00"), D("-40.00"), D("-10.00")]  # what the card had, no more
    for till in (a, b):  # both tills now know the card is empty
        till.service(central).sync_once()
        with till.sessions() as s:
            assert va.find_account(s, till.actor, number).balance == D("0.00")
    central.close()


def test_online_a_redemption_is_held_then_captured(central_pg: str, tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    card_id, number = _card(central, "50.00", till.actor.store_id)
    till.service(central).sync_once()
    online = CardGate(central.cards, OfflineLimits(per_sale=D("0.00"), per_card=D("0.00")))

    _redeem(till, online, number, "30.00")  # over the offline limits: only online allows it
    assert _central_balance(central, card_id) == (D("50.00"), D("30.00"))  # held, not taken
    with pytest.raises(va.NotEnoughOnCard, match=r"Only \$20.00 left on this card, not \$25.00"):
        _redeem(till, online, number, "25.00")
    till.service(central).sync_once()  # the push captures the hold
    assert _central_balance(central, card_id) == (D("20.00"), D("0.00"))
    with central.engine.connect() as conn:
        entry = conn.execute(select(ledger).where(ledger.c.account_id == card_id,
                                                  ledger.c.amount < 0)).one()
        assert entry.hold_id is not None and entry.offline is False
    with till.sessions() as s:
        assert va.find_account(s, till.actor, number).balance == D("20.00")
    central.close()


class PullAfterHold:
    """The central card authority, with the till's background pull landing right after a hold is
    taken and before the counter writes its redemption (the race seen in review)."""

    def __init__(self, central: Central, pull: Callable[[], object]) -> None:
        self.cards, self.pull = central.cards, pull

    def hold(self, *args: Any, **kw: Any) -> Any:
        held = self.cards.hold(*args, **kw)
        self.pull()
        return held

    def release(self, held: Any) -> bool:
        return self.cards.release(held)


def test_a_pull_between_the_hold_and_the_redemption_does_not_take_the_card_twice(
        central_pg: str, till_pg: str, tmp_path: Path) -> None:
    # The till on PostgreSQL: its read-committed counter transaction sees the pull's correction
    # at once (on SQLite the counter's unit of work holds the write lock from its start).
    central = Central.connect(central_pg)
    till, other = make_till(till_pg), make_till(tmp_path / "other.db")
    card_id, number = _card(central, "50.00", till.actor.store_id)
    for each in (till, other):
        each.service(central).sync_once()
    _redeem(other, CardGate(central.cards), number, "10.00")
    other.service(central).sync_once()  # captured: the card is among the next pull's changes
    gate = CardGate(PullAfterHold(central, lambda: sync.sync_once()),
                    OfflineLimits(per_sale=D("0.00"), per_card=D("0.00")))
    # wired as the app wires them: the till's pull knows the holds its gate is taking
    sync = SyncService(LocalTill(till.sessions, till.actor.store_id, till.actor.till_id,
                                 gate.open_holds), central)

    _redeem(till, gate, number, "40.00")  # all that is left, with a pull after the hold

    assert gate.open_holds.unwritten(card_id, set()) == 0  # forgotten once the sale committed
    with till.sessions() as s:
        assert va.find_account(s, till.actor, number).balance == D("0.00")
    sync.sync_once()  # push (captures the hold), then pull
    assert _central_balance(central, card_id) == (D("0.00"), D("0.00"))
    with till.sessions() as s:
        assert va.find_account(s, till.actor, number).balance == D("0.00")
    with central.engine.connect() as conn:
        assert set(conn.scalars(select(card_holds.c.status)
                                .where(card_holds.c.account_id == card_id))) == {"captured"}
    for each in (till, other):
        each.close()
    central.close()


def test_a_hold_whose_sale_rolls_back_is_forgotten_by_the_pull(central_pg: str,
                                                              tmp_path: Path) -> None:
    central = Central.connect(central_pg)
    till = make_till(tmp_path / "till.db")
    card_id, number = _card(central, "50.00", till.actor.store_id)
    till.service(central).sync_once()
    gate = CardGate(central.cards)
    with UnitOfWork(till.sessions) as uow:
        taken = redeem_card(uow.session, till.actor, gate, number, "20.00")
        assert gate.open_holds.unwritten(card_id, set()) == D("20.00")  # the pull gives it back
        uow.rollback()  # the sale did not complete
    gate.cancel(taken)
    assert gate.open_holds.unwritten(card_id, set()) == 0
    assert _central_balance(central, card_id) == (D("50.00"), D("0.00"))
    central.close()
