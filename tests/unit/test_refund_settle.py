"""A pay-offline tender paid at pickup: later refunds go to what really paid. Pure, no database."""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.refunds import TenderRoom, settle_offline, split_refund

D = Decimal


def test_a_pay_offline_tender_settled_at_pickup_no_longer_swallows_refunds() -> None:
    # Submitted unpaid (240.00 pay offline), paid 240.00 cash at pickup: a refund goes to the cash.
    rooms = [TenderRoom(D("240.00"), paid_for_real=False), TenderRoom(D("240.00"))]
    settled = settle_offline(D("240.00"), rooms)
    assert [t.paid for t in settled] == [D("0.00"), D("240.00")]
    assert split_refund(D("120.00"), settled) == [D("0.00"), D("120.00")]


def test_an_unsettled_pay_offline_tender_keeps_its_unpaid_share() -> None:
    rooms = [TenderRoom(D("120.00")), TenderRoom(D("120.00"), paid_for_real=False)]
    assert settle_offline(D("240.00"), rooms) == rooms
    assert split_refund(D("240.00"), rooms) == [D("120.00"), D("0.00")]


def test_a_partly_settled_pay_offline_tender_weighs_what_is_still_unpaid() -> None:
    rooms = [TenderRoom(D("200.00"), paid_for_real=False), TenderRoom(D("150.00"))]
    settled = settle_offline(D("200.00"), rooms)
    assert [t.paid for t in settled] == [D("50.00"), D("150.00")]
    assert split_refund(D("100.00"), settled) == [D("0.00"), D("75.00")]
