"""The order's cancel dialog: each line with what the policy keeps and why (its clause), the
totals, where the refund goes, then "Cancel the order" or "Keep the order". A refusal stays in
the dialog in words; once done, it says what was refunded and printed and offers Close.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.orders.cancel_presenter import CancelShown
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton

TARGET = 44  # px: big enough for a finger


class CancelOrderDialog(QDialog):
    sig_confirm = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CancelOrderDialog")
        self.setWindowTitle(_("Cancel an order"))
        self.setMinimumWidth(880)  # fits 1024x768 with the window's frame around it
        self.heading = _plain("")
        self.heading.setWordWrap(True)
        set_role(self.heading, "title")
        self.heading.setAccessibleName(_("Order to cancel"))

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = self.reasons_area = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        scroll.setMinimumHeight(320)

        self.status = _plain("")
        self.status.setMinimumHeight(96)  # four lines kept for what happened: nothing jumps
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("What happened"))

        self.keep = TouchButton(_("Keep the order"), accessible_name=_("Keep the order"))
        self.confirm = TouchButton(_("Cancel the order"),
                                   accessible_name=_("Cancel the order and refund it"))
        self.close_button = TouchButton(_("Close"), accessible_name=_("Close"))
        self.keep.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        self.confirm.clicked.connect(self.sig_confirm.emit)
        self.close_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.keep, self.confirm, self.close_button):
            button.setMinimumHeight(TARGET)
            button.setMinimumWidth(180)
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.confirm.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # --- the presenter's port ------------------------------------------------------------------
    def show_plan(self, shown: CancelShown) -> None:
        self.heading.setText(shown.heading)
        grid = QGridLayout()
        row = 0
        for item, paid, reasons in shown.lines:
            title = _rich(f"<b>{escape(item)}</b>")
            title.setWordWrap(True)
            grid.addWidget(title, row, 0)
            figures = _plain(paid)
            _money(figures)
            grid.addWidget(figures, row, 1)
            row += 1
            for reason in reasons:  # each policy sentence ends with the clause it applies
                said = _plain("• " + reason)
                said.setWordWrap(True)
                set_role(said, "hint")
                grid.addWidget(said, row, 0, 1, 2)
                row += 1
        for n, (label, amount) in enumerate(shown.totals):
            last = n == len(shown.totals) - 1  # the refund itself
            grid.addWidget(_rich(f"<b>{escape(label)}</b>" if last else escape(label)), row, 0)
            value = _rich(f"<b>{escape(amount)}</b>" if last else escape(amount))
            _money(value)
            grid.addWidget(value, row, 1)
            row += 1
        refunded_to = _("Refunded to")
        grid.addWidget(_rich(f"<b>{escape(refunded_to)}</b>"), row, 0)
        row += 1
        for tender, amount in shown.refund_to:
            grid.addWidget(_plain("    " + tender), row, 0)
            value = _plain(amount)
            _money(value)
            grid.addWidget(value, row, 1)
            row += 1
        grid.setColumnStretch(0, 1)
        holder = QWidget()
        holder.setLayout(grid)
        self._clear_body()
        self.body_layout.addWidget(holder)
        self.body_layout.addStretch(1)
        # As tall as the lines need, up to what fits a 768-pixel screen; beyond, it scrolls.
        holder.setMinimumWidth(self.reasons_area.viewport().width())
        wanted = holder.sizeHint().height() + 8
        self.reasons_area.setMinimumHeight(max(200, min(wanted, 430)))
        self.adjustSize()
        self.status.setText(shown.note)
        set_role(self.status, "hint")
        self.confirm.setEnabled(True)
        self.confirm.setDefault(True)
        self.confirm.setFocus()

    def _clear_body(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def reject(self) -> None:
        """Escape or "Keep the order"; not while the cancellation is on its way to the service."""
        if not self.keep.isEnabled() and self.keep.isVisible():
            return
        super().reject()

    def show_busy(self, busy: bool, text: str = "") -> None:
        self.confirm.setEnabled(not busy and bool(self.heading.text()))
        self.keep.setEnabled(not busy)
        if busy:
            self.status.setText(text)
            set_role(self.status, "hint")

    def show_error(self, text: str) -> None:
        self.status.setText(text)
        set_role(self.status, "error")
        if not self.heading.text():  # refused before anything was shown: only Close is left
            self.heading.setText(_("This order can't be cancelled"))
            self.reasons_area.setVisible(False)
            self.confirm.setVisible(False)
            self.keep.setVisible(False)
            self.close_button.setVisible(True)
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            self.adjustSize()

    def show_done(self, text: str) -> None:
        self.status.setText(text)
        set_role(self.status, "ok")
        self.adjustSize()  # the longer status takes its room, not the lines' above
        self.confirm.setVisible(False)
        self.keep.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus()


def _money(label: QLabel) -> None:
    set_role(label, "money")
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _rich(html: str) -> QLabel:
    """A label of HTML made here from escaped text (never guessed: an apostrophe stays one)."""
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def _plain(text: str) -> QLabel:
    """A label of words as they are (a reason or a name is never read as HTML)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
