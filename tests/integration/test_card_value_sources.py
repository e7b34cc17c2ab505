"""Card value has a source, tried as a dishonest cashier would: the service called directly with no
sale, return or manager; absurd amounts; a sale with no tender; over a cap; and a ledger credit
built by hand and pushed to the central side (issue 12)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from storepos.domain.card_value import CardCaps, ValueSource
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.vocabulary import Role, TenderKind
from storepos.persistence.models import AuditEvent, LedgerEntry, ValueAccount
from storepos.persistence.uow import UnitOfWork
from storepos.services.cards import value_accounts as va
from storepos.services.cards.api import CardsServices
from storepos.services.cards.value_source import (
    CardPayment,
    NeedsManager,
    Source,
    given,
    sold,
    value_binding,
)
from storepos.services.staff.approvals import ApprovalRefused
from storepos.services.staff.auth import PermissionDenied
from tests.factories import (
    actor_for,
    approval_by,
    make_customer,
    make_employee,
    make_store,
    minted_yes,
)
from tests.integration.test_value_accounts import Till, _till, run

D = Decimal
CASH = sold(TenderKind.CASH)


@pytest.fixture
def till(db_engine: Engine) -> Till:
    return _till(db_engine)


def ledger_rows(till: Till) -> int:
    with till.factory() as s:
        return int(s.scalar(select(func.count()).select_from(LedgerEntry)) or 0)


def accounts(till: Till) -> int:
    with till.factory() as s:
        return int(s.scalar(select(func.count()).select_from(ValueAccount)) or 0)


def refused(till: Till, action: Callable[..., object], error: type[StoreposError],
            words: str) -> None:
    before = (ledger_rows(till), accounts(till))
    with pytest.raises(error, match=words):
        run(till, action)
    assert (ledger_rows(till), accounts(till)) == before  # nothing minted, nothing opened


def test_five_thousand_credited_to_a_card_with_no_return_is_refused(till: Till) -> None:
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "50.00", CASH)).account
    refused(till, lambda s: va.credit_account(s, till.cashier, card.id, "5000.00"),
            NeedsManager, "manager must approve")
    refused(till, lambda s: va.add_store_credit(s, till.cashier, till.ana, "5000.00"),
            NeedsManager, "manager must approve")
    # A return id made up on the spot is not a return.
    refused(till, lambda s: va.credit_account(s, till.cashier, card.id, "5000.00",
                                              return_id=uuid.uuid4()),
            InvalidInput, "return is not in the database")
    # Goodwill with no approval, or an approval with no reason, is refused too.
    refused(till, lambda s: va.credit_account(s, till.cashier, card.id, "20.00",
                                              given(ValueSource.GOODWILL, None, "sorry")),
            NeedsManager, "manager must approve")
    with pytest.raises(InvalidInput, match="Type the reason"):  # no token without a reason
        minted_yes(till.factory, till.cashier, till.manager,
                   value_binding(ValueSource.GOODWILL, D("20.00")), reason=" ")
    # A hand-built approval (no PIN was ever checked) is refused where it is used.
    refused(till, lambda s: va.credit_account(
        s, till.cashier, card.id, "20.00",
        given(ValueSource.GOODWILL, approval_by(till.manager, "sorry"))),
        ApprovalRefused, "not given with a manager's PIN")


@pytest.mark.parametrize("amount", ["99999999999999.99", D("99999999999999.99"), "1e3"])
def test_an_absurd_card_is_refused_even_with_a_manager(till: Till, amount: object) -> None:
    sale = minted_yes(till.factory, till.cashier, till.manager,
                      value_binding(ValueSource.SALE, D("1000.00")), "Promotion")
    promo = minted_yes(till.factory, till.cashier, till.manager,
                       value_binding(ValueSource.PROMOTION, D("1000.00")), "Promotion")
    for source in (CASH, sold(TenderKind.CASH, sale), given(ValueSource.PROMOTION, promo)):
        refused(till, lambda s, src=source: va.issue_gift_card(s, till.cashier, amount, src),
                InvalidInput, "too large|not an amount")


def test_a_card_is_never_sold_without_a_tender(till: Till) -> None:
    refused(till, lambda s: va.issue_gift_card(s, till.cashier, "25.00"),
            NeedsManager, "needs a source")
    refused(till, lambda s: va.issue_gift_card(s, till.cashier, "25.00", Source(ValueSource.SALE)),
            InvalidInput, "sold for a payment")
    for tender in (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT, TenderKind.PAY_OFFLINE):
        refused(till, lambda s, t=tender: va.issue_gift_card(s, till.cashier, "25.00", sold(t)),
                InvalidInput, "paid in cash, by debit or by credit card")
    # A return or a goodwill source is not a way to open a new card.
    refused(till, lambda s: va.issue_gift_card(
        s, till.cashier, "25.00", given(ValueSource.GOODWILL, approval_by(till.manager, "x"))),
        InvalidInput, "sold, given for a warranty claim or as a promotion")
    # A promotional card with no manager.
    refused(till, lambda s: va.issue_gift_card(s, till.cashier, "25.00",
                                               given(ValueSource.PROMOTION, None, "raffle")),
            NeedsManager, "manager must approve")


def test_a_card_sold_keeps_its_tender_in_the_same_transaction(till: Till) -> None:
    paid = CardPayment(TenderKind.CARD, card_brand="VISA", card_last4="4242", auth_ref="A1B2")
    moved = run(till, lambda s: CardsServices().issue(s, till.cashier, "40.00", TenderKind.CASH))
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "60.00", sold(paid)))
    with till.factory() as s:
        events = {e.subject_id: e for e in s.scalars(
            select(AuditEvent).where(AuditEvent.action == "ledger.issue"))}
    assert events[moved.state.history.account.id].details["source"] == {
        "kind": "sale", "tender": "cash"}
    assert events[card.account.id].details["source"] == {
        "kind": "sale", "tender": "card", "card_brand": "VISA", "card_last4": "4242",
        "auth_ref": "A1B2"}
    with pytest.raises(StoreposError):  # a full card number is never the "last four"
        CardPayment(TenderKind.CARD, card_last4="4111111111111111").checked()


def test_over_the_cap_needs_a_manager_and_is_audited_with_who_and_why(till: Till) -> None:
    refused(till, lambda s: va.issue_gift_card(s, till.cashier, "1500.00", CASH),
            NeedsManager, "at most 1,000.00")
    refused(till, lambda s: CardsServices().issue(s, till.cashier, "1000.01", TenderKind.CASH),
            NeedsManager, "at most 1,000.00")
    yes = minted_yes(till.factory, till.cashier, till.manager,
                     value_binding(ValueSource.SALE, D("1500.00")), "Corporate order, paid in full")
    moved = run(till, lambda s: va.issue_gift_card(s, till.cashier, "1500.00",
                                                   sold(TenderKind.CASH, yes)))
    assert moved.account.balance == D("1500.00")
    with till.factory() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "ledger.issue", AuditEvent.subject_id == moved.account.id)).one()
    assert event.approved_by == till.manager.employee_id and event.employee_id == till.cashier.employee_id
    assert event.reason == "Corporate order, paid in full"
    assert event.details["source"]["manager"] == till.manager.employee_number
    assert "at most 1,000.00" in event.details["source"]["over_cap"]
    # Topping up an existing card past the cap counts its balance, not just the amount.
    small = run(till, lambda s: va.issue_gift_card(s, till.cashier, "900.00", CASH)).account
    refused(till, lambda s: va.credit_account(
        s, till.cashier, small.id, "200.00", given(ValueSource.GOODWILL, None, "sorry")),
        NeedsManager, "manager")


def test_the_day_cap_counts_what_this_till_made_today(till: Till) -> None:
    caps = CardCaps(per_card=D("1000.00"), per_day=D("1500.00"))
    for _ in range(2):
        run(till, lambda s: va.issue_gift_card(s, till.cashier, "700.00", CASH, caps=caps))
    refused(till, lambda s: va.issue_gift_card(s, till.cashier, "200.00", CASH, caps=caps),
            NeedsManager, "at most 1,500.00 of card value a day")
    yes = minted_yes(till.factory, till.cashier, till.manager,
                     value_binding(ValueSource.SALE, D("200.00")), "Holiday rush")
    run(till, lambda s: va.issue_gift_card(s, till.cashier, "200.00", sold(TenderKind.CASH, yes),
                                           caps=caps))
    # Refunds onto a card are not value made at the counter: a return is never capped here.


def test_a_promotional_card_with_a_manager_and_a_reason_is_audited(till: Till) -> None:
    promo = given(ValueSource.PROMOTION, minted_yes(
        till.factory, till.cashier, till.manager, value_binding(ValueSource.PROMOTION, D("25.00")),
        "Charity raffle prize"))
    moved = run(till, lambda s: va.issue_gift_card(s, till.cashier, "25.00", promo))
    with till.factory() as s:
        event = s.scalars(select(AuditEvent).where(
            AuditEvent.action == "ledger.issue", AuditEvent.subject_id == moved.account.id)).one()
    assert (event.approved_by, event.reason) == (till.manager.employee_id, "Charity raffle prize")
    assert event.details["source"] == {"kind": "promotion", "manager": till.manager.employee_number}


def test_a_stock_clerk_still_sells_no_cards(till: Till) -> None:
    refused(till, lambda s: va.issue_gift_card(s, till.stock, "25.00", CASH),
            PermissionDenied, "sell gift cards")


def test_a_card_correction_keeps_its_manager(till: Till) -> None:
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "30.00", CASH))
    yes = minted_yes(till.factory, till.cashier, till.manager, va.correction_binding(card.entry.id),
                     "Rang up twice")
    run(till, lambda s: va.correct_entry(s, till.cashier, card.entry.id, yes))
    with till.factory() as s:
        event = s.scalars(select(AuditEvent).where(  # the till's database may hold others' too
            AuditEvent.action == "ledger.correction", AuditEvent.subject_id == card.account.id)).one()
    assert event.details["source"] == {"kind": "correction"}
    assert (event.approved_by, event.reason) == (till.manager.employee_id, "Rang up twice")


def test_store_credit_for_a_new_customer_counts_from_zero(till: Till) -> None:
    with UnitOfWork(till.factory) as uow:
        store = make_store(uow.session)
        other = actor_for(make_employee(uow.session, store, Role.CASHIER), store)
        cid = make_customer(uow.session, first="Cy").id
        uow.commit()
    refused(till, lambda s: va.add_store_credit(s, other, cid, "1000.01",
                                                given(ValueSource.GOODWILL, None, "why")),
            NeedsManager, "manager")


def test_the_tills_caps_come_with_the_signed_in_actor(till: Till) -> None:
    capped = replace(till.cashier, card_caps=CardCaps(per_card=D("50.00")))
    refused(till, lambda s: va.issue_gift_card(s, capped, "60.00", CASH), NeedsManager, "at most 50.00")
    refused(till, lambda s: CardsServices().issue(s, capped, "60.00", TenderKind.CASH),
            NeedsManager, "at most 50.00")
