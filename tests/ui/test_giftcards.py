"""The gift card and store credit screen end to end: the demo database, the worker, real widgets."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.vocabulary import AccountKind, LedgerKind, Role
from storepos.persistence.models import Customer, LedgerEntry, ValueAccount
from storepos.persistence.models.print_jobs import PrintJob
from storepos.ui.giftcards.model import (
    CustomerRow,
    CustomersModel,
    LedgerModel,
    LedgerRow,
)
from storepos.ui.giftcards.screen import GiftCardsScreen

WAIT = 15_000


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """Screens and their presenters hold each other; collect them here, on the GUI thread, rather
    than whenever the collector next runs, which may be on a worker thread."""
    yield
    gc.collect()



@pytest.fixture
def make_screen(make_context, qtbot: QtBot) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    """Screens held by the fixture until every reply has landed (a runner dropped while its last
    reply is being deleted would be deleted twice)."""
    made: list[GiftCardsScreen] = []

    def build(role: Role = Role.CASHIER) -> GiftCardsScreen:
        s = GiftCardsScreen(make_context(role))
        qtbot.addWidget(s)
        s.resize(1024, 700)
        s.show()
        made.append(s)
        return s

    yield build
    for s in made:
        qtbot.waitUntil(lambda s=s: not s.context.runner.busy, timeout=WAIT)


@pytest.fixture
def screen(make_screen) -> GiftCardsScreen:  # type: ignore[no-untyped-def]
    return make_screen(Role.CASHIER)  # type: ignore[no-any-return]


def idle(qtbot: QtBot, screen: GiftCardsScreen) -> None:
    qtbot.waitUntil(lambda: not screen.view.busy, timeout=WAIT)


def home_card(counter, balance_over: Decimal = Decimal(0)) -> tuple[str, Decimal]:  # type: ignore[no-untyped-def]
    """A demo gift card in the home store's currency with some money on it."""
    def find(session):  # type: ignore[no-untyped-def]
        for account in session.scalars(select(ValueAccount).where(
                ValueAccount.kind == AccountKind.GIFT_CARD, ValueAccount.currency == "CAD")):
            balance = session.scalar(select(LedgerEntry.balance_after)
                                     .where(LedgerEntry.account_id == account.id)
                                     .order_by(LedgerEntry.seq.desc()).limit(1))
            if balance is not None and balance > balance_over:
                return account.number, balance
        raise AssertionError("the demo has no CAD gift card with a balance")
    return counter.read(find)  # type: ignore[no-any-return]


def check(qtbot: QtBot, screen: GiftCardsScreen, number: str) -> None:
    screen.view.gift.number.setText(number)
    screen.view.gift.check.click()
    idle(qtbot, screen)


def test_check_a_balance_by_number(screen: GiftCardsScreen, counter, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    number, balance = home_card(counter)
    check(qtbot, screen, f"  {number.lower()} ")  # as typed: lower case, spaces
    card = screen.view.gift.card
    assert card.title.text() == f"Gift card ••••{number.replace('-', '')[-4:]}"
    assert card.balance.text() == f"Balance ${balance:,.2f}"
    history = screen.view.card_history
    assert history.rowCount() >= 1
    assert history.index(history.rowCount() - 1, 4).data() == f"${balance:,.2f}"
    assert "balance" in screen.view.status.text()


def test_a_typo_in_the_number_is_refused_in_words(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                   qtbot: QtBot) -> None:
    number, _ = home_card(counter)
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    check(qtbot, screen, typo)
    assert screen.view.gift.number.text() == typo  # nothing typed is lost
    assert screen.view.status.text() and "Traceback" not in screen.view.status.text()
    assert screen.view.gift.card.balance.text() == ""


def test_issue_a_gift_card_writes_a_ledger_entry_and_queues_a_slip(  # type: ignore[no-untyped-def]
        screen: GiftCardsScreen, counter, qtbot: QtBot) -> None:
    sell = screen.view.gift.issue
    sell.amount.setText("$50")
    sell.paid_by.setCurrentIndex(sell.paid_by.findData("interac"))
    sell.button.click()
    assert sell.question.text() == "Sell a $50.00 gift card, paid by debit (Interac)?"
    sell.sell_it.click()
    idle(qtbot, screen)
    number = screen.view.gift.number.text()
    assert number.startswith("G-TOR1-"), screen.view.status.text()
    assert screen.view.gift.card.balance.text() == "Balance $50.00"
    assert screen.view.gift.issue.amount.text() == ""
    card = f"••••{number.replace('-', '')[-4:]}"
    assert screen.view.status.text() == (  # the sentence every screen says for queued paper
        f"Gift card {card} sold with $50.00, paid by debit (Interac). Gift card slip {card} is "
        "waiting in the print queue: no receipt printer is set up on this till.")

    def stored(session):  # type: ignore[no-untyped-def]
        account = session.scalars(select(ValueAccount).where(ValueAccount.number == number)).one()
        entries = session.scalars(select(LedgerEntry).where(LedgerEntry.account_id == account.id)).all()
        jobs = session.scalars(select(PrintJob).where(PrintJob.kind == "value_card_slip")).all()
        return [(e.kind, e.amount, e.balance_after, e.note) for e in entries], jobs

    entries, jobs = counter.read(stored)
    assert entries == [(LedgerKind.ISSUE, Decimal("50.00"), Decimal("50.00"),
                        "Paid by debit (Interac)")]
    assert len(jobs) == 1 and jobs[0].document["number"] == number
    assert jobs[0].title == f"Gift card slip {card}" and str(jobs[0].status) == "queued"


def test_redeem_more_than_the_balance_is_refused_then_exactly_the_balance_empties_it(  # type: ignore[no-untyped-def]
        screen: GiftCardsScreen, counter, qtbot: QtBot) -> None:
    number, balance = home_card(counter)
    check(qtbot, screen, number)
    too_much = f"{balance + Decimal('0.01'):.2f}"
    screen.view.gift.redeem.amount.setText(too_much)
    screen.view.gift.redeem.amount.returnPressed.emit()  # Enter in the amount field
    idle(qtbot, screen)
    assert screen.view.status.text().startswith(f"Only ${balance:,.2f} left on this card")
    assert screen.view.gift.redeem.amount.text() == too_much  # kept for a retry

    rows_before = screen.view.card_history.rowCount()
    screen.view.gift.redeem.amount.setText(f"{balance:.2f}")
    screen.view.gift.redeem.button.click()
    idle(qtbot, screen)
    assert screen.view.gift.card.balance.text() == "Balance $0.00"
    assert "Nothing is left" in screen.view.status.text()
    assert screen.view.card_history.rowCount() == rows_before + 1
    last = screen.view.card_history.rowCount() - 1
    assert screen.view.card_history.index(last, 3).data() == f"-${balance:,.2f}"
    assert screen.view.card_history.index(last, 4).data() == "$0.00"


def store_credit_customer(counter) -> tuple[str, str, int]:  # type: ignore[no-untyped-def]
    def find(session):  # type: ignore[no-untyped-def]
        for account in session.scalars(select(ValueAccount).where(
                ValueAccount.kind == AccountKind.STORE_CREDIT, ValueAccount.currency == "CAD")):
            customer = session.get(Customer, account.customer_id)
            count = session.scalar(select(func.count()).select_from(LedgerEntry)
                                   .where(LedgerEntry.account_id == account.id))
            return customer.email, f"{customer.first_name} {customer.last_name}", count
        raise AssertionError("the demo has no CAD store credit")
    return counter.read(find)  # type: ignore[no-any-return]


def test_store_credit_history_is_shown_for_the_customer(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                        qtbot: QtBot) -> None:
    email, name, count = store_credit_customer(counter)
    screen.view.tabs.setCurrentWidget(screen.view.store)
    screen.view.store.query.setText(email.upper())
    screen.view.store.query.returnPressed.emit()
    qtbot.waitUntil(lambda: screen.view.credit_history.rowCount() == count, timeout=WAIT)
    idle(qtbot, screen)
    assert screen.view.store.credit.title.text().startswith("Store credit ••••")
    assert f"Belongs to {name} only" in screen.view.store.credit.details.text()
    assert "Never expires" in screen.view.store.credit.details.text()
    history = screen.view.credit_history
    running = [history.index(r, 4).data() for r in range(history.rowCount())]
    assert screen.view.store.credit.balance.text() == f"Balance {running[-1]}"


def test_a_store_credit_number_opens_its_customer(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                  qtbot: QtBot) -> None:
    def credit_number(session):  # type: ignore[no-untyped-def]
        return session.scalars(select(ValueAccount.number).where(
            ValueAccount.kind == AccountKind.STORE_CREDIT, ValueAccount.currency == "CAD")).first()
    screen.on_enter(number=counter.read(credit_number))
    idle(qtbot, screen)
    assert screen.view.tabs.currentWidget() is screen.view.store
    assert screen.view.credit_history.rowCount() >= 1


def test_stock_staff_are_refused_in_words(make_screen, counter, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    s = make_screen(Role.STOCK)
    s.on_enter(number=home_card(counter)[0])
    idle(qtbot, s)
    assert "signed in as stock" in s.view.status.text()


def test_a_manager_corrects_a_movement_with_approval(screen: GiftCardsScreen, demo_template,  # type: ignore[no-untyped-def]
                                                     counter, qtbot: QtBot) -> None:
    from tests.ui.conftest import demo_employee

    s = screen
    number, _ = home_card(counter)
    check(qtbot, s, number)
    last = s.view.card_history.rowCount() - 1
    s.view.gift.history.table.selectRow(last)
    s.view.gift.history.correct.click()
    dialog = s.approval_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.what.text().startswith("Reverse movement #")
    assert dialog.approve_button.text() == "Reverse movement"
    manager = demo_employee(demo_template, Role.MANAGER)
    dialog.number.setText(manager.number)
    dialog.pin.setText("0000" if manager.pin != "0000" else "1111")
    dialog.reason.setText("Keyed twice")
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT)
    assert dialog.isVisible() and dialog.reason.text() == "Keyed twice" and dialog.pin.text() == ""
    dialog.pin.setText(manager.pin)
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: s.view.card_history.rowCount() == last + 2, timeout=WAIT)
    idle(qtbot, s)
    row = s.view.card_history.rowCount() - 1
    assert s.view.card_history.index(row, 2).data().startswith("Correction of #")
    assert s.view.card_history.index(row, 5).data() == "Keyed twice"
    assert s.view.card_history.index(last, 2).data().endswith("(corrected)")


def test_models_pass_the_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    import uuid

    ledger = LedgerModel([LedgerRow(uuid.uuid4(), 1, "Jan 5, 2025 10:00", "Issued", "+$50.00",
                                    "$50.00", "", False, True),
                          LedgerRow(uuid.uuid4(), 2, "Jan 6, 2025 11:00", "Spent", "-$20.00",
                                    "$30.00", "order W1001", True, True)])
    qtmodeltester.check(ledger)
    customers = CustomersModel([CustomerRow(uuid.uuid4(), "Zoé Côté", "zoe@example.ca", "4165550100")])
    qtmodeltester.check(customers)


def gift_cards(counter) -> int:  # type: ignore[no-untyped-def]
    return counter.read(lambda s: s.scalar(select(func.count()).select_from(ValueAccount).where(
        ValueAccount.kind == AccountKind.GIFT_CARD)))  # type: ignore[no-any-return]


def test_enter_after_a_redeem_never_sells_a_gift_card(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                     qtbot: QtBot) -> None:
    number, _ = home_card(counter, balance_over=Decimal("5.00"))
    before = gift_cards(counter)
    check(qtbot, screen, number)
    gift, sell = screen.view.gift, screen.view.gift.issue
    gift.redeem.amount.setText("5")
    gift.redeem.button.setFocus()
    qtbot.keyClick(gift.redeem.button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "taken from" in screen.view.status.text(), timeout=WAIT)
    assert gift.redeem.amount.hasFocus()  # the next amount goes to the redeem field again

    # Typed into the new card's field anyway, and Enter: it asks what paid, sells nothing.
    sell.amount.setFocus()
    qtbot.keyClicks(sell.amount, "50")
    qtbot.keyClick(sell.amount, Qt.Key.Key_Return)
    assert screen.view.status.text() == ("Choose what the customer paid with: cash, debit or "
                                         "credit card.")
    assert not sell.confirm_box.isVisible()
    sell.paid_by.setCurrentIndex(sell.paid_by.findData("cash"))
    qtbot.keyClick(sell.amount, Qt.Key.Key_Return)
    assert sell.confirm_box.isVisible()
    assert sell.question.text() == "Sell a $50.00 gift card, paid by cash?"
    qtbot.keyClick(sell.amount, Qt.Key.Key_Return)  # Enter again still only asks
    qtbot.keyClicks(sell.amount, "0")  # now 500: the question was about 50, so it is taken back
    assert not sell.confirm_box.isVisible() and screen.view.status.text() == "No gift card was sold."
    assert gift_cards(counter) == before and not screen.view.busy

    qtbot.keyClick(sell.amount, Qt.Key.Key_Return)
    assert sell.question.text() == "Sell a $500.00 gift card, paid by cash?"
    sell.sell_it.click()
    idle(qtbot, screen)
    assert gift_cards(counter) == before + 1
    assert gift.card.balance.text() == "Balance $500.00"
    assert sell.amount.text() == "" and sell.paid_by.currentData() == ""  # asked afresh next time
    assert not sell.confirm_box.isVisible()


def test_a_failed_lookup_takes_the_last_card_off_the_screen(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                           qtbot: QtBot) -> None:
    number, _ = home_card(counter)
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    unknown = format_number(NumberKind.GIFT_CARD, "TOR1", 999_999)  # a number no card has
    card = screen.view.gift.card
    for wrong, words in ((typo, "That number has a typing mistake. Check each character and "
                                "type it again."),
                         (unknown, f"No gift card or store credit has the number {unknown}. "
                                   "Check the number on the card and try again.")):
        check(qtbot, screen, number)
        assert card.balance.text().startswith("Balance $")
        check(qtbot, screen, wrong)
        assert screen.view.status.text() == words
        assert (card.title.text(), card.balance.text(), card.details.text()) == (
            "No card yet: scan one to see its balance.", "", "")
        assert screen.view.card_history.rowCount() == 0
        assert screen.view.gift.number.text() == wrong  # nothing typed is lost
    screen.view.gift.redeem.amount.setText("1")
    screen.view.gift.redeem.button.click()  # the last card can't be spent by mistake
    assert "Check a card's balance first" in screen.view.status.text()


def test_a_failed_customer_search_takes_the_last_store_credit_off_the_screen(  # type: ignore[no-untyped-def]
        screen: GiftCardsScreen, counter, qtbot: QtBot) -> None:
    email, _, count = store_credit_customer(counter)
    store = screen.view.store
    screen.view.tabs.setCurrentWidget(store)
    store.query.setText(email)
    store.query.returnPressed.emit()
    qtbot.waitUntil(lambda: screen.view.credit_history.rowCount() == count, timeout=WAIT)
    idle(qtbot, screen)
    store.query.setText("416555")  # half a phone number
    store.query.returnPressed.emit()
    idle(qtbot, screen)
    assert screen.view.status.text() == "Type the whole phone number, or the customer's e-mail address."
    assert store.credit.balance.text() == "" and screen.view.credit_history.rowCount() == 0
    assert store.credit.title.text().startswith("Find a customer to see their store credit.")


def test_an_amount_field_refuses_what_is_not_an_amount(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                         qtbot: QtBot) -> None:
    """ "1e3" once sold a 13.00 card (letters stripped): now nothing is sold and the words say why."""
    def cards(session):  # type: ignore[no-untyped-def]
        return session.scalar(select(func.count()).select_from(ValueAccount))

    before = counter.read(cards)
    sell = screen.view.gift.issue
    sell.paid_by.setCurrentIndex(sell.paid_by.findData("cash"))
    for typed, words in (("1e3", "not an amount"), ("12,34,5", "groups of three"),
                         ("-5", "minus"), ("12.345", "two decimals"), ("NaN", "not an amount")):
        sell.amount.setText(typed)
        sell.button.click()
        idle(qtbot, screen)
        assert words in screen.view.status.text(), typed
        assert not sell.sell_it.isVisible() and sell.amount.text() == typed  # nothing lost
    assert counter.read(cards) == before


def test_a_card_number_in_the_card_field_is_refused_in_words(screen: GiftCardsScreen, counter,  # type: ignore[no-untyped-def]
                                                              qtbot: QtBot) -> None:
    check(qtbot, screen, "4111.1111.1111.1111")
    status = screen.view.status.text()
    assert "full card number" in status and "4111" not in status


def test_a_sale_over_the_cap_needs_a_manager_and_keeps_who_and_why(  # type: ignore[no-untyped-def]
        screen: GiftCardsScreen, demo_template, counter, qtbot: QtBot) -> None:
    from storepos.persistence.models import AuditEvent
    from tests.ui.conftest import demo_employee

    s = screen
    sell = s.view.gift.issue
    sell.amount.setText("1500")
    sell.paid_by.setCurrentIndex(sell.paid_by.findData("cash"))
    sell.button.click()
    sell.sell_it.click()
    qtbot.waitUntil(lambda: s.approval_dialog is not None and s.approval_dialog.isVisible(),
                    timeout=WAIT)
    dialog = s.approval_dialog
    assert dialog is not None and dialog.what.text() == "Sell a $1,500.00 gift card"
    manager = demo_employee(demo_template, Role.MANAGER)
    dialog.number.setText(manager.number)
    dialog.pin.setText(manager.pin)
    dialog.reason.setText("Corporate order, paid in full")
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: s.view.gift.number.text().startswith("G-TOR1-"), timeout=WAIT)
    idle(qtbot, s)
    assert s.view.gift.card.balance.text() == "Balance $1,500.00"

    def audited(session):  # type: ignore[no-untyped-def]
        number = s.view.gift.number.text()
        account = session.scalars(select(ValueAccount).where(ValueAccount.number == number)).one()
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.subject_id == account.id, AuditEvent.action == "ledger.issue")).one()
        return event.reason, event.details["source"]

    reason, source = counter.read(audited)
    assert reason == "Corporate order, paid in full"
    assert source["tender"] == "cash" and source["manager"] == manager.number
