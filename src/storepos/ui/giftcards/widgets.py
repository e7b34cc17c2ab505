"""Pieces of the gift card screen: an account's balance card, an amount-and-button row, the sale of
a new card, a history."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.giftcards.presenter import AccountSummary
from storepos.ui.style import TOUCH_HEIGHT, set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.money_entry import typed_example
from storepos.ui.widgets.rows_table import rows_table, selected_table_row

TARGET = TOUCH_HEIGHT - 4  # px: fields a little lower than buttons, as counter.qss has them


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def button(text: str, accessible: str, *, primary: bool = False) -> TouchButton:
    b = TouchButton(text, accessible_name=accessible, primary=primary)
    b.setMinimumHeight(TOUCH_HEIGHT)
    b.setAutoDefault(False)
    return b


def line_edit(hint: str, accessible: str) -> QLineEdit:
    e = QLineEdit()
    e.setPlaceholderText(hint)
    e.setAccessibleName(accessible)
    e.setMinimumHeight(TARGET)
    return e


def table(model: QAbstractItemModel, accessible: str, stretch: int) -> QTableView:
    t = rows_table(model, accessible, stretch=stretch, row_height=40)
    t.setWordWrap(False)
    return t


def titled_row(owner: QWidget, title: QLabel, *widgets: QWidget) -> QVBoxLayout:
    """`owner`'s layout: `title` over one row of `widgets` (fields share the width, buttons keep
    theirs); more can be added below it."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 0 if isinstance(widget, TouchButton) else 1)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(title)
    layout.addLayout(row)
    return layout


class BalanceCard(QFrame):
    """Which account, its balance in large type, and what to know about it."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BalanceCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#BalanceCard { background: #f4f7fb; border: 1px solid #c9d3e0;"
                           " border-radius: 6px; }")
        self._empty_text = empty_text
        self.title = QLabel(empty_text)
        self.title.setAccessibleName(_("Account"))
        self.title.setWordWrap(True)
        set_role(self.title, "subtitle")
        self.balance = QLabel("")
        self.balance.setAccessibleName(_("Balance"))
        set_role(self.balance, "money")
        self.details = QLabel("")
        self.details.setAccessibleName(_("About this account"))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.balance)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def show_summary(self, summary: AccountSummary | None) -> None:
        if summary is None:
            self.title.setText(self._empty_text)
            self.balance.setText("")
            self.details.setText("")
            return
        self.title.setText(summary.title)
        self.balance.setText(_("Balance {amount}").format(amount=summary.balance))
        self.balance.setAccessibleDescription(summary.balance)
        self.details.setText("\n".join(summary.details))


class AmountAction(QWidget):
    """An amount field and the button that uses it; Enter in the field presses the button."""

    sig_submit = Signal(str)

    def __init__(self, title: str, button_text: str, accessible: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading(title)
        self.amount = line_edit(_("e.g. {amount}").format(amount=typed_example("25.00")),
                                _("{action}: amount").format(action=accessible))
        self.amount.setMaximumWidth(200)
        self.button = button(button_text, accessible)
        self.heading.setBuddy(self.amount)
        self.amount.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        titled_row(self, self.heading, self.amount, self.button)

    def _submit(self) -> None:
        if self.button.isEnabled():
            self.sig_submit.emit(self.amount.text())

    def clear(self) -> None:
        self.amount.clear()


class SellCardPanel(QWidget):
    """Selling a gift card is a sale: the amount, what the customer paid with, then a question to
    confirm. Enter in the amount only asks; nothing is issued until "Sell it" is pressed, and
    changing the amount or the payment takes the question back."""

    sig_ask = Signal(str, str)  # the amount as typed, the tender chosen ("" when none)
    sig_confirm = Signal()
    sig_cancel = Signal()

    def __init__(self, tenders: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading(_("Sell a &new gift card"))
        self.amount = line_edit(_("e.g. {amount}").format(amount=typed_example("50.00")),
                                _("New gift card: amount"))
        self.amount.setMaximumWidth(160)
        self.heading.setBuddy(self.amount)
        self.paid_by = QComboBox()
        self.paid_by.setAccessibleName(_("Paid by"))
        self.paid_by.setMinimumHeight(TARGET)
        self.paid_by.addItem(_("Paid by…"), "")
        for value, words in tenders:
            self.paid_by.addItem(words, value)
        self.button = button(_("Sell card…"), _("Sell a new gift card"))
        self.question = QLabel("")
        self.question.setAccessibleName(_("Confirm the sale"))
        self.question.setWordWrap(True)
        set_role(self.question, "subtitle")
        self.sell_it = button(_("Sell &it"), _("Sell the gift card"), primary=True)
        self.cancel = button(_("Cancel"), _("Don't sell the gift card"))
        self.confirm_box = QFrame()
        self.confirm_box.setObjectName("ConfirmSale")
        self.confirm_box.setStyleSheet("#ConfirmSale { background: #fff8e1; border: 1px solid "
                                       "#e0c068; border-radius: 6px; }")
        confirm = QGridLayout(self.confirm_box)
        confirm.setContentsMargins(10, 6, 10, 6)
        confirm.addWidget(self.question, 0, 0, 1, 2)
        confirm.addWidget(self.sell_it, 1, 0)
        confirm.addWidget(self.cancel, 1, 1)
        self.confirm_box.hide()

        self.amount.returnPressed.connect(self._ask)
        self.button.clicked.connect(self._ask)
        self.sell_it.clicked.connect(self._confirm)
        self.cancel.clicked.connect(self.sig_cancel)
        self.amount.textEdited.connect(self._changed)
        self.paid_by.currentIndexChanged.connect(self._changed)
        titled_row(self, self.heading, self.amount, self.paid_by, self.button).addWidget(
            self.confirm_box)

    def _ask(self) -> None:
        if self.button.isEnabled():
            self.sig_ask.emit(self.amount.text(), self.paid_by.currentData() or "")

    def _confirm(self) -> None:
        if self.sell_it.isEnabled() and self.confirm_box.isVisible():
            self.sig_confirm.emit()

    def _changed(self, *_: object) -> None:
        if self.confirm_box.isVisible():
            self.sig_cancel.emit()  # the question was about what was there before

    def ask(self, question: str) -> None:
        self.question.setText(question)
        self.confirm_box.show()

    def clear(self) -> None:
        self.confirm_box.hide()
        self.amount.clear()
        self.paid_by.setCurrentIndex(0)


class HistoryPanel(QWidget):
    """The ledger: every movement with the running balance, and a manager's correction."""

    sig_correct = Signal(int)  # the selected row

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading(_("&History: every movement, with the balance after it"))
        self.table = table(model, _("History"), stretch=5)
        self.heading.setBuddy(self.table)
        self.correct = button(_("Co&rrect…"), _("Correct the selected movement, with a manager's approval"))
        self.correct.setToolTip(_("A manager reverses the selected movement with a new entry"))
        self.correct.clicked.connect(self._correct)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.correct)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        model.modelReset.connect(self._scroll_to_latest)

    def selected_row(self) -> int:
        return selected_table_row(self.table)

    def _correct(self) -> None:
        self.sig_correct.emit(self.selected_row())

    def _scroll_to_latest(self) -> None:
        self.table.scrollToBottom()
