"""Gift cards and store credit: two tabs, built from widgets; signals out, setters in, no logic.

Keyboard: Alt+G / Alt+S pick the tab; Enter in the card number checks it, Enter in an amount to
redeem redeems it; Enter in a new card's amount only asks to confirm the sale (Alt+I sells it);
Enter on a customer found opens their store credit; Escape goes home (the main window's key).
"""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.services.cards.value_accounts import GIFT_CARD_TENDERS
from storepos.ui.giftcards.model import (
    CustomerRow,
    CustomersModel,
    LedgerModel,
    LedgerRow,
)
from storepos.ui.giftcards.presenter import GIFT_CARD, STORE_CREDIT, AccountSummary
from storepos.ui.giftcards.widgets import (
    AmountAction,
    BalanceCard,
    HistoryPanel,
    SellCardPanel,
    button,
    heading,
    line_edit,
    table,
)
from storepos.ui.style import set_role


def _middle(card: QWidget, actions: QVBoxLayout) -> QGridLayout:
    grid = QGridLayout()
    grid.addWidget(card, 0, 0)
    grid.addLayout(actions, 0, 1)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(1, 1)
    return grid


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class GiftCardTab(QWidget):
    def __init__(self, history_model: LedgerModel) -> None:
        super().__init__()
        label = heading(_("&Card number"))
        self.number = line_edit(_("Scan the card or type its number"), _("Card number"))
        self.number.setObjectName("ScanField")
        label.setBuddy(self.number)
        self.check = button(_("Check &balance"), _("Check the card's balance"), primary=True)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.number, 1)
        top.addWidget(self.check)

        self.card = BalanceCard(_("No card yet: scan one to see its balance."))
        self.redeem = AmountAction(_("&Redeem for a purchase"), _("Redeem"), _("Redeem from this card"))
        self.issue = SellCardPanel([(tender.value, capitalised(_(words)))
                                    for tender, words in GIFT_CARD_TENDERS.items()])
        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.redeem)
        actions.addWidget(self.issue)
        actions.addStretch(1)

        self.history = HistoryPanel(history_model)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(_middle(self.card, actions))
        layout.addWidget(self.history, 1)
        for first, second in ((self.number, self.check), (self.check, self.redeem.amount),
                              (self.redeem.amount, self.redeem.button),
                              (self.redeem.button, self.issue.amount),
                              (self.issue.amount, self.issue.paid_by),
                              (self.issue.paid_by, self.issue.button),
                              (self.issue.button, self.issue.sell_it),
                              (self.issue.sell_it, self.issue.cancel),
                              (self.issue.cancel, self.history.table),
                              (self.history.table, self.history.correct)):
            self.setTabOrder(first, second)


class StoreCreditTab(QWidget):
    def __init__(self, customers_model: CustomersModel, history_model: LedgerModel) -> None:
        super().__init__()
        label = heading(_("C&ustomer"))
        self.query = line_edit(_("The customer's e-mail or phone number"), _("Customer e-mail or phone"))
        label.setBuddy(self.query)
        self.find_button = button(_("&Find customer"), _("Find the customer"), primary=True)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.query, 1)
        top.addWidget(self.find_button)

        self.customers = table(customers_model, _("Customers found: Enter opens one"), stretch=1)
        self.customers.setMaximumHeight(130)
        self.customers.hide()

        self.credit = BalanceCard(_("Find a customer to see their store credit. It belongs to that "
                                  "customer only, can't be transferred, and never expires."))
        self.redeem = AmountAction(_("&Use store credit for a purchase"), _("Use credit"),
                                   _("Use this customer's store credit"))
        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.redeem)
        actions.addStretch(1)

        self.history = HistoryPanel(history_model)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.customers)
        layout.addLayout(_middle(self.credit, actions))
        layout.addWidget(self.history, 1)
        for first, second in ((self.query, self.find_button), (self.find_button, self.customers),
                              (self.customers, self.redeem.amount),
                              (self.redeem.amount, self.redeem.button),
                              (self.redeem.button, self.history.table),
                              (self.history.table, self.history.correct)):
            self.setTabOrder(first, second)


class GiftCardsView(QWidget):
    sig_check = Signal(str)  # a card number scanned or typed, then Enter
    sig_ask_sale = Signal(str, str)  # a new gift card's amount and what paid for it: asks first
    sig_confirm_sale = Signal()  # "Sell it": the sale asked about
    sig_cancel_sale = Signal()
    sig_redeem_card = Signal(str)  # an amount to take from the card shown
    sig_find_customer = Signal(str)  # e-mail or phone
    sig_customer_chosen = Signal(int)  # a row of the customers found
    sig_redeem_credit = Signal(str)  # an amount to take from the customer's store credit
    sig_correct = Signal(str, int)  # which tab ("gift_card" | "store_credit"), history row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GiftCardsView")
        self.card_history = LedgerModel()
        self.credit_history = LedgerModel()
        self.customers_model = CustomersModel()
        self.busy = False  # a request is on the worker (the main window shows the bar)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Gift card or store credit"))
        self.gift = GiftCardTab(self.card_history)
        self.store = StoreCreditTab(self.customers_model, self.credit_history)
        self.tabs.addTab(self.gift, _("&Gift card"))
        self.tabs.addTab(self.store, _("&Store credit"))

        self.status = QLabel(_("Scan a gift card, or find a customer's store credit."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        self.status.setMinimumHeight(44)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        g, s = self.gift, self.store
        g.number.returnPressed.connect(lambda: self._emit_if(g.check, self.sig_check, g.number.text()))
        g.check.clicked.connect(lambda: self.sig_check.emit(g.number.text()))
        g.issue.sig_ask.connect(self.sig_ask_sale)
        g.issue.sig_confirm.connect(self.sig_confirm_sale)
        g.issue.sig_cancel.connect(self.sig_cancel_sale)
        g.redeem.sig_submit.connect(self.sig_redeem_card)
        g.history.sig_correct.connect(lambda row: self.sig_correct.emit(GIFT_CARD, row))
        s.query.returnPressed.connect(
            lambda: self._emit_if(s.find_button, self.sig_find_customer, s.query.text()))
        s.find_button.clicked.connect(lambda: self.sig_find_customer.emit(s.query.text()))
        s.customers.activated.connect(lambda index: self.sig_customer_chosen.emit(index.row()))
        s.redeem.sig_submit.connect(self.sig_redeem_credit)
        s.history.sig_correct.connect(lambda row: self.sig_correct.emit(STORE_CREDIT, row))
        self.tabs.currentChanged.connect(lambda _index: self.focus_first())

    @staticmethod
    def _emit_if(guard: QWidget, signal: SignalInstance, text: str) -> None:
        if guard.isEnabled():
            signal.emit(text)

    def focus_first(self) -> None:
        (self.gift.number if self.tabs.currentWidget() is self.gift else self.store.query).setFocus()

    # --- setters the presenter calls ----------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.busy = busy
        for b in (self.gift.check, self.gift.redeem.button, self.gift.issue.button,
                  self.gift.issue.sell_it,
                  self.gift.history.correct, self.store.find_button, self.store.redeem.button,
                  self.store.history.correct):
            b.setEnabled(not busy)  # fields stay as typed; only the actions wait

    def show_status(self, text: str) -> None:
        set_role(self.status, "")
        self.status.setText(text)

    def show_error(self, text: str) -> None:
        set_role(self.status, "error")
        self.status.setText(text)

    def show_tab(self, which: str) -> None:
        self.tabs.setCurrentWidget(self.gift if which == GIFT_CARD else self.store)

    def set_card_number(self, text: str) -> None:
        self.gift.number.setText(text)

    def show_card(self, summary: AccountSummary | None, rows: list[LedgerRow]) -> None:
        self.gift.card.show_summary(summary)
        self.card_history.set_rows(rows)

    def clear_card_redeem(self) -> None:
        self.gift.redeem.clear()
        self.gift.redeem.amount.setFocus()  # ready for the next amount, never in the sale's field

    def ask_sale(self, question: str) -> None:
        self.gift.issue.ask(question)

    def hide_sale(self) -> None:
        self.gift.issue.confirm_box.hide()

    def clear_issue(self) -> None:
        self.gift.issue.clear()

    def set_customer_query(self, text: str) -> None:
        self.store.query.setText(text)

    def show_customers(self, rows: list[CustomerRow]) -> None:
        self.customers_model.set_rows(rows)
        self.store.customers.setVisible(len(rows) > 1)
        if len(rows) > 1:
            self.store.customers.selectRow(0)
            self.store.customers.setFocus()

    def show_credit(self, summary: AccountSummary | None, rows: list[LedgerRow]) -> None:
        self.store.credit.show_summary(summary)
        self.credit_history.set_rows(rows)

    def clear_credit_redeem(self) -> None:
        self.store.redeem.clear()
        self.store.redeem.amount.setFocus()
