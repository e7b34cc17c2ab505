"""The till's card gate applies on the counter's real payment paths: a pickup paid by gift cards
and the gift card screen's redemption, offline (no central authority) within the floor limits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine

from storepos.domain.sync import OfflineLimitExceeded, OfflineLimits
from storepos.domain.vocabulary import TenderKind
from storepos.services import value_accounts
from storepos.services.card_redemption import CardGate, take_from_card
from storepos.services.pickup_handover import hand_over_pickup
from storepos.services.pickups import mark_arrived, mark_ready
from storepos.services.return_types import Payment
from tests.integration.pickup_world import D, build

OFFLINE = CardGate(None, OfflineLimits(per_sale=D("100.00"), per_card=D("150.00")))


def test_a_pickup_paid_by_two_gift_cards_offline_counts_both_toward_the_sale_limit(db_engine: Engine) -> None:
    w = build(db_engine, pay="offline")  # 129.95 due
    cashier = replace(w.cashier, card_gate=OFFLINE)
    w.run(lambda s: mark_arrived(s, cashier, w.pickup_number))
    w.run(lambda s: mark_ready(s, cashier, w.pickup_number))
    one = w.run(lambda s: value_accounts.issue_gift_card(s, cashier, "200.00")).account
    two = w.run(lambda s: value_accounts.issue_gift_card(s, cashier, "200.00")).account

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
    card = w.run(lambda s: value_accounts.issue_gift_card(s, till, "300.00")).account
    w.run(lambda s: take_from_card(s, till, card.number, "90.00"))
    # 90 taken offline since the last sync; 70 more would pass 150.00 for this card.
    with pytest.raises(OfflineLimitExceeded, match="at most 60.00 more"):
        w.run(lambda s: take_from_card(s, till, card.number, "70.00"))
    # A till without a central database spends from its own ledger, with no floor limit.
    w.run(lambda s: take_from_card(s, w.cashier, card.number, "200.00"))
    assert w.run(lambda s: value_accounts.find_account(s, till, card.number)).balance == D("10.00")
