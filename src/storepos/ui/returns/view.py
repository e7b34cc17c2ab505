"""The returns and exchanges screen's widgets: find the order, a card per line, totals, complete.

No logic: it emits `sig_*` signals for what staff do and has plain setters for what to show.
Keyboard first: Enter finds (and confirms), Escape goes back, Ctrl+Enter completes; every
control has an accessible name and a target at least 40 px high.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.languages import LANGUAGES
from storepos.ui.returns.done_page import ReturnDoneWidget
from storepos.ui.returns.line_widget import STYLE as LINE_STYLE
from storepos.ui.returns.line_widget import TARGET, ReturnLineWidget, set_tone
from storepos.ui.returns.model import TotalsModel
from storepos.ui.returns.rows import DoneView, LineRow, OrderHeader, Totals
from storepos.ui.returns.side_panel import ReturnSidePanel
from storepos.ui.widgets.busy import BusyIndicator


def _font(widget: QWidget, size: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(size)
    font.setBold(bold)
    widget.setFont(font)


def _button(text: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.setMinimumHeight(TARGET + 4)
    button.setAutoDefault(True)  # Enter on a focused button presses it
    return button


class ReturnsView(QWidget):
    sig_find = Signal(str, str)  # order number or Return ID, billing last name
    sig_order_check = Signal(str, bool)  # proof_of_purchase / original_card
    sig_line_included = Signal(int, bool)
    sig_line_quantity = Signal(int, int)
    sig_line_reason = Signal(int, str)
    sig_line_check = Signal(int, str, bool)
    sig_line_resolution = Signal(int, str)
    sig_line_variant = Signal(int, str)
    sig_line_override = Signal(int)
    sig_payment = Signal(str, str, str, str)  # kind, card brand, last four, account number
    sig_complete = Signal()
    sig_confirm = Signal()
    sig_escape = Signal()
    sig_new_return = Signal()
    sig_receipt_language = Signal(str)  # "en", "fr": the customer's receipt (the screen stays)
    sig_mail_back = Signal(str)  # a requested Return ID: save its mail-back form as PDF

    def __init__(self, model: TotalsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReturnsView")
        _font(self, 13)
        # The counter's own look (ui/style.py) when hosted by the main window; the same sizes here
        # so the screen is as roomy on its own.
        self.setStyleSheet(
            "QCheckBox::indicator, QRadioButton::indicator { width: 26px; height: 26px; }"
            "QCheckBox, QRadioButton { min-height: 40px; spacing: 10px; }"
            "QFrame#ConfirmBar { background: #fff3c4; border: 1px solid #c9a400; border-radius: 6px; }"
            'QLabel[tone="error"] { color: #a40000; font-weight: bold; }'
            'QLabel[tone="hint"] { color: #7a4100; }' + LINE_STYLE
        )
        self.lines: dict[int, ReturnLineWidget] = {}
        self._cards: list[ReturnLineWidget] = []  # made once, reused for the next order

        self.title = QLabel(_("Returns and exchanges"))
        _font(self.title, 17, bold=True)
        self.busy = BusyIndicator()  # keeps its height when idle: nothing below it moves
        search = self._search_row()
        self._order_box()
        body = self._order_page(model)
        self._done_page()
        self.pages = QStackedWidget()
        self.pages.addWidget(body)
        self.pages.addWidget(self.done)
        self._confirm_bar()
        bottom = self._bottom_row()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addLayout(search, 1)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.order_box)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.confirm_bar)
        layout.addLayout(bottom)
        self._connect()
        self._chain()

    def _search_row(self) -> QHBoxLayout:
        """The order number (or a scanned Return ID) and the billing last name."""
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("Order number, or scan the Return ID"))
        self.number.setAccessibleName(_("Order number or Return ID"))
        self.number.setMinimumHeight(TARGET)
        self.last_name = QLineEdit()
        self.last_name.setPlaceholderText(_("Billing last name"))
        self.last_name.setAccessibleName(_("Billing last name"))
        self.last_name.setMinimumHeight(TARGET)
        self.find_button = _button(_("Find"), _("Find the order"))
        search = QHBoxLayout()
        search.addWidget(self.number, 5)
        search.addWidget(self.last_name, 4)
        search.addWidget(self.find_button)
        return search

    def _order_box(self) -> None:
        """The order found: its number and details, hidden until one is."""
        self.order_title = QLabel("")
        _font(self.order_title, 14, bold=True)
        self.order_details = QLabel("")
        self.order_details.setWordWrap(True)
        self.order_details.setAccessibleName(_("Order details"))
        self.order_box = QWidget()
        order_layout = QVBoxLayout(self.order_box)
        order_layout.setContentsMargins(0, 0, 0, 0)
        order_layout.setSpacing(0)
        order_layout.addWidget(self.order_title)
        order_layout.addWidget(self.order_details)
        self.order_box.setVisible(False)

    def _order_page(self, model: TotalsModel) -> QWidget:
        """The page of one order: its lines, left; totals and the Complete button, right."""
        self.lines_holder = QWidget()
        self.lines_layout = QVBoxLayout(self.lines_holder)
        self.lines_layout.setContentsMargins(0, 0, 4, 0)
        self.lines_layout.addStretch(1)
        self.lines_scroll = QScrollArea()
        self.lines_scroll.setWidgetResizable(True)
        self.lines_scroll.setWidget(self.lines_holder)
        self.lines_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.lines_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.side = ReturnSidePanel(model)
        side = self.side
        # The panel's parts, by the names the tests and the screenshot script use.
        self.proof, self.card, self.card_hint, self.shown_box = (
            side.proof, side.card, side.card_hint, side.shown_box)
        self.totals, self.payment_box, self.collect_label = side.totals, side.payment_box, side.collect_label
        self.pay_kind, self.card_brand, self.card_last4 = side.pay_kind, side.card_brand, side.card_last4
        self.account, self.blockers, self.panel_scroll = side.account, side.blockers, side

        self.complete = _button(_("Complete return"), _("Complete the return"))
        self.complete.setToolTip(_("Ctrl+Enter"))  # the key, named as the reader knows it
        self.complete.setProperty("primary", True)  # the counter style's main action
        _font(self.complete, 13, bold=True)
        self.complete.setMinimumHeight(TARGET + 12)
        self.complete.setEnabled(False)

        right = QWidget()
        # 310 px at 1024x768; a third of a wider window (the totals on fewer lines), up to 560.
        right.setMinimumWidth(310)
        right.setMaximumWidth(560)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(8, 0, 0, 0)
        right_box.addWidget(self.panel_scroll, 1)
        # Only for a requested Return ID: the customer sends it back by post instead.
        self.mail_back = _button(_("Mail-back form (PDF)…"),
                                 _("Save the mail-back return form of this Return ID as a PDF"))
        self.mail_back.setVisible(False)
        right_box.addWidget(self.mail_back)
        right_box.addWidget(self.complete)

        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.lines_scroll, 2)
        body_layout.addWidget(right, 1)
        return body

    def _done_page(self) -> None:
        """Done: the Return ID, what happened, the receipt."""
        self.new_return = _button(_("New return  (Enter)"), _("Start a new return"))
        self.done = ReturnDoneWidget(self.new_return)
        done = self.done
        # The done page's parts, by the names the tests and the screenshot script use.
        self.done_title, self.done_lines, self.done_printing = done.title, done.lines, done.printing
        self.receipt_image, self.receipt_scroll = done.receipt_image, done.receipt_scroll
        self.receipt_text = done.receipt_text

    def _confirm_bar(self) -> None:
        """The last check before a return completes: what will happen, Complete or Go back."""
        self.confirm_bar = QFrame()
        self.confirm_bar.setObjectName("ConfirmBar")
        self.confirm_text = QLabel("")
        self.confirm_text.setWordWrap(True)
        self.confirm_text.setAccessibleName(_("Confirm the return"))
        self.confirm = _button(_("Complete  (Enter)"), _("Yes, complete the return"))
        self.go_back = _button(_("Go back  (Esc)"), _("No, go back and change something"))
        # The customer's receipt in their language, whatever the screen's: English | Français.
        receipt_label = QLabel(_("Customer's receipt:"))
        self.receipt_languages: dict[str, QPushButton] = {}
        receipt_row = QHBoxLayout()
        receipt_row.setSpacing(0)
        receipt_row.addWidget(receipt_label)
        receipt_row.addSpacing(8)
        for code, name in LANGUAGES:  # each named in itself
            button = _button(name, _("Customer's receipt in {language}").format(language=name))
            button.setObjectName("LanguageChoice")
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter confirms; the toggle is a click or Space
            button.clicked.connect(lambda _checked=False, c=code: self.sig_receipt_language.emit(c))
            self.receipt_languages[code] = button
            receipt_row.addWidget(button)
        receipt_row.addStretch(1)
        text_column = QVBoxLayout()
        text_column.addWidget(self.confirm_text)
        text_column.addLayout(receipt_row)
        confirm_layout = QHBoxLayout(self.confirm_bar)
        confirm_layout.addLayout(text_column, 1)
        confirm_layout.addWidget(self.confirm)
        confirm_layout.addWidget(self.go_back)
        self.confirm_bar.setVisible(False)

    def _bottom_row(self) -> QHBoxLayout:
        """The status line and Back."""
        self.status = QLabel(_("Scan the Return ID, or type the order number and last name."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        self.back = _button(_("Back  (Esc)"), _("Back to the home screen"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.back)
        return bottom

    def _connect(self) -> None:
        """Signals out: what the cashier asks for; Ctrl+Enter completes."""
        self.number.returnPressed.connect(self._emit_find)
        self.last_name.returnPressed.connect(self._emit_find)
        self.find_button.clicked.connect(self._emit_find)
        self.proof.toggled.connect(lambda on: self.sig_order_check.emit("proof_of_purchase", on))
        self.card.toggled.connect(lambda on: self.sig_order_check.emit("original_card", on))
        self.pay_kind.currentIndexChanged.connect(self._emit_payment)
        for field in (self.card_brand, self.card_last4, self.account):
            field.textChanged.connect(self._emit_payment)
        self.complete.clicked.connect(self.sig_complete.emit)
        self.confirm.clicked.connect(self.sig_confirm.emit)
        self.go_back.clicked.connect(self.sig_escape.emit)
        self.back.clicked.connect(self.sig_escape.emit)
        self.new_return.clicked.connect(self.sig_new_return.emit)
        self.mail_back.clicked.connect(
            lambda: self.sig_mail_back.emit(self.mail_back.property("return_id") or ""))
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, context=context).activated.connect(self.complete.click)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Escape is taken here (not left to the main window): with the confirmation open it
        # means "go back and change something", not "leave the screen".
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.sig_escape.emit()
            return
        super().keyPressEvent(event)

    # -- signals out -------------------------------------------------------------------------
    def _emit_find(self) -> None:
        self.sig_find.emit(self.number.text(), self.last_name.text())

    def _emit_payment(self) -> None:
        self.sig_payment.emit(self.pay_kind.currentData(), self.card_brand.text(),
                              self.card_last4.text(), self.account.text())

    def _chain(self) -> None:
        """Tab goes top to bottom: search, the customer's proofs, each line, payment, complete."""
        chain: list[QWidget] = [self.number, self.last_name, self.find_button, self.proof, self.card]
        for n in sorted(self.lines):
            chain += self.lines[n].focus_chain()
        chain += [self.pay_kind, self.card_brand, self.card_last4, self.account, self.complete,
                  self.confirm, *self.receipt_languages.values(), self.go_back, self.back]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- setters the presenter calls ---------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)

    def show_status(self, text: str) -> None:
        set_tone(self.status, "")
        self.status.setText(text)

    def show_error(self, text: str) -> None:
        set_tone(self.status, "error")
        self.status.setText(text)

    def show_search(self, number: str, last_name: str) -> None:
        self.number.setText(number)
        self.last_name.setText(last_name)
        self.number.setFocus()

    def focus_last_name(self) -> None:
        self.last_name.setFocus()

    def show_order(self, header: OrderHeader | None) -> None:
        self.order_box.setVisible(header is not None)
        self.shown_box.setVisible(header is not None)
        requested = header.requested_return if header is not None else None
        self.mail_back.setVisible(requested is not None)
        self.mail_back.setProperty("return_id", requested or "")
        for box in (self.proof, self.card):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        if header is None:
            return
        self.order_title.setText(header.title)
        self.order_details.setText(header.details)
        self.card_hint.setText(header.card_hint)

    def _card(self, index: int, row: LineRow) -> ReturnLineWidget:
        if index < len(self._cards):
            widget = self._cards[index]
            widget.rebind(row)
            return widget
        widget = ReturnLineWidget(row, self.lines_holder)  # the screen's font from the start
        widget.sig_included.connect(self.sig_line_included)
        widget.sig_quantity.connect(self.sig_line_quantity)
        widget.sig_reason.connect(self.sig_line_reason)
        widget.sig_check.connect(self.sig_line_check)
        widget.sig_resolution.connect(self.sig_line_resolution)
        widget.sig_variant.connect(self.sig_line_variant)
        widget.sig_override.connect(self.sig_line_override)
        self.lines_layout.insertWidget(self.lines_layout.count() - 1, widget)
        self._cards.append(widget)
        return widget

    def show_lines(self, rows: list[LineRow]) -> None:
        self.lines.clear()
        for index, row in enumerate(rows):
            widget = self._card(index, row)
            widget.setVisible(True)
            self.lines[row.line_no] = widget
        for widget in self._cards[len(rows):]:
            widget.setVisible(False)
        self.lines_scroll.verticalScrollBar().setValue(0)
        self._chain()
        if rows:
            first = next((w for n, w in sorted(self.lines.items()) if w.include.isEnabled()), None)
            (first.include if first else self.number).setFocus()

    def update_line(self, row: LineRow) -> None:
        widget = self.lines.get(row.line_no)
        if widget is not None:
            widget.set_row(row)

    def show_totals(self, totals: Totals) -> None:
        model = self.totals.model()
        assert isinstance(model, TotalsModel)
        model.set_rows(list(totals.rows))
        self.payment_box.setVisible(bool(totals.to_collect))
        self.collect_label.setText(_("Collect {amount} for the exchange").format(
            amount=totals.to_collect) if totals.to_collect else "")
        self.blockers.setText("\n".join(totals.blockers))
        self.blockers.setVisible(bool(totals.blockers))
        self.complete.setEnabled(totals.can_complete)

    def show_locked(self, locked: bool) -> None:
        """While the return is being completed nothing on it can change."""
        self.shown_box.setEnabled(not locked)
        self.lines_holder.setEnabled(not locked)
        self.payment_box.setEnabled(not locked)
        self.number.setEnabled(not locked)
        self.last_name.setEnabled(not locked)
        self.find_button.setEnabled(not locked)

    def show_confirmation(self, text: str | None) -> None:
        self.confirm_bar.setVisible(text is not None)
        self.confirm_text.setText(text or "")
        if text is not None:
            self.confirm.setFocus()
        elif self.confirm.hasFocus() or self.go_back.hasFocus():
            self.complete.setFocus()

    def show_receipt_language(self, language: str) -> None:
        for code, button in self.receipt_languages.items():
            button.setChecked(code == language)

    def show_completed(self, done: DoneView | None) -> None:
        self.pages.setCurrentIndex(0 if done is None else 1)
        if done is not None:
            self.done.show_done(done)

    def show_receipt(self, png: bytes | None, text: str) -> None:
        self.done.show_receipt(png, text)
