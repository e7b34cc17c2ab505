"""Every card the demo makes can be spent at the counter, as a newcomer meets it: the demo made by
the app's first start (or by `storepos demo`), the embedded central beside it, the card gate, and
the gift card screen's own door (CardsServices). A card asked for more than it has says what is left."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storepos.app import StoreOpener, demo_staff_path
from storepos.central.engine import make_central_engine
from storepos.central.schema import accounts
from storepos.cli import main
from storepos.demo.central import publish_cards
from storepos.demo.scenarios import SHOWCASE
from storepos.domain.vocabulary import AccountKind, LedgerKind, Role
from storepos.i18n.formats import money
from storepos.paths import default_database_path, embedded_central_path
from storepos.persistence.db import make_engine
from storepos.persistence.models import LedgerEntry, ValueAccount
from storepos.services.cards.api import CardsServices
from storepos.services.cards.value_accounts import NotEnoughOnCard
from storepos.services.counter import Counter

ORDERS = len(SHOWCASE) + 40
D = Decimal


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh STOREPOS_HOME, as on a newcomer's machine; no central URL: the embedded one."""
    monkeypatch.setenv("STOREPOS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STOREPOS_CENTRAL_URL", raising=False)
    return tmp_path / "home"


def _open(db: Path) -> Iterator[tuple[StoreOpener, Counter]]:
    opener = StoreOpener(db, ORDERS, print_queue=False, sync=True)
    counter = opener(lambda _words: None)
    # The test decides when the till syncs (a pull racing a hold would muddle the balances).
    opener.sync.stop()
    try:
        yield opener, counter
    finally:
        opener.close()


@pytest.fixture
def first_start(home: Path) -> Iterator[tuple[StoreOpener, Counter, str, str]]:
    """The app's first start on an empty STOREPOS_HOME: it makes the demo and its central."""
    db = default_database_path()
    for opener, counter in _open(db):
        cashier = next(p for p in json.loads(demo_staff_path(db).read_text(encoding="utf-8"))
                       if p["role"] == Role.CASHIER.value)
        yield opener, counter, cashier["number"], cashier["pin"]


def _cards(counter: Counter, currency: str) -> list[tuple[ValueAccount, Decimal]]:
    """Every card account in the store's currency with money on it, and its balance."""
    def read(session):  # type: ignore[no-untyped-def]
        found = []
        for account in session.scalars(select(ValueAccount).where(
                ValueAccount.currency == currency).order_by(ValueAccount.number)):
            balance = session.scalar(select(LedgerEntry.balance_after)
                                     .where(LedgerEntry.account_id == account.id)
                                     .order_by(LedgerEntry.seq.desc()).limit(1))
            if balance:
                session.expunge(account)
                found.append((account, balance))
        return found
    return counter.read(read)  # type: ignore[no-any-return]


def _spend_every_card(opener: StoreOpener, counter: Counter, number: str, pin: str) -> set[str]:
    """Each card: refused for more than it has (in words), then spent to zero; the kinds seen."""
    actor = counter.sign_in(number, pin)
    assert actor.card_gate is not None  # the counter's path: held by the embedded central
    place = counter.place()
    door, kinds = CardsServices(), set()
    cards = _cards(counter, place.currency)
    for account, balance in cards:
        owner = account.customer_id if account.kind == AccountKind.STORE_CREDIT else None
        where = "on this card" if account.kind == AccountKind.GIFT_CARD else "in this store credit"
        left = money(balance, place.currency, place.locale)
        with pytest.raises(NotEnoughOnCard, match=re.escape(f"Only {left} left {where}")):
            counter.run(actor, lambda s, a: door.redeem(s, a, account.number,
                                                        str(balance + D("5.00")), owner))
        state = counter.run(actor, lambda s, a: door.redeem(s, a, account.number,
                                                            str(balance), owner))
        assert state.history.account.balance == 0
        assert state.history.entries[-1].kind is LedgerKind.REDEEM
        kinds.add(f"{account.kind} {account.number.split('-')[1]}")
    opener.sync_and_wait()  # the redemptions reach the central ledger: it agrees, at zero
    for account, _ in cards:
        central = opener._central.cards.balance(account.id)
        assert (central.balance, central.held) == (0, 0), account.number
    return kinds


def test_the_first_start_demo_card_of_every_kind_can_be_spent(first_start) -> None:  # type: ignore[no-untyped-def]
    opener, counter, number, pin = first_start
    kinds = _spend_every_card(opener, counter, number, pin)
    # sold online, sold at a store, and store credit given at a store (the web shop's orders are
    # paid as its feed says: card, PayPal, gift card)
    assert {"gift_card WEB", "gift_card TOR1", "store_credit TOR1"} <= kinds, kinds


def test_a_demo_made_with_the_command_can_be_spent_in_the_app(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--orders", str(ORDERS), "--seed", "5"]) == 0
    staff = capsys.readouterr().out
    cashier = re.search(r"^(\S+)\s+.+?\s+cashier\s+TOR\s+(\d+)\s*$", staff, re.MULTILINE)
    assert cashier is not None, staff
    for opener, counter in _open(default_database_path()):
        kinds = _spend_every_card(opener, counter, cashier[1], cashier[2])
        assert {"gift_card WEB", "store_credit TOR1"} <= kinds, kinds


def test_the_central_ledger_takes_the_demo_cards_once(home: Path) -> None:
    assert main(["demo", "--orders", "20", "--seed", "5"]) == 0
    db = default_database_path()
    till, central = make_engine(str(db)), make_central_engine(str(embedded_central_path(db)))
    try:
        with till.connect() as conn:
            made = conn.scalar(select(func.count()).select_from(ValueAccount.__table__))
        with central.connect() as conn:
            known = conn.scalar(select(func.count()).select_from(accounts))
        assert made and known == made
        assert publish_cards(till, central) == 0  # a card it knows keeps what it holds there
    finally:
        till.dispose()
        central.dispose()
