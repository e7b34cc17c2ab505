"""Pieces of the gift card screen: an account's balance card, an amount-and-button row, a history."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storepos.ui.giftcards.presenter import AccountSummary
from storepos.ui.style import TOUCH_HEIGHT, set_role
from storepos.ui.widgets.buttons import TouchButton
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
        self.title.setAccessibleName("Account")
        self.title.setWordWrap(True)
        set_role(self.title, "subtitle")
        self.balance = QLabel("")
        self.balance.setAccessibleName("Balance")
        set_role(self.balance, "money")
        self.details = QLabel("")
        self.details.setAccessibleName("About this account")
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
        self.balance.setText(f"Balance {summary.balance}")
        self.balance.setAccessibleDescription(summary.balance)
        self.details.setText("\n".join(summary.details))


class AmountAction(QWidget):
    """An amount field and the button that uses it; Enter in the field presses the button."""

    sig_submit = Signal(str)

    def __init__(self, title: str, button_text: str, accessible: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading(title)
        self.amount = line_edit("e.g. 25.00", f"{accessible}: amount")
        self.amount.setMaximumWidth(200)
        self.button = button(button_text, accessible)
        self.heading.setBuddy(self.amount)
        self.amount.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(row)

    def _submit(self) -> None:
        if self.button.isEnabled():
            self.sig_submit.emit(self.amount.text())

    def clear(self) -> None:
        self.amount.clear()


class HistoryPanel(QWidget):
    """The ledger: every movement with the running balance, and a manager's correction."""

    sig_correct = Signal(int)  # the selected row

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading("&History: every movement, with the balance after it")
        self.table = table(model, "History", stretch=5)
        self.heading.setBuddy(self.table)
        self.correct = button("Co&rrect…", "Correct the selected movement, with a manager's approval")
        self.correct.setToolTip("A manager reverses the selected movement with a new entry")
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
