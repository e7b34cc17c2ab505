"""Gift cards and store credit: issue, balance, redeem, never below zero, ownership, history,
corrections, the retry on a seq clash, and concurrent redemptions on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from storepos.domain.card_value import ValueSource
from storepos.domain.errors import InvalidInput
from storepos.domain.ledger import LedgerError, Position
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.vocabulary import AccountKind, LedgerKind, Role, TenderKind
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import AuditEvent, LedgerEntry, ValueAccount
from storepos.persistence.uow import UnitOfWork
from storepos.services.base.context import Actor
from storepos.services.cards import value_accounts as va
from storepos.services.cards.value_source import Source, given, sold, value_binding
from storepos.services.staff import auth
from storepos.services.staff.auth import PermissionDenied
from tests.factories import PIN, actor_for, make_customer, make_employee, make_store, minted_yes

D = Decimal


@dataclass
class Till:
    factory: sessionmaker[Session]
    cashier: Actor
    manager: Actor
    stock: Actor
    ana: uuid.UUID
    bob: uuid.UUID


def _till(engine: Engine) -> Till:
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s)
        people = [make_employee(s, store, role) for role in (Role.CASHIER, Role.MANAGER, Role.STOCK)]
        ana, bob = make_customer(s, first="Ana"), make_customer(s, first="Bob")
        uow.commit()
        return Till(factory, *(actor_for(p, store) for p in people), ana.id, bob.id)


@pytest.fixture
def till(db_engine: Engine) -> Till:
    return _till(db_engine)


def run(till: Till, action):  # type: ignore[no-untyped-def]
    """One committed unit of work, as the counter runs every action."""
    with UnitOfWork(till.factory) as uow:
        result = action(uow.session)
        uow.commit()
        return result


def entries(till: Till, account_id: uuid.UUID) -> list[LedgerEntry]:
    with till.factory() as s:
        return list(s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == account_id)
                              .order_by(LedgerEntry.seq)))


def test_issue_check_and_redeem_a_gift_card(till: Till) -> None:
    issued = run(till, lambda s: va.issue_gift_card(s, till.cashier, "50.00", sold(TenderKind.CASH)))
    number = parse_number(issued.account.number)
    assert (number.kind, number.prefix) == (NumberKind.GIFT_CARD, till.cashier.till_prefix)
    assert issued.account.balance == D("50.00") and issued.entry.seq == 1
    typed = issued.account.number.lower().replace("-", " ")  # forgiving of case and separators
    checked = run(till, lambda s: va.find_account(s, till.cashier, typed))
    assert checked.balance == D("50.00") and checked.label.startswith("Gift card ••••")
    spent = run(till, lambda s: va.redeem(s, till.cashier, issued.account.number, D("20.00")))
    assert (spent.entry.seq, spent.entry.amount, spent.account.balance) == (
        2, D("-20.00"), D("30.00"))
    with till.factory() as s:
        actions = s.scalars(select(AuditEvent.action)
                            .where(AuditEvent.subject_id == issued.account.id)).all()
    assert sorted(actions) == ["ledger.issue", "ledger.redeem", "value_account.opened"]


def test_a_card_sold_says_what_paid_for_it_and_is_never_paid_with_another_card(till: Till) -> None:
    bought = run(till, lambda s: va.issue_gift_card(s, till.cashier, "40.00", sold(TenderKind.CASH)))
    assert bought.entry.note == "Paid by cash"
    for tender in (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT, TenderKind.PAY_OFFLINE):
        with pytest.raises(InvalidInput, match="paid in cash, by debit or by credit card"):
            run(till, lambda s, t=tender: va.issue_gift_card(s, till.cashier, "10.00", sold(t)))
    with till.factory() as s:  # the refused sales opened no card
        assert s.scalar(select(func.count()).select_from(ValueAccount).where(
            ValueAccount.issued_store_id == till.cashier.store_id)) == 1


def test_a_balance_never_goes_below_zero(till: Till) -> None:
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "30.00", sold(TenderKind.CASH))).account
    with pytest.raises(va.NotEnoughOnCard) as refused:
        run(till, lambda s: va.redeem(s, till.cashier, card.number, "30.01"))
    assert refused.value.message == ("Only $30.00 left on this card, not $30.01. Take $30.00 from "
                                     "it and the rest another way.")
    spent = run(till, lambda s: va.redeem(s, till.cashier, card.number, "30.00"))
    assert spent.account.balance == D("0.00")
    with pytest.raises(va.NotEnoughOnCard, match="Nothing is left on this card"):
        run(till, lambda s: va.redeem(s, till.cashier, card.number, "0.01"))
    assert [e.balance_after for e in entries(till, card.id)] == [D("30.00"), D("0.00")]


def test_unknown_numbers_and_typos_are_plain(till: Till) -> None:
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "10.00", sold(TenderKind.CASH))).account
    typo = card.number[:-1] + str((int(card.number[-1]) + 1) % 10)
    with pytest.raises(InvalidInput, match="typing mistake"):
        run(till, lambda s: va.find_account(s, till.cashier, typo))


def test_store_credit_belongs_to_one_customer_and_shows_its_history(till: Till) -> None:
    def kind(amount: str) -> Source:  # each credit its own token: a token is spent once
        return given(ValueSource.GOODWILL, minted_yes(
            till.factory, till.cashier, till.manager,
            value_binding(ValueSource.GOODWILL, D(amount))), "Apology for a late order")

    first = run(till, lambda s: va.add_store_credit(s, till.cashier, till.ana, "40.00",
                                                    kind("40.00")))
    again = run(till, lambda s: va.add_store_credit(s, till.cashier, till.ana, "15.50",
                                                    kind("15.50")))
    account = first.account
    assert again.account.id == account.id and again.account.balance == D("55.50")
    assert parse_number(account.number).kind is NumberKind.STORE_CREDIT
    assert account.kind is AccountKind.STORE_CREDIT and account.customer_id == till.ana
    with pytest.raises(InvalidInput, match="can't be transferred"):
        run(till, lambda s: va.redeem(s, till.cashier, account.number, "5.00", customer_id=till.bob))
    with pytest.raises(InvalidInput, match="find the customer first"):
        run(till, lambda s: va.redeem(s, till.cashier, account.number, "5.00"))
    run(till, lambda s: va.redeem(s, till.cashier, account.number, "5.50", customer_id=till.ana))
    history = run(till, lambda s: va.history(s, till.cashier, account.number))
    assert [(e.seq, e.kind, e.amount, e.balance_after) for e in history.entries] == [
        (1, LedgerKind.CREDIT, D("40.00"), D("40.00")),
        (2, LedgerKind.CREDIT, D("15.50"), D("55.50")),
        (3, LedgerKind.REDEEM, D("-5.50"), D("50.00")),
    ]
    assert history.account.balance == D("50.00")
    bobs = run(till, lambda s: va.store_credit_account(s, till.cashier, till.bob))
    assert bobs is None  # Bob got nothing: there is no way to move Ana's credit to him


def test_a_manager_corrects_with_a_new_entry_and_a_cashier_may_not(till: Till) -> None:
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "50.00", sold(TenderKind.CASH))).account
    wrong = run(till, lambda s: va.redeem(s, till.cashier, card.number, "45.00")).entry
    with pytest.raises(PermissionDenied, match="is not a manager"):  # the cashier's own PIN
        auth.approve(till.factory, till.cashier, till.cashier.employee_number, PIN, "keyed 45",
                     va.correction_binding(wrong.id))
    token = auth.approve(till.factory, till.cashier, till.manager.employee_number, PIN,
                         "keyed 45 not 4.50", va.correction_binding(wrong.id))
    fixed = run(till, lambda s: va.correct_entry(s, till.cashier, wrong.id, token))
    assert (fixed.entry.kind, fixed.entry.amount, fixed.entry.corrects_entry_id) == (
        LedgerKind.CORRECTION, D("45.00"), wrong.id)
    assert fixed.account.balance == D("50.00")
    rows = entries(till, card.id)
    assert [(e.seq, e.amount) for e in rows] == [(1, D("50.00")), (2, D("-45.00")), (3, D("45.00"))]
    again = auth.approve(till.factory, till.cashier, till.manager.employee_number, PIN, "again",
                         va.correction_binding(wrong.id))
    with pytest.raises(InvalidInput, match="already corrected"):
        run(till, lambda s: va.correct_entry(s, till.cashier, wrong.id, again))
    with till.factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "ledger.correction",
                                                   AuditEvent.subject_id == card.id)).one()
    assert (event.employee_id, event.reason) == (till.manager.employee_id, "keyed 45 not 4.50")


def test_stock_staff_do_not_sell_gift_cards(till: Till) -> None:
    with pytest.raises(PermissionDenied, match="cashier or manager"):
        run(till, lambda s: va.issue_gift_card(s, till.stock, "25.00", sold(TenderKind.CASH)))


def test_a_seq_clash_is_retried_once_by_re_reading(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "50.00", sold(TenderKind.CASH))).account
    run(till, lambda s: va.redeem(s, till.cashier, card.number, "10.00"))
    real = va._position
    stale = [Position(1, D("50.00"))]  # what a till that read just before the redeem saw

    def first_stale(session: Session, account_id: uuid.UUID) -> Position:
        return stale.pop() if stale else real(session, account_id)

    monkeypatch.setattr(va, "_position", first_stale)
    moved = run(till, lambda s: va.redeem(s, till.cashier, card.number, "20.00"))
    assert (moved.entry.seq, moved.account.balance) == (3, D("20.00"))
    assert [e.balance_after for e in entries(till, card.id)] == [D("50"), D("40"), D("20")]

    monkeypatch.setattr(va, "_position", lambda s, a: Position(1, D("50.00")))  # stale twice
    with pytest.raises(va.LedgerBusy, match=r"at the same moment. Try again."):
        run(till, lambda s: va.redeem(s, till.cashier, card.number, "5.00"))
    assert len(entries(till, card.id)) == 3


@pytest.mark.postgres
def test_concurrent_redemptions_never_overspend(pg_engine: Engine) -> None:
    till = _till(pg_engine)
    card = run(till, lambda s: va.issue_gift_card(s, till.cashier, "100.00", sold(TenderKind.CASH))).account
    racers, start = 8, threading.Barrier(8)
    spent: list[Decimal] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def racer() -> None:
        try:
            start.wait()
            run(till, lambda s: va.redeem(s, till.cashier, card.number, "30.00"))
            with lock:
                spent.append(D("30.00"))
        except (LedgerError, va.LedgerBusy) as exc:
            with lock:
                refused.append(exc.message)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            unexpected.append(exc)

    threads = [threading.Thread(target=racer) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert unexpected == []
    assert len(spent) == 3 and len(refused) == 5  # 100 -> 70 -> 40 -> 10, then "below zero"
    rows = entries(till, card.id)
    assert [e.seq for e in rows] == [1, 2, 3, 4]
    assert rows[-1].balance_after == D("10.00")
    assert all(e.balance_after >= 0 for e in rows)
    assert sum((e.amount for e in rows), D(0)) == rows[-1].balance_after
