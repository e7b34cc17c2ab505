"""Completing returns: refunds split over tenders, gift cards credited back, fees and shipping from
the policy, never more back than sold, manager overrides, store credit, requested Return IDs, and
nothing half-written when any part fails. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput
from storepos.domain.ledger import LedgerError
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.policy import Condition
from storepos.domain.vocabulary import (
    LedgerKind,
    Reason,
    Resolution,
    ReturnStatus,
    TenderKind,
)
from storepos.persistence.models import (
    AuditEvent,
    LedgerEntry,
    Refund,
    Return,
    ReturnLine,
    ValueAccount,
)
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.numbering import next_number
from storepos.services.returns.complete import ReturnRefused, preview_return
from storepos.services.returns.types import Payment, ReturnRequest, ReturnSummary
from tests.integration.returns_world import (
    D,
    approve,
    balance,
    build,
    complete,
    line,
    on_hand,
    returned,
    returns_of,
    scalar,
)


def test_a_refund_split_over_two_tenders_sums_exactly(db_engine: Engine) -> None:
    w = build(db_engine)  # card 140.00 + gift card 100.00
    summary = complete(w, line(1))
    assert parse_number(summary.return_number).kind is NumberKind.RETURN
    by_kind = {r.kind: r for r in summary.refunds}
    assert by_kind[TenderKind.CARD].amount == D("70.00")
    assert by_kind[TenderKind.GIFT_CARD].amount == D("50.00")
    assert summary.money_back == D("120.00")
    assert by_kind[TenderKind.CARD].label == "VISA ••••4242"
    assert by_kind[TenderKind.GIFT_CARD].label.startswith("Gift card ••••")
    assert returned(w) == 1
    assert on_hand(w, w.sizes["8"]) == 4  # unworn: back on the shelf
    with w.factory() as s:
        refunds = s.scalars(select(Refund).where(Refund.return_id == summary.return_id)).all()
        assert sorted(r.amount for r in refunds) == [D("50.00"), D("70.00")]
        row = s.scalars(select(ReturnLine).where(ReturnLine.return_id == summary.return_id)).one()
        assert (row.resolution, row.refund_amount, row.restocking_fee) == (
            Resolution.REFUND, D("120.00"), D("0.00"))
        assert row.allowed == ["refund", "exchange", "store_credit"] and row.reasons
        ret = s.get(Return, summary.return_id)
        assert ret is not None and ret.status == ReturnStatus.COMPLETED
        events = s.scalars(select(AuditEvent.action).where(
            AuditEvent.subject_id == summary.return_id)).all()
        assert events == ["return.completed"]


def test_the_gift_card_tender_is_refunded_onto_its_account(db_engine: Engine) -> None:
    w = build(db_engine)
    assert w.gift_card is not None and balance(w, w.gift_card.id) == D("0.00")
    summary = complete(w, line(2))
    assert balance(w, w.gift_card.id) == D("100.00")
    with w.factory() as s:
        credit = s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == w.gift_card.id)
                           .order_by(LedgerEntry.seq.desc())).first()
    assert credit is not None
    assert (credit.kind, credit.amount, credit.return_id) == (
        LedgerKind.CREDIT, D("100.00"), summary.return_id)
    assert summary.money_back == D("240.00")


def test_refund_cents_stay_exact_over_partial_returns(db_engine: Engine) -> None:
    w = build(db_engine, pay="split")
    first, second = complete(w, line(1)), complete(w, line(1))
    card_total = sum(r.amount for s in (first, second) for r in s.refunds
                     if r.kind is TenderKind.CARD)
    assert card_total == D("140.00")  # everything the card paid, not a cent more
    assert first.money_back + second.money_back == D("240.00")


def test_fee_and_shipping_come_from_the_decision(db_engine: Engine) -> None:
    w = build(db_engine, policy="shoeoftheweek", pay="card", shipping="9.95", online=True)
    summary = complete(w, line(1))
    (refund,) = summary.refunds
    assert refund.amount == D("96.00")  # 120.00 less the 20 % restocking fee
    assert summary.restocking_fee == D("24.00") == summary.lines[0].restocking_fee
    assert summary.shipping_not_refunded == D("9.95")
    assert any("restocking fee" in r for r in summary.lines[0].short_reasons)
    # The screen's words write amounts as the store's money; the record keeps the contract's.
    assert "Shipping ($9.95) is not refunded." in summary.lines[0].short_reasons
    assert all("Shoe of the Week:" not in r for r in summary.lines[0].short_reasons)


def test_a_second_return_of_the_same_units_is_refused(db_engine: Engine) -> None:
    w = build(db_engine)
    complete(w, line(2))
    with pytest.raises(InvalidInput, match="2 of 2 already returned"):
        complete(w, line(1))
    assert returned(w) == 2 and returns_of(w) == 1


def test_a_denial_needs_a_manager_override_which_is_recorded(db_engine: Engine) -> None:
    w = build(db_engine, tags=["final_sale"])
    with pytest.raises(ReturnRefused, match=r"refuses this return.*A manager can override"):
        complete(w, line(1))
    assert returns_of(w) == 0
    with w.factory() as s:
        plan = preview_return(s, w.cashier, ReturnRequest((line(1),), order_id=w.order_id))
    assert plan.needs_approval == (1,) and plan.lines[0].allowed == ()
    approval = approve(w, "Customer was told in store it could come back")
    summary = complete(w, line(1, override=approval))
    assert summary.money_back == D("120.00")
    assert summary.lines[0].overridden_by == "Maria Manager"
    with w.factory() as s:
        row = s.scalars(select(ReturnLine).where(ReturnLine.return_id == summary.return_id)).one()
        assert (row.override_by, row.override_reason) == (
            w.manager_id, "Customer was told in store it could come back")
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "return.override",
                                                   AuditEvent.subject_id == row.id)).one()
        assert (event.approved_by, event.employee_id) == (w.manager_id, w.cashier.employee_id)
        assert event.reason == "Customer was told in store it could come back"


def test_a_resolution_outside_the_policy_names_what_is_allowed(db_engine: Engine) -> None:
    w = build(db_engine)
    no_card = Condition(worn=False, original_box=True, packaging_intact=True,
                        proof_of_purchase=True, original_card=False)
    with pytest.raises(ReturnRefused, match="allows exchange or store credit here, not refund"):
        complete(w, line(1, condition=no_card))


def test_store_credit_goes_to_the_customers_account(db_engine: Engine) -> None:
    w = build(db_engine)
    first = complete(w, line(1, Resolution.STORE_CREDIT))
    second = complete(w, line(1, Resolution.STORE_CREDIT))
    (credit,) = first.refunds
    assert credit.kind is TenderKind.STORE_CREDIT and credit.amount == D("120.00")
    assert second.refunds[0].account_id == credit.account_id  # one account per customer
    assert second.store_credit_balance == D("240.00")
    with w.factory() as s:
        account = s.get(ValueAccount, credit.account_id)
        assert account is not None and account.customer_id == w.customer_id
        assert parse_number(account.number).kind is NumberKind.STORE_CREDIT


def test_store_credit_needs_a_customer(db_engine: Engine) -> None:
    w = build(db_engine, customer=False)
    with pytest.raises(ReturnRefused, match="no customer on file"):
        complete(w, line(1, Resolution.STORE_CREDIT))


def test_an_unpaid_tender_refunds_nothing(db_engine: Engine) -> None:
    w = build(db_engine, pay="offline")  # card 120.00 + pay offline 120.00
    summary = complete(w, line(1))
    assert [(r.kind, r.amount) for r in summary.refunds] == [(TenderKind.CARD, D("60.00"))]
    assert summary.unpaid_not_refunded == D("60.00")
    second = complete(w, line(1))
    assert second.money_back == D("60.00")  # the card gets back all it paid, over both returns


def test_completing_a_requested_return_keeps_its_return_id(db_engine: Engine) -> None:
    w = build(db_engine)
    with UnitOfWork(w.factory) as uow:
        number = next_number(uow.session, w.cashier.till_id, w.cashier.till_prefix,
                             NumberKind.RETURN)
        ret = Return(return_number=number, order_id=w.order_id, status=ReturnStatus.REQUESTED)
        uow.session.add(ret)
        uow.session.flush()
        uow.session.add(ReturnLine(return_id=ret.id, order_line_id=w.line_id, quantity=2,
                                   reason=Reason.WRONG_SIZE))
        uow.commit()
    typed = number.lower().replace("-", " ")
    summary = complete(w, line(1, reason=Reason.WRONG_SIZE), return_number=typed, order_id=None)
    assert (summary.return_id, summary.return_number) == (ret.id, number)
    with w.factory() as s:
        rows = s.scalars(select(ReturnLine).where(ReturnLine.return_id == ret.id)).all()
        assert [(r.quantity, r.resolution) for r in rows] == [(1, Resolution.REFUND)]
    with pytest.raises(ReturnRefused, match="already completed"):
        complete(w, line(1), return_number=number, order_id=None)


class Boom(Exception):
    pass


class FailingReceipts:
    def __init__(self) -> None:
        self.seen: list[ReturnSummary] = []

    def on_completed(self, session: Session, summary: ReturnSummary) -> None:
        assert session.get(Return, summary.return_id) is not None  # same transaction
        self.seen.append(summary)
        raise Boom("printer queue full")


def test_the_whole_completion_rolls_back_when_any_part_fails(db_engine: Engine) -> None:
    w = build(db_engine)
    assert w.gift_card is not None
    receipts = FailingReceipts()
    with pytest.raises(Boom):
        complete(w, line(1), receipts=receipts)
    assert len(receipts.seen) == 1
    assert (returns_of(w), returned(w), on_hand(w, w.sizes["8"])) == (0, 0, 3)
    assert balance(w, w.gift_card.id) == D("0.00")
    assert scalar(w, select(func.count()).select_from(AuditEvent).where(
        AuditEvent.store_id == w.store_id, AuditEvent.action.like("return.%"))) == 0
    # A late failure (the payment for an exchange) undoes everything written before it too.
    empty = w.gift_card  # spent in full on the order
    with pytest.raises(LedgerError, match="Nothing is left on this card"):
        complete(w, line(1, Resolution.EXCHANGE, exchange_variant_id=w.sizes["10"]),
                 payments=(Payment(TenderKind.GIFT_CARD, D("15.00"),
                                   account_number=empty.number),))
    assert (returns_of(w), returned(w), on_hand(w, w.sizes["10"])) == (0, 0, 3)
    summary = complete(w, line(1))  # and the Return number was not used up
    assert parse_number(summary.return_number).sequence == 1


@pytest.mark.postgres
def test_units_returned_at_another_till_meanwhile_are_refused(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storepos.persistence.models import OrderLine
    from storepos.services.returns import complete as returns

    w = build(pg_engine)
    real_load = returns._load_order

    def load_then_other_till_returns_both(session: Session, order_id):  # type: ignore[no-untyped-def]
        order = real_load(session, order_id)  # this till read 0 of 2 returned ...
        with UnitOfWork(w.factory) as other:  # ... and another till took both back meanwhile
            other.session.execute(update(OrderLine).where(OrderLine.id == w.line_id)
                                  .values(quantity_returned=2))
            other.commit()
        return order

    monkeypatch.setattr(returns, "_load_order", load_then_other_till_returns_both)
    with pytest.raises(ReturnRefused, match="already come back: never more back than sold"):
        complete(w, line(1))
    assert returns_of(w) == 0 and returned(w) == 2
