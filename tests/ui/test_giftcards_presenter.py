"""The gift card presenter with a fake view and a fake cards door: no Qt, no database."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from storepos.domain.amounts import AmountError
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.ledger import LedgerError
from storepos.domain.money import cash_rounding
from storepos.domain.vocabulary import AccountKind, LedgerKind, TenderKind
from storepos.i18n import speaking
from storepos.services.base.context import Actor
from storepos.services.cards.api import AccountState, CardsDoor, CreditLookup, Issued
from storepos.services.cards.customers import CustomerMatch
from storepos.services.cards.value_accounts import AccountView, History, LedgerLine
from storepos.services.cards.value_source import NeedsManager
from storepos.services.printing.status import Paper, paper_sentence
from storepos.ui.giftcards.presenter import (
    GIFT_CARD,
    STORE_CREDIT,
    Formats,
    GiftCardsPresenter,
)
from storepos.ui.widgets.decision import Decision
from tests.ui.fake_runner import run_now

PAPER_SENTENCE = paper_sentence([Paper("Gift card slip ••••0091", "receipt", "queued",
                                       printer_set_up=False)])

D = Decimal
WHEN = datetime(2025, 1, 5, 15, 30, tzinfo=UTC)  # 10:30 in Toronto
ANA = CustomerMatch(uuid.uuid4(), "Ana Côté", "ana@example.ca", "4165550140")
BOB = CustomerMatch(uuid.uuid4(), "Bob Côté", "bob@example.ca", "4165550140")


class FakeView:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.busy = False
        self.status = ""
        self.error = ""
        self.card: Any = None
        self.card_rows: list[Any] = []
        self.credit: Any = None
        self.credit_rows: list[Any] = []
        self.customers: list[Any] = []
        self.tab = GIFT_CARD
        self.number = ""
        self.question = ""  # the sale waiting for "Sell it"

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text

    def show_tab(self, which: str) -> None:
        self.tab = which

    def set_card_number(self, text: str) -> None:
        self.number = text

    def show_card(self, summary: Any, rows: list[Any]) -> None:
        self.card, self.card_rows = summary, rows

    def clear_card_redeem(self) -> None:
        self.calls.append(("clear_card_redeem", None))

    def clear_issue(self) -> None:
        self.calls.append(("clear_issue", None))

    def ask_sale(self, question: str) -> None:
        self.question = question

    def hide_sale(self) -> None:
        self.question = ""

    def set_customer_query(self, text: str) -> None:
        self.calls.append(("set_customer_query", text))

    def show_customers(self, rows: list[Any]) -> None:
        self.customers = rows

    def show_credit(self, summary: Any, rows: list[Any]) -> None:
        self.credit, self.credit_rows = summary, rows

    def clear_credit_redeem(self) -> None:
        self.calls.append(("clear_credit_redeem", None))


def account(kind: AccountKind = AccountKind.GIFT_CARD, number: str = "G-TOR1-000001-8",
            balance: str = "30.00", customer: CustomerMatch | None = None,
            currency: str = "CAD") -> AccountView:
    return AccountView(uuid.uuid4(), kind, number, customer.id if customer else None, currency,
                       D(balance), WHEN)


def line(seq: int, kind: LedgerKind, amount: str, after: str, corrects: uuid.UUID | None = None,
         note: str = "") -> LedgerLine:
    return LedgerLine(uuid.uuid4(), seq, kind, D(amount), D(after), WHEN, note, None, None, corrects)


def state(view: AccountView, *lines: LedgerLine, customer: CustomerMatch | None = None) -> AccountState:
    return AccountState(History(view, tuple(lines)), customer)


class FakeCards(CardsDoor):
    """The cards door over a dict of accounts; it remembers what it was asked."""

    def __init__(self) -> None:
        card = account()
        self.accounts = {card.number: state(card, line(1, LedgerKind.ISSUE, "50.00", "50.00"),
                                            line(2, LedgerKind.REDEEM, "-20.00", "30.00"))}
        self.asked: list[tuple[Any, ...]] = []

    def check(self, s: Session, a: Actor, number: str) -> AccountState:
        self.asked.append(("check", number))
        if number not in self.accounts:
            raise InvalidInput(f"No gift card or store credit {number}.")
        return self.accounts[number]

    def redeem(self, s: Session, a: Actor, number: str, amount: str,
               customer_id: uuid.UUID | None) -> AccountState:
        self.asked.append(("redeem", number, amount, customer_id))
        before = self.accounts[number]
        balance = before.history.account.balance
        if D(amount) > balance:
            raise LedgerError(f"Gift card ••••0018 can't go below zero: the balance is {balance}, "
                              f"less than {amount}.")
        view = account(before.history.account.kind, number, str(balance - D(amount)),
                       before.customer)
        after = state(view, *before.history.entries,
                      line(len(before.history.entries) + 1, LedgerKind.REDEEM, f"-{amount}",
                           str(balance - D(amount))), customer=before.customer)
        self.accounts[number] = after
        return after

    def issue(self, s: Session, a: Actor, amount: str, paid_by: TenderKind) -> Issued:
        self.asked.append(("issue", amount, paid_by))
        if D(amount) > 1000:
            raise NeedsManager("A card holds at most 1,000.00 without a manager; this one would "
                               f"hold {amount}. A manager must approve it, with a reason.")
        made = self._made(amount)
        if paid_by is TenderKind.CASH:  # the drawer takes it to the nearest 5 cents, as the service
            return dataclasses.replace(made, cash_rounding=cash_rounding(D(amount), "CAD")[1])
        return made

    def issue_approved(self, s: Session, manager: Actor, amount: str, paid_by: TenderKind,
                       reason: str) -> Issued:
        self.asked.append(("issue_approved", manager, amount, paid_by, reason))
        return self._made(amount)

    def _made(self, amount: str) -> Issued:
        view = account(number="G-TOR1-000009-1", balance=amount)
        made = state(view, line(1, LedgerKind.ISSUE, amount, amount))
        self.accounts[view.number] = made
        return Issued(made, D(amount), "receipt", uuid.uuid4(), PAPER_SENTENCE)

    def find_customers(self, s: Session, a: Actor, text: str) -> list[CustomerMatch]:
        self.asked.append(("find", text))
        if text == "offline":
            raise StoreposError("The customer list can't be read right now. Try again.")
        return {"ana@example.ca": [ANA], "4165550140": [ANA, BOB]}.get(text, [])

    def store_credit(self, s: Session, a: Actor, customer: CustomerMatch) -> CreditLookup:
        self.asked.append(("credit", customer.name))
        if customer is BOB:
            return CreditLookup(BOB, None)
        view = account(AccountKind.STORE_CREDIT, "C-TOR1-000001-1", "15.00", ANA)
        credit = state(view, line(1, LedgerKind.CREDIT, "15.00", "15.00", note="Return R-1"),
                       customer=ANA)
        self.accounts[view.number] = credit
        return CreditLookup(ANA, credit)

    def correct(self, s: Session, manager: Actor, entry_id: uuid.UUID, reason: str,
                number: str) -> AccountState:
        self.asked.append(("correct", manager, reason))
        before = self.accounts[number]
        original = next(e for e in before.history.entries if e.id == entry_id)
        balance = before.history.account.balance - original.amount
        view = account(before.history.account.kind, number, str(balance), before.customer)
        after = state(view, *before.history.entries,
                      line(len(before.history.entries) + 1, LedgerKind.CORRECTION,
                           str(-original.amount), str(balance), corrects=entry_id, note=reason),
                      customer=before.customer)
        self.accounts[number] = after
        return after


class Approvals:
    def __init__(self, reason: str | None = "Keyed twice") -> None:
        self.reason = reason
        self.asked: list[Decision] = []

    def __call__(self, what: Decision, action: Any, ok: Any, err: Any, cancel: Any) -> None:
        self.asked.append(what)
        if self.reason is None:
            cancel()
            return
        try:
            ok(action(None, "manager", self.reason))
        except Exception as exc:  # noqa: BLE001
            err(exc)


def make(approvals: Approvals | None = None, locale: str = "en_CA"):  # type: ignore[no-untyped-def]
    view, cards = FakeView(), FakeCards()
    presenter = GiftCardsPresenter(view, cards, run_now, Formats(locale, "CAD", "America/Toronto"),
                                   approvals or Approvals())
    return presenter, view, cards


def test_check_shows_the_masked_card_its_balance_and_history_in_the_stores_words() -> None:
    presenter, view, _ = make()
    presenter.check("  G-TOR1-000001-8 ")
    assert view.card.title == "Gift card ••••0018" and view.card.balance == "$30.00"
    assert "Never expires." in view.card.details
    assert [(r.seq, r.what, r.amount, r.balance) for r in view.card_rows] == [
        (1, "Issued", "+$50.00", "$50.00"), (2, "Spent", "-$20.00", "$30.00")]
    assert view.card_rows[0].when == "Jan 5, 2025, 10:30\u202fa.m." and not view.busy


def test_nothing_typed_asks_first_and_calls_nothing() -> None:
    presenter, view, cards = make()
    presenter.check("   ")
    presenter.ask_sale(" ", "cash")
    assert cards.asked == [] and view.error == "Type the amount first."


def test_redeem_too_much_shows_the_services_words_and_keeps_the_amount() -> None:
    presenter, view, _ = make()
    presenter.check("G-TOR1-000001-8")
    presenter.redeem_card("$30.01")
    assert "can't go below zero" in view.error  # the service's own words, as they come
    assert ("clear_card_redeem", None) not in view.calls
    presenter.redeem_card("30")
    assert view.card.balance == "$0.00" and view.card.empty
    assert view.status == "$30.00 taken from Gift card ••••0018. Nothing is left on it."
    assert ("clear_card_redeem", None) in view.calls


def test_amounts_are_read_as_the_store_writes_them() -> None:
    assert Formats("en_CA", "CAD", "UTC").amount_text("$1,234.50") == "1234.50"
    french = Formats("fr_CA", "CAD", "UTC")
    assert french.amount_text("1\u00a0234,50 $") == "1234.50"  # the store's way, read by anyone
    with speaking("fr_CA"):  # a cashier of the Québec store
        assert french.amount_text("25.50") == "25.50"  # a dot typed on a French till stays a dot
        presenter, view, cards = make(locale="fr_CA")
        presenter.check("G-TOR1-000001-8")
        presenter.redeem_card("10,00 $")
        assert cards.asked[-1] == ("redeem", "G-TOR1-000001-8", "10.00", None)
        assert view.card.balance == "20,00\u00a0$"
    with speaking("fr_CA"):  # a French cashier in Toronto types the French way
        assert Formats("en_CA", "CAD", "UTC").amount_text("12,50") == "12.50"
        with pytest.raises(AmountError):  # a typo stays a typo, never twelve thousand
            Formats("en_CA", "CAD", "UTC").amount_text("12,345")


def test_issue_shows_the_new_card_and_where_its_slip_prints() -> None:
    presenter, view, _ = make()
    presenter.ask_sale("50", "interac")
    presenter.confirm_sale()
    assert view.number == "G-TOR1-000009-1" and view.card.balance == "$50.00"
    assert view.status == (f"Gift card ••••0091 sold with $50.00, paid by debit (Interac). "
                           f"{PAPER_SENTENCE}")
    assert ("clear_issue", None) in view.calls


def test_a_card_sold_for_cash_says_the_rounded_cash_to_take() -> None:
    presenter, view, _ = make()
    presenter.ask_sale("10.02", "cash")
    presenter.confirm_sale()
    assert view.status == ("Gift card ••••0091 sold with $10.02, paid by cash. Cash to take: "
                           f"$10.00 (cash rounding -$0.02) {PAPER_SENTENCE}")
    with speaking("fr_CA"):
        presenter, view, _ = make(locale="fr_CA")
        presenter.ask_sale("10,03", "cash")
        presenter.confirm_sale()
        assert "Espèces à recevoir : 10,05\xa0$ (arrondi +0,02\xa0$)" in view.status, view.status


def test_store_credit_for_one_customer_opens_at_once_and_redeems_for_that_customer() -> None:
    presenter, view, cards = make()
    presenter.find_customer("ana@example.ca")
    assert view.credit.title == "Store credit ••••0011" and view.credit.balance == "$15.00"
    assert "Belongs to Ana Côté only; it can't be transferred." in view.credit.details
    assert view.credit_rows[0].note == "Return R-1"
    presenter.redeem_credit("5")
    assert cards.asked[-1] == ("redeem", "C-TOR1-000001-1", "5.00", ANA.id)
    assert view.credit.balance == "$10.00"


def test_several_customers_are_listed_to_choose_from() -> None:
    presenter, view, _ = make()
    presenter.find_customer("4165550140")
    assert [c.name for c in view.customers] == ["Ana Côté", "Bob Côté"]
    assert view.credit is None and "choose one" in view.status
    presenter.choose_customer(1)
    assert view.credit.title == "Bob Côté: no store credit"
    assert view.status == "Bob Côté has no store credit."
    presenter.redeem_credit("5")
    assert "Find the customer first" in view.error


def test_nobody_found_says_so() -> None:
    presenter, view, _ = make()
    presenter.find_customer("nobody@example.ca")
    assert view.customers == [] and "No customer has that e-mail or phone" in view.error


def test_a_store_credit_number_opens_the_store_credit_tab() -> None:
    presenter, view, _ = make()
    presenter.find_customer("ana@example.ca")  # makes the fake's credit account
    presenter._show_credit(None)
    presenter.enter(number="C-TOR1-000001-1")
    assert view.tab == STORE_CREDIT and view.credit.balance == "$15.00"


def test_a_correction_needs_a_manager_and_marks_both_rows() -> None:
    approvals = Approvals()
    presenter, view, cards = make(approvals)
    presenter.check("G-TOR1-000001-8")
    presenter.correct(GIFT_CARD, 1)
    assert approvals.asked[0].title == "Reverse movement #2 on ••••0018"
    assert approvals.asked[0].button == "Reverse movement"
    assert cards.asked[-1] == ("correct", "manager", "Keyed twice")
    assert [r.what for r in view.card_rows] == ["Issued", "Spent (corrected)", "Correction of #2"]
    assert view.card.balance == "$50.00" and not view.busy
    presenter.correct(GIFT_CARD, 2)  # a correction is not corrected again
    presenter.correct(GIFT_CARD, 1)
    assert "can't be corrected again" in view.error and len(approvals.asked) == 1


def test_a_cancelled_approval_changes_nothing() -> None:
    presenter, view, cards = make(Approvals(reason=None))
    presenter.check("G-TOR1-000001-8")
    presenter.correct(GIFT_CARD, 0)
    assert view.status == "No correction was made." and not view.busy
    assert not any(a[0] == "correct" for a in cards.asked)


def test_one_request_at_a_time() -> None:
    view, cards = FakeView(), FakeCards()
    pending: list[Any] = []
    presenter = GiftCardsPresenter(view, cards, lambda action, ok, err: pending.append(ok),
                                   Formats("en_CA", "CAD", "UTC"), Approvals())
    presenter.check("G-TOR1-000001-8")
    presenter.ask_sale("10", "cash")
    presenter.confirm_sale()
    assert len(pending) == 1 and view.busy and "Still working" in view.status


def test_a_sale_asks_what_paid_and_confirms_before_any_card_is_issued() -> None:
    presenter, view, cards = make()
    presenter.ask_sale("50", "")  # Enter in the amount, nothing chosen for the payment
    assert view.error == "Choose what the customer paid with: cash, debit or credit card."
    presenter.ask_sale("12.345", "cash")
    assert "at most two decimals" in view.error
    presenter.ask_sale("50", "gift_card")  # a gift card is not paid with another card's value
    assert "Choose what the customer paid with" in view.error
    assert cards.asked == [] and view.question == ""
    presenter.ask_sale("$50", "cash")
    assert view.question == "Sell a $50.00 gift card, paid by cash?"
    assert cards.asked == []  # asking issues nothing
    presenter.confirm_sale()
    assert cards.asked == [("issue", "50.00", TenderKind.CASH)] and view.question == ""
    presenter.confirm_sale()  # a second press sells nothing more
    assert len(cards.asked) == 1 and "choose the payment first" in view.error


def test_a_cancelled_sale_issues_nothing() -> None:
    presenter, view, cards = make()
    presenter.ask_sale("25", "card")
    assert view.question == "Sell a $25.00 gift card, paid by credit card?"
    presenter.cancel_sale()
    assert view.question == "" and view.status == "No gift card was sold."
    presenter.confirm_sale()
    assert cards.asked == []


def test_a_failed_lookup_takes_the_last_card_off_the_screen() -> None:
    presenter, view, cards = make()
    presenter.check("G-TOR1-000001-8")
    assert view.card.balance == "$30.00"
    presenter.check("G-TOR1-000001-9")  # one character mistyped
    assert view.error == "No gift card or store credit G-TOR1-000001-9."
    assert view.card is None and view.card_rows == [] and presenter.card is None
    presenter.redeem_card("5")  # the old card can no longer be spent by mistake
    assert "Check a card's balance first" in view.error
    assert not any(a[0] == "redeem" for a in cards.asked)


def test_a_failed_customer_search_takes_the_last_store_credit_off_the_screen() -> None:
    presenter, view, _ = make()
    presenter.find_customer("4165550140")
    presenter.choose_customer(0)
    assert view.credit.balance == "$15.00" and len(view.customers) == 2
    presenter.find_customer("offline")
    assert view.error == "The customer list can't be read right now. Try again."
    assert view.credit is None and view.credit_rows == [] and view.customers == []
    presenter.redeem_credit("5")
    assert "Find the customer first" in view.error


def test_a_sale_over_the_cap_asks_a_manager_and_sells_with_their_reason() -> None:
    approvals = Approvals(reason="Corporate order, paid in full")
    presenter, view, cards = make(approvals)
    presenter.ask_sale("1500", "card")
    presenter.confirm_sale()
    assert approvals.asked[0].title == "Sell a $1,500.00 gift card"
    assert "at most 1,000.00" in approvals.asked[0].details
    assert cards.asked[-1] == ("issue_approved", "manager", "1500.00", TenderKind.CARD,
                               "Corporate order, paid in full")
    assert view.number == "G-TOR1-000009-1" and not view.busy and "sold with" in view.status


def test_a_sale_over_the_cap_without_a_manager_sells_nothing() -> None:
    presenter, view, cards = make(Approvals(reason=None))
    presenter.ask_sale("1500", "cash")
    presenter.confirm_sale()
    assert view.status == "No gift card was sold." and not view.busy
    assert not any(a[0] == "issue_approved" for a in cards.asked)
