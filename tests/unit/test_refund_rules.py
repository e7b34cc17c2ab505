"""Refund arithmetic: proportional split over tenders, unpaid tenders, caps, exchange differences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storepos.domain.refunds import (
    RefundError,
    TenderRoom,
    exchange_difference,
    short_reason,
    split_refund,
)

D = Decimal


def test_split_is_proportional_and_sums_exactly() -> None:
    parts = split_refund(D("100.00"), [TenderRoom(D("60.00")), TenderRoom(D("90.00"))])
    assert parts == [D("40.00"), D("60.00")]
    odd = split_refund(D("33.33"), [TenderRoom(D("20.00")), TenderRoom(D("20.00")),
                                    TenderRoom(D("20.00"))])
    assert sum(odd) == D("33.33")
    assert odd == [D("11.11"), D("11.11"), D("11.11")]


def test_rounding_cents_always_add_up() -> None:
    tenders = [TenderRoom(D("33.33")), TenderRoom(D("66.67"))]
    for cents in range(1, 10001, 97):
        total = D(cents) / 100
        assert sum(split_refund(total, tenders)) == total


def test_an_unpaid_tender_keeps_its_share_but_refunds_nothing() -> None:
    parts = split_refund(D("100.00"), [TenderRoom(D("50.00")),
                                       TenderRoom(D("50.00"), paid_for_real=False)])
    assert parts == [D("50.00"), D("0.00")]


def test_two_halves_of_a_half_unpaid_order_give_back_all_that_was_paid() -> None:
    card, unpaid = TenderRoom(D("100.00")), TenderRoom(D("100.00"), paid_for_real=False)
    first = split_refund(D("100.00"), [card, unpaid])
    card_after = TenderRoom(D("100.00"), refunded=first[0])
    second = split_refund(D("100.00"), [card_after, unpaid])
    assert first[0] + second[0] == D("100.00")


def test_no_tender_gets_back_more_than_it_paid() -> None:
    # Earlier returns took 33.34 off the first tender; its proportional share would overshoot.
    tenders = [TenderRoom(D("33.33"), refunded=D("33.33")), TenderRoom(D("66.67"), D("66.66"))]
    assert split_refund(D("0.01"), tenders) == [D("0.00"), D("0.01")]


def test_more_than_is_left_is_refused() -> None:
    with pytest.raises(RefundError, match=r"Only 10.00 is left"):
        split_refund(D("20.00"), [TenderRoom(D("50.00"), refunded=D("40.00"))])


def test_an_order_without_payments_cannot_be_refunded_to_them() -> None:
    with pytest.raises(RefundError, match="no payment"):
        split_refund(D("5.00"), [])
    assert split_refund(D("0.00"), []) == []


def test_exchange_difference_both_ways() -> None:
    assert exchange_difference(D("130.00"), 1, D("120.00")) == D("10.00")
    assert exchange_difference(D("100.00"), 2, D("240.00")) == D("-40.00")
    with pytest.raises(RefundError):
        exchange_difference(D("1.00"), 0, D("1.00"))


def test_short_reason_drops_the_clause_citation() -> None:
    long = ("Refund allowed: day 12 of 75 from purchase on 2025-05-20 (SoftMoc: Returns & "
            "Exchanges Conditions, full refund within 75 days of purchase to the original card).")
    assert short_reason(long) == "Refund allowed: day 12 of 75 from purchase on 2025-05-20."
    assert short_reason("No citation here.") == "No citation here."


def test_the_refusals_in_french_above_the_domain() -> None:
    from storepos.i18n import speaking
    from storepos.services.returns.refund_words import worded

    with speaking("fr_CA"), pytest.raises(RefundError) as refused:
        worded(split_refund, D("20.00"), [TenderRoom(D("50.00"), refunded=D("40.00"))])
    assert refused.value.message == (
        "Il ne reste que 10,00 à rembourser sur les paiements de cette commande, pas 20,00.")
    assert refused.value.code == "too_much" and refused.value.params["left"] == D("10.00")
    with speaking("fr_CA"), pytest.raises(RefundError) as none:
        worded(exchange_difference, D("1.00"), 0, D("1.00"))
    assert none.value.message == "Un échange demande au moins une unité."
    with pytest.raises(RefundError, match="no payment on record"):  # English stays English
        worded(split_refund, D("5.00"), [])
