"""The till's card gate applies on the counter's real payment paths: a pickup paid by gift cards
and the gift card screen's redemption, offline (no central authority) within the floor limits;
with an embedded central, a card it has not heard of."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete

from storepos.central.client import Central
from storepos.central.migrate import upgrade as upgrade_central
from storepos.domain.errors import InvalidInput
from storepos.domain.sync import OfflineLimitExceeded, OfflineLimits
from storepos.domain.vocabulary import TenderKind
from storepos.persistence.models import OutboxEntry
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts
from storepos.services.cards.redemption import UNKNOWN_CARD, CardGate, take_from_card
from storepos.services.cards.value_source import sold
from storepos.services.pickups.handover import hand_over_pickup
from storepos.services.pickups.status import mark_arrived, mark_ready
from storepos.services.returns.types import Payment
from tests.integration.pickup_world import D, build
from tests.integration.sync_world import make_till

OFFLINE = CardGate(None, OfflineLimits(per_sale=D("100.00"), per_card=D("150.00")))


def test_a_pickup_paid_by_two_gift_cards_offline_counts_both_toward_the_sale_limit(db_engine: Engine) -> None:
    w = build(db_engine, pay="offline")  # 129.95 due
    cashier = replace(w.cashier, card_gate=OFFLINE)
    w.run(lambda s: mark_arrived(s, cashier, w.pickup_number))
    w.run(lambda s: mark_ready(s, cashier, w.pickup_number))
    one = w.run(lambda s: value_accounts.issue_gift_card(s, cashier, "200.00", sold(TenderKind.CASH))).account
    two = w.run(lambda s: value_accounts.issue_gift_card(s, cashier, "200.00", sold(TenderKind.CASH))).account

    def hand_over(payments):  # type: ignore[no-untyped-def]
        return w.run(lambda s: hand_over_pickup(s, cashier, w.pickup_number, id_last_name="Cote",
                                                photo_id_checked=True, payments=payments))

    # 80 + 49.95 from cards in one sale is over the 100.00 per-sale offline limit: nothing is taken.
    with pytest.raises(OfflineLimitExceeded, match="per sale"):
        hand_over((Payment(TenderKind.GIFT_CARD, D("80.00"), account_number=one.number),
                   Payment(TenderKind.GIFT_CARD, D("49.95"), account_number=two.number)))
    for card in (one, two):
        assert w.run(lambda s: value_accounts.find_account(s, cashier, card.number)).balance == D("200.00")

    summary = hand_over((Payment(TenderKind.GIFT_CARD, D("80.00"), account_number=one.number),
                         Payment(TenderKind.CASH, D("49.95"))))
    assert summary.amount_paid_now == D("129.95")
    assert w.run(lambda s: value_accounts.find_account(s, cashier, one.number)).balance == D("120.00")


def test_the_gift_card_screens_redemption_goes_through_the_gate(db_engine: Engine) -> None:
    w = build(db_engine)
    till = replace(w.cashier, card_gate=OFFLINE)
    card = w.run(lambda s: value_accounts.issue_gift_card(s, till, "300.00", sold(TenderKind.CASH))).account
    w.run(lambda s: take_from_card(s, till, card.number, "90.00"))
    # 90 taken offline since the last sync; 70 more would pass 150.00 for this card.
    with pytest.raises(OfflineLimitExceeded, match=r"at most 60.00 more"):
        w.run(lambda s: take_from_card(s, till, card.number, "70.00"))
    # A till without a central database spends from its own ledger, with no floor limit.
    w.run(lambda s: take_from_card(s, w.cashier, card.number, "200.00"))
    assert w.run(lambda s: value_accounts.find_account(s, till, card.number)).balance == D("10.00")


def _embedded_central(tmp_path: Path) -> Central:
    central = Central.connect(f"sqlite:///{tmp_path / 'central.db'}")
    upgrade_central(central.engine)
    return central


def test_a_card_sold_here_and_not_pushed_yet_is_taken_within_the_offline_limits(tmp_path: Path) -> None:
    central, till = _embedded_central(tmp_path), make_till(tmp_path / "till.db")
    gate = CardGate(central.cards, OfflineLimits(per_sale=D("50.00"), per_card=D("50.00")))
    cashier = replace(till.actor, card_gate=gate)

    def take(number: str, amount: str) -> Decimal:
        with UnitOfWork(till.sessions) as uow:
            left = take_from_card(uow.session, cashier, number, amount).account.balance
            uow.commit()
        return left

    with UnitOfWork(till.sessions) as uow:
        card = value_accounts.issue_gift_card(uow.session, cashier, "100.00", sold(TenderKind.CASH)).account
        uow.commit()
    # Head office has not heard of the card yet: its sale is still in this till's outbox.
    assert take(card.number, "30.00") == D("70.00")
    with pytest.raises(OfflineLimitExceeded):
        take(card.number, "30.00")
    till.service(central).sync_once()  # the sale and the 30.00 arrive; now it is held online
    assert take(card.number, "60.00") == D("10.00")
    assert central.cards.balance(card.id).balance == D("70.00")  # the 60.00 is held, not pushed
    central.close()
    till.close()


def test_a_card_head_office_never_heard_of_is_refused_in_words_a_cashier_understands(
        tmp_path: Path) -> None:
    central, till = _embedded_central(tmp_path), make_till(tmp_path / "till.db")
    cashier = replace(till.actor, card_gate=CardGate(central.cards))
    with UnitOfWork(till.sessions) as uow:
        card = value_accounts.issue_gift_card(uow.session, cashier, "100.00", sold(TenderKind.CASH)).account
        uow.commit()
    with till.engine.begin() as conn:  # its sale never reaches head office (written in bulk)
        conn.execute(delete(OutboxEntry.__table__))
    with pytest.raises(InvalidInput) as refused, UnitOfWork(till.sessions) as uow:
        take_from_card(uow.session, cashier, card.number, "10.00")
    assert refused.value.message == UNKNOWN_CARD
    assert "central ledger" not in refused.value.message
    central.close()
    till.close()
