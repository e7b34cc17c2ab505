"""Gift cards and store credit: check, sell, redeem, a customer's store credit and its history.

Plain Python. Every call to the cards door (services/cards/api.py, a `CardsDoor`) goes through
`run(action, on_ok, on_err)` (AppContext.run: a worker thread, one transaction); results come back
as plain dataclasses and are pushed to the view already formatted in the store's locale. Errors
are shown in the service's own words, and nothing typed is cleared unless the action succeeded.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from storepos.domain import ledger
from storepos.domain.amounts import AmountError
from storepos.domain.card_value import ValueSource
from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import LedgerKind, TenderKind
from storepos.i18n import N_, _, ngettext
from storepos.i18n.formats import day, day_and_clock, money
from storepos.services.base.amount_words import amount_words
from storepos.services.base.reader import reader_locale
from storepos.services.base.work import Actor, RunWork, Work, WorkSession
from storepos.services.cards.api import AccountState, CardsDoor, CreditLookup, Issued
from storepos.services.cards.customers import CustomerMatch
from storepos.services.cards.value_accounts import GIFT_CARD_TENDERS, correction_binding
from storepos.services.cards.value_source import NeedsManager, value_binding
from storepos.services.staff.approvals import Approval
from storepos.ui.giftcards.model import CustomerRow, LedgerRow
from storepos.ui.widgets.decision import Decision
from storepos.ui.widgets.money_entry import read_typed
from storepos.ui.widgets.typed_amount import amount_refusal, read_amount

GIFT_CARD, STORE_CREDIT = "gift_card", "store_credit"

T = TypeVar("T")
Action = Work[T]  # (session, actor) -> what the cards door answers
Run = RunWork


class RunApproved(Protocol):
    """Ask a manager (`what` is what they read, and what their token is bound to), then run
    `work(session, actor, approval)` as the signed-in actor (the service verifies the approval);
    on_ok with its answer, on_err with what went wrong, on_cancel when they decline."""

    def __call__(self, what: Decision, work: Callable[[WorkSession, Actor, Approval], T],
                 on_ok: Callable[[T], None], on_err: Callable[[Exception], None],
                 on_cancel: Callable[[], None], /) -> None: ...


@dataclass(frozen=True, slots=True)
class AccountSummary:
    title: str  # "Gift card ••••0018"
    balance: str  # "$45.00"
    details: tuple[str, ...]  # plain sentences under the balance
    empty: bool  # nothing left to spend


class GiftCardsViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_tab(self, which: str) -> None: ...
    def set_card_number(self, text: str) -> None: ...
    def show_card(self, summary: AccountSummary | None, rows: list[LedgerRow]) -> None: ...
    def clear_card_redeem(self) -> None: ...
    def ask_sale(self, question: str) -> None: ...
    def hide_sale(self) -> None: ...
    def clear_issue(self) -> None: ...
    def set_customer_query(self, text: str) -> None: ...
    def show_customers(self, rows: list[CustomerRow]) -> None: ...
    def show_credit(self, summary: AccountSummary | None, rows: list[LedgerRow]) -> None: ...
    def clear_credit_redeem(self) -> None: ...


class Formats:
    """Money and times in the store's locale and time zone."""

    def __init__(self, locale: str, currency: str, time_zone: str) -> None:
        self.locale, self.currency, self.zone = locale, currency, ZoneInfo(time_zone)

    def money(self, value: Decimal, currency: str | None = None) -> str:
        return money(value, currency or self.currency, reader_locale(self.locale))

    def signed(self, value: Decimal, currency: str | None = None) -> str:
        return ("+" if value > 0 else "") + self.money(value, currency)

    def when(self, moment: datetime) -> str:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self.zone)
        return day_and_clock(local, reader_locale(self.locale))

    def day(self, moment: datetime) -> str:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self.zone)
        return day(local.date(), reader_locale(self.locale))

    def amount_text(self, text: str) -> str:
        """What staff typed ("$25", "25,00 $", "1,000.50"), as the decimal string services take;
        AmountError in words for what is not an amount ("1e3" is refused, never read as 13)."""
        return str(read_typed(text, self.locale, read_amount))


def words(exc: Exception) -> str:
    if isinstance(exc, StoreposError):
        return _(exc.message)  # a fixed sentence is in the catalogue under its English words
    text = str(exc) or type(exc).__name__
    return _("That didn't work ({problem}). Nothing was saved; try again.").format(problem=text)


# Marked here, worded where shown.
_MOVES = {LedgerKind.ISSUE: N_("Issued"), LedgerKind.REDEEM: N_("Spent"),
          LedgerKind.CREDIT: N_("Credited"), LedgerKind.CORRECTION: N_("Correction")}


class GiftCardsPresenter:
    def __init__(self, view: GiftCardsViewPort, door: CardsDoor, run: Run, formats: Formats,
                 run_approved: RunApproved) -> None:
        self._view, self._door, self._run = view, door, run
        self._fmt, self._run_approved = formats, run_approved
        self._busy = False
        self.card: AccountState | None = None  # the gift card (or credit) on the gift card tab
        self.credit: AccountState | None = None  # the customer's store credit
        self.credit_customer: CustomerMatch | None = None  # whose credit is shown
        self._customers: list[CustomerMatch] = []
        self._sale: tuple[Decimal, TenderKind] | None = None  # a card sale waiting to be confirmed
        self._card_rows: list[LedgerRow] = []
        self._credit_rows: list[LedgerRow] = []

    # -- the plumbing -------------------------------------------------------------------------
    def _start(self, action: Action[T], ok: Callable[[T], None], status: str,
               undo: Callable[[], None] | None = None,
               needs_manager: Callable[[NeedsManager], None] | None = None) -> bool:
        """Run `action`; on failure `undo` first takes off the screen what no longer applies.
        `needs_manager`: what to do instead when the services ask for a manager's approval."""
        if self._busy:
            self._view.show_status(_("Still working on the last request…"))
            return False
        self._busy = True
        self._view.show_busy(True)
        self._view.show_status(status)

        def failed(exc: Exception) -> None:
            if undo is not None:
                undo()
            if needs_manager is not None and isinstance(exc, NeedsManager):
                needs_manager(exc)
                return
            self._failed(exc)

        self._run(action, lambda result: self._done(ok, result), failed)
        return True

    def _done(self, ok: Callable[[T], None], result: T) -> None:
        self._busy = False
        self._view.show_busy(False)
        ok(result)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._view.show_busy(False)
        self._view.show_error(words(exc))

    def _amount(self, text: str) -> str | None:
        try:
            return self._fmt.amount_text(text)
        except AmountError as exc:
            self._view.show_error(amount_refusal(exc))
            return None

    # -- summaries ----------------------------------------------------------------------------
    def summary(self, state: AccountState) -> AccountSummary:
        account = state.history.account
        details = [_("Issued {day}.").format(day=self._fmt.day(account.issued_at)),
                   _("Never expires.")]
        if state.is_store_credit:
            if state.customer:
                details.append(_("Belongs to {customer} only; it can't be transferred.").format(
                    customer=state.customer.name))
            else:
                details.append(_("Belongs to one customer only; it can't be transferred."))
        if account.currency != self._fmt.currency:
            details.append(_("Holds {currency}: this store can't take it.").format(
                currency=account.currency))
        return AccountSummary(account.label, self._fmt.money(account.balance, account.currency),
                              tuple(details), account.balance <= 0)

    def rows(self, state: AccountState) -> list[LedgerRow]:
        currency = state.history.account.currency
        entries = state.history.entries
        corrected = {e.corrects_entry_id for e in entries if e.corrects_entry_id}
        seq_of = {e.id: e.seq for e in entries}
        rows = []
        for e in entries:
            what = _(_MOVES[e.kind]) if e.kind in _MOVES else str(e.kind).capitalize()
            if e.kind is LedgerKind.CORRECTION and e.corrects_entry_id in seq_of:
                what = _("Correction of #{entry}").format(entry=seq_of[e.corrects_entry_id])
            elif e.id in corrected:
                what = _("{movement} (corrected)").format(movement=what)
            rows.append(LedgerRow(
                e.id, e.seq, self._fmt.when(e.created_at), what, self._fmt.signed(e.amount, currency),
                self._fmt.money(e.balance_after, currency), e.note, e.amount < 0,
                e.kind is not LedgerKind.CORRECTION and e.id not in corrected,
            ))
        return rows

    # -- gift card tab ------------------------------------------------------------------------
    def check(self, number: str) -> None:
        number = number.strip()
        if not number:
            self._view.show_error(_("Scan or type the card number first."))
            return
        self._start(lambda s, a: self._door.check(s, a, number), self._on_checked,
                    _("Looking up the card…"), undo=lambda: self._show_card(None))

    def _on_checked(self, state: AccountState) -> None:
        if state.is_store_credit and state.customer is not None:
            self._show_card(None)  # the gift card tab's last card no longer applies
            self._show_credit(CreditLookup(state.customer, state))
            self._view.show_tab(STORE_CREDIT)
            self._view.show_status(_("{account} is store credit for {customer}.").format(
                account=state.history.account.label, customer=state.customer.name))
            return
        self._show_card(state)
        summary = self.summary(state)
        self._view.show_status(_("{account}: balance {amount}.").format(
            account=summary.title, amount=summary.balance))

    def _show_card(self, state: AccountState | None) -> None:
        self.card = state
        self._card_rows = self.rows(state) if state else []
        self._view.show_card(self.summary(state) if state else None, self._card_rows)

    def ask_sale(self, amount_text: str, paid_by: str) -> None:
        """Selling a card is a sale: the amount and the tender are confirmed before it is issued."""
        self._sale = None
        self._view.hide_sale()
        amount = self._amount(amount_text)
        if amount is None:
            return
        try:
            value = ledger.check_amount(amount, what="A gift card's value")
        except StoreposError as exc:
            self._view.show_error(amount_words(exc) if exc.code else _(exc.message))
            return
        tender = TenderKind(paid_by) if paid_by in GIFT_CARD_TENDERS else None
        if tender is None:
            self._view.show_error(_("Choose what the customer paid with: cash, debit or credit card."))
            return
        self._sale = (value, tender)
        self._view.ask_sale(_("Sell a {amount} gift card, paid by {tender}?").format(
            amount=self._fmt.money(value), tender=_(GIFT_CARD_TENDERS[tender])))
        self._view.show_status(_("Check the amount and the payment, then press Sell it."))

    def confirm_sale(self) -> None:
        if self._sale is None:
            self._view.show_error(_("Type the amount and choose the payment first."))
            return
        value, tender = self._sale
        if self._start(lambda s, a: self._door.issue(s, a, str(value), tender),
                       lambda issued: self._on_issued(issued, tender), _("Issuing the gift card…"),
                       needs_manager=lambda exc: self._sale_over_cap(value, tender, exc)):
            self._sale = None
            self._view.hide_sale()

    def _sale_over_cap(self, value: Decimal, tender: TenderKind, exc: NeedsManager) -> None:
        """Over a cap: a manager approves the sale with a reason, or no card is sold."""
        self._view.show_status(_("{problem} Waiting for a manager's approval…").format(
            problem=exc.message))
        what = Decision(_("Sell a {amount} gift card").format(amount=self._fmt.money(value)),
                        _("Approve the sale"),
                        exc.message, value_binding(ValueSource.SALE, value))

        def cancelled() -> None:
            self._busy = False
            self._view.show_busy(False)
            self._view.show_status(_("No gift card was sold."))

        self._run_approved(
            what, lambda s, actor, approval: self._door.issue_approved(
                s, actor, str(value), tender, approval),
            lambda issued: self._done(lambda i: self._on_issued(i, tender), issued),
            self._failed, cancelled)

    def cancel_sale(self) -> None:
        if self._sale is not None:
            self._sale = None
            self._view.hide_sale()
            self._view.show_status(_("No gift card was sold."))

    def _on_issued(self, issued: Issued, paid_by: TenderKind) -> None:
        self._view.clear_issue()
        self._view.set_card_number(issued.state.history.account.number)
        self._show_card(issued.state)
        label = issued.state.history.account.label
        sold = _("{card} sold with {amount}, paid by {tender}.").format(
            card=label, amount=self._fmt.money(issued.amount), tender=_(GIFT_CARD_TENDERS[paid_by]))
        if issued.cash_rounding:  # the cash to take, rounded to the smallest coin
            rounding = issued.cash_rounding
            sold += " " + _("Cash to take: {amount} (cash rounding {rounding})").format(
                amount=self._fmt.money(issued.amount + rounding),
                rounding=self._fmt.signed(rounding))
        self._view.show_status(sold + f" {issued.printing}")

    def redeem_card(self, amount_text: str) -> None:
        if self.card is None:
            self._view.show_error(_("Check a card's balance first, then redeem from it."))
            return
        self._redeem(self.card, amount_text, None, self._on_card_redeemed)

    def _redeem(self, state: AccountState, amount_text: str, customer_id: uuid.UUID | None,
                ok: Callable[[AccountState], None]) -> None:
        amount = self._amount(amount_text)
        if amount is None:
            return
        number = state.history.account.number
        self._start(lambda s, a: self._door.redeem(s, a, number, amount, customer_id), ok,
                    _("Taking the amount…"))

    def _spent_words(self, before: AccountState, after: AccountState) -> str:
        account = after.history.account
        spent = before.history.account.balance - account.balance
        left = self._fmt.money(account.balance, account.currency)
        text = _("{amount} taken from {account}.").format(
            amount=self._fmt.money(spent, account.currency), account=account.label)
        if account.balance <= 0:
            return text + " " + _("Nothing is left on it.")
        return text + " " + _("Balance left: {amount}.").format(amount=left)

    def _on_card_redeemed(self, state: AccountState) -> None:
        before = self.card
        self._view.clear_card_redeem()
        self._show_card(state)
        self._view.show_status(self._spent_words(before or state, state))

    # -- store credit tab ---------------------------------------------------------------------
    def find_customer(self, text: str) -> None:
        if not text.strip():
            self._view.show_error(_("Type the customer's e-mail address or phone number."))
            return
        self._start(lambda s, a: self._door.find_customers(s, a, text), self._on_customers,
                    _("Finding the customer…"), undo=self._forget_customers)

    def _forget_customers(self) -> None:
        self._customers = []
        self._view.show_customers([])
        self._show_credit(None)

    def _on_customers(self, found: list[CustomerMatch]) -> None:
        self._customers = list(found)
        self._view.show_customers([CustomerRow(c.id, c.name, c.email, c.phone) for c in found])
        if not found:
            self._show_credit(None)
            self._view.show_error(_("No customer has that e-mail or phone. Check it and try again."))
        elif len(found) == 1:
            self.choose_customer(0)
        else:
            self._show_credit(None)
            self._view.show_status(ngettext(
                "{n} customer matches: choose one and press Enter.",
                "{n} customers match: choose one and press Enter.", len(found)).format(n=len(found)))

    def choose_customer(self, row: int) -> None:
        if not 0 <= row < len(self._customers):
            return
        customer = self._customers[row]
        self._start(lambda s, a: self._door.store_credit(s, a, customer), self._on_credit,
                    _("Loading the store credit of {customer}…").format(customer=customer.name),
                    undo=lambda: self._show_credit(None))

    def _on_credit(self, lookup: CreditLookup) -> None:
        self._show_credit(lookup)
        if lookup.state is None:
            self._view.show_status(_("{customer} has no store credit.").format(
                customer=lookup.customer.name))
        else:
            summary = self.summary(lookup.state)
            self._view.show_status(_("{customer}: store credit {amount}.").format(
                customer=lookup.customer.name, amount=summary.balance))

    def _show_credit(self, lookup: CreditLookup | None) -> None:
        self.credit_customer = lookup.customer if lookup else None
        self.credit = lookup.state if lookup else None
        self._credit_rows = self.rows(self.credit) if self.credit else []
        if lookup is not None and lookup.state is None:
            summary: AccountSummary | None = AccountSummary(
                _("{customer}: no store credit").format(customer=lookup.customer.name),
                self._fmt.money(Decimal(0)),
                (_("Store credit is given on returns; it belongs to this customer only."),), True)
        else:
            summary = self.summary(self.credit) if self.credit else None
        self._view.show_credit(summary, self._credit_rows)

    def _show_changed_credit(self, state: AccountState) -> None:
        assert self.credit_customer is not None  # credit is only changed while its owner is shown
        self._show_credit(CreditLookup(self.credit_customer, state))

    def redeem_credit(self, amount_text: str) -> None:
        if self.credit is None or self.credit_customer is None:
            self._view.show_error(_("Find the customer first: store credit is only used for its owner."))
            return
        self._redeem(self.credit, amount_text, self.credit_customer.id, self._on_credit_redeemed)

    def _on_credit_redeemed(self, state: AccountState) -> None:
        before = self.credit
        self._view.clear_credit_redeem()
        self._show_changed_credit(state)
        self._view.show_status(self._spent_words(before or state, state))

    # -- corrections (a manager's approval) ---------------------------------------------------
    def correct(self, which: str, row: int) -> None:
        state = self.card if which == GIFT_CARD else self.credit
        rows = self._card_rows if which == GIFT_CARD else self._credit_rows
        if state is None or not 0 <= row < len(rows):
            self._view.show_error(_("Choose the movement to correct in the history first."))
            return
        line = rows[row]
        if not line.correctable:
            self._view.show_error(_("Movement #{entry} is a correction or was corrected already; it "
                                    "can't be corrected again.").format(entry=line.seq))
            return
        if self._busy:
            self._view.show_status(_("Still working on the last request…"))
            return
        account = state.history.account
        number, entry_id = account.number, line.entry_id
        what = Decision(
            _("Reverse movement #{entry} on {card}").format(
                entry=line.seq, card=ledger.mask_account_number(number)),
            _("Reverse movement"),
            _("{movement}, {amount}: a correction entry puts it right; nothing is erased.").format(
                movement=line.what, amount=line.amount), correction_binding(entry_id))
        ok = self._on_card_corrected if which == GIFT_CARD else self._on_credit_corrected
        self._busy = True
        self._view.show_busy(True)
        self._view.show_status(_("Waiting for a manager's approval…"))
        self._run_approved(
            what, lambda s, actor, approval: self._door.correct(s, actor, entry_id, approval, number),
            lambda state: self._done(ok, state), self._failed, self.approval_cancelled)

    def approval_cancelled(self) -> None:
        self._busy = False
        self._view.show_busy(False)
        self._view.show_status(_("No correction was made."))

    def _on_card_corrected(self, state: AccountState) -> None:
        self._show_card(state)
        self._view.show_status(_("Corrected. {account} balance: {amount}.").format(
            account=state.history.account.label, amount=self.summary(state).balance))

    def _on_credit_corrected(self, state: AccountState) -> None:
        self._show_changed_credit(state)
        self._view.show_status(_("Corrected. Store credit balance: {amount}.").format(
            amount=self.summary(state).balance))

    # -- arriving from another screen ---------------------------------------------------------
    def enter(self, number: str | None = None, customer: str | None = None) -> None:
        if number:
            self._view.show_tab(GIFT_CARD)
            self._view.set_card_number(number)
            self.check(number)
        elif customer:
            self._view.show_tab(STORE_CREDIT)
            self._view.set_customer_query(customer)
            self.find_customer(customer)
