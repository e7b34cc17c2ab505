"""Exchanges: same style in another size or colour, stock moved, price difference both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, select, update

from storepos.domain.errors import InvalidInput
from storepos.domain.policy import Condition
from storepos.domain.vocabulary import Resolution, TenderKind
from storepos.persistence.models import (
    Exchange,
    LedgerEntry,
    Refund,
    ReturnLine,
    StockLevel,
)
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import sold
from storepos.services.returns.complete import ReturnRefused
from storepos.services.returns.types import Payment
from tests.factories import make_product
from tests.integration.returns_world import D, build, complete, line, on_hand, returned

EXCHANGE = Resolution.EXCHANGE


def exchange_rows(w, return_id):  # type: ignore[no-untyped-def]
    with w.factory() as s:
        return s.execute(
            select(Exchange.new_variant_id, Exchange.price_difference)
            .join(ReturnLine, ReturnLine.id == Exchange.return_line_id)
            .where(ReturnLine.return_id == return_id)
        ).all()


def test_same_price_size_swap_moves_stock_and_no_money(db_engine: Engine) -> None:
    w = build(db_engine)
    summary = complete(w, line(1, EXCHANGE, exchange_variant_id=w.sizes["9"]))
    assert summary.refunds == () and summary.collected == ()
    assert summary.lines[0].exchange is not None
    assert summary.lines[0].exchange.description.endswith("Black, size 9")
    assert exchange_rows(w, summary.return_id) == [(w.sizes["9"], D("0.00"))]
    assert (on_hand(w, w.sizes["8"]), on_hand(w, w.sizes["9"])) == (4, 2)
    assert returned(w) == 1
    assert summary.shipping_not_refunded == D("0.00")


def test_a_dearer_size_collects_the_difference(db_engine: Engine) -> None:
    w = build(db_engine)
    dearer = line(1, EXCHANGE, exchange_variant_id=w.sizes["10"])  # 135.00 for a 120.00 pair
    with pytest.raises(ReturnRefused, match=r"needs 15.00 paid; the payments add up to 0"):
        complete(w, dearer)
    paid = Payment(TenderKind.CARD, D("15.00"), card_brand="MC", card_last4="5555")
    summary = complete(w, dearer, payments=(paid,))
    assert [(c.kind, c.amount, c.label) for c in summary.collected] == [
        (TenderKind.CARD, D("15.00"), "MC ••••5555")]
    assert summary.to_collect == D("15.00") and summary.money_back == D("0.00")
    assert exchange_rows(w, summary.return_id) == [(w.sizes["10"], D("15.00"))]
    assert on_hand(w, w.sizes["10"]) == 2


def test_a_gift_card_pays_the_difference_through_the_ledger(db_engine: Engine) -> None:
    w = build(db_engine)
    with UnitOfWork(w.factory) as uow:
        card = va.issue_gift_card(uow.session, w.cashier, "20.00", sold(TenderKind.CASH)).account
        uow.commit()
    pay = Payment(TenderKind.GIFT_CARD, D("15.00"), account_number=card.number)
    summary = complete(w, line(1, EXCHANGE, exchange_variant_id=w.sizes["10"]), payments=(pay,))
    with w.factory() as s:
        spent = s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == card.id)
                          .order_by(LedgerEntry.seq.desc())).first()
    assert spent is not None
    assert (spent.amount, spent.balance_after, spent.return_id) == (
        D("-15.00"), D("5.00"), summary.return_id)


def test_a_cheaper_colour_refunds_the_difference_to_the_tenders(db_engine: Engine) -> None:
    w = build(db_engine)  # card 140.00 + gift card 100.00; tan costs 100.00
    summary = complete(w, line(1, EXCHANGE, exchange_variant_id=w.tan_8))
    assert exchange_rows(w, summary.return_id) == [(w.tan_8, D("-20.00"))]
    assert sorted((r.kind, r.amount) for r in summary.refunds) == [
        (TenderKind.CARD, D("11.67")), (TenderKind.GIFT_CARD, D("8.33"))]
    assert summary.money_back == D("20.00")
    with w.factory() as s:
        rows = s.scalars(select(Refund.amount).where(Refund.return_id == summary.return_id)).all()
    assert sum(rows, Decimal(0)) == D("20.00")


def test_without_a_refund_the_difference_becomes_store_credit(db_engine: Engine) -> None:
    w = build(db_engine)
    no_card = Condition(worn=False, original_box=True, packaging_intact=True,
                        proof_of_purchase=True, original_card=False)
    summary = complete(w, line(1, EXCHANGE, condition=no_card, exchange_variant_id=w.tan_8))
    (credit,) = summary.refunds
    assert (credit.kind, credit.amount) == (TenderKind.STORE_CREDIT, D("20.00"))
    assert summary.store_credit_balance == D("20.00")


def test_exchanges_stay_within_the_style_and_the_stock(db_engine: Engine) -> None:
    w = build(db_engine)
    with UnitOfWork(w.factory) as uow:
        other_style = make_product(uow.session, price="120.00", sizes=("8",), name="Boston")
        uow.session.execute(update(StockLevel).where(StockLevel.variant_id == w.sizes["9"])
                            .values(on_hand=0))
        uow.commit()
    with pytest.raises(InvalidInput, match="different style"):
        complete(w, line(1, EXCHANGE, exchange_variant_id=other_style["8"].id))
    with pytest.raises(InvalidInput, match="size 9 is out of stock at this store"):
        complete(w, line(1, EXCHANGE, exchange_variant_id=w.sizes["9"]))
    with pytest.raises(InvalidInput, match="same size and colour"):
        complete(w, line(1, EXCHANGE, exchange_variant_id=w.sizes["8"]))
    with pytest.raises(InvalidInput, match="Choose the size or colour"):
        complete(w, line(1, EXCHANGE))
    assert returned(w) == 0
