"""The returns screen's side panel: what the customer shows, the totals, paying a difference.

It scrolls on a small window, so the Complete button under it (in the view) stays in sight.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storepos.domain.vocabulary import TenderKind
from storepos.i18n import N_, _
from storepos.ui.returns.line_widget import TARGET, set_tone
from storepos.ui.returns.model import TotalsModel

PAYMENT_WORDS = {
    TenderKind.CARD: N_("Card"), TenderKind.INTERAC: N_("Interac"), TenderKind.CASH: N_("Cash"),
    TenderKind.GIFT_CARD: N_("Gift card"), TenderKind.STORE_CREDIT: N_("Store credit"),
}


def _font(widget: QWidget, size: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(size)
    font.setBold(bold)
    widget.setFont(font)


class ReturnSidePanel(QScrollArea):
    def __init__(self, model: TotalsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proof = QCheckBox(_("Invoice or receipt"))
        self.proof.setAccessibleName(_("The customer shows the invoice or receipt"))
        self.card = QCheckBox(_("Original card"))
        self.card.setAccessibleName(_("The customer shows the card that paid"))
        self._totals_table(model)
        self._payment_box()
        self.blockers = QLabel("")
        self.blockers.setWordWrap(True)
        self.blockers.setAccessibleName(_("What is still needed"))
        set_tone(self.blockers, "hint")

        panel = QWidget()
        right_layout = QVBoxLayout(panel)
        right_layout.setContentsMargins(0, 0, 4, 0)
        self._customer_shows()
        totals_title = QLabel(_("Totals"))
        _font(totals_title, 13, bold=True)
        right_layout.addWidget(self.shown_box)
        right_layout.addWidget(totals_title)
        right_layout.addWidget(self.totals)
        right_layout.addWidget(self.payment_box)
        right_layout.addWidget(self.blockers)
        right_layout.addStretch(1)
        self.setWidgetResizable(True)
        self.setWidget(panel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pay_kind.currentIndexChanged.connect(self._show_payment_fields)
        self._show_payment_fields()

    def _totals_table(self, model: TotalsModel) -> None:
        """The totals as a plain two-column list: no headers, grid, selection or editing."""
        self.totals = QTableView()
        self.totals.setModel(model)
        self.totals.setAccessibleName(_("Totals"))
        self.totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.totals.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.totals.verticalHeader().setVisible(False)
        self.totals.horizontalHeader().setVisible(False)
        self.totals.setWordWrap(True)
        self.totals.setShowGrid(False)
        header = self.totals.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.totals.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self._fit_totals)

    def _payment_box(self) -> None:
        """Collecting a difference the customer pays: how, and the card or account it comes from
        (hidden until there is a difference to collect)."""
        self.payment_box = QFrame()
        pay = QGridLayout(self.payment_box)
        pay.setContentsMargins(0, 4, 0, 4)
        self.collect_label = QLabel("")
        self.collect_label.setWordWrap(True)
        _font(self.collect_label, 13, bold=True)
        self.pay_kind = QComboBox()
        self.pay_kind.setAccessibleName(_("How the customer pays the difference"))
        self.pay_kind.setMinimumHeight(TARGET)
        for kind, words in PAYMENT_WORDS.items():
            self.pay_kind.addItem(_(words), kind.value)
        self.card_brand = QLineEdit()
        self.card_brand.setPlaceholderText(_("Card brand, e.g. VISA"))
        self.card_brand.setAccessibleName(_("Card brand"))
        self.card_brand.setMinimumHeight(TARGET)
        self.card_last4 = QLineEdit()
        self.card_last4.setPlaceholderText(_("Last 4 digits"))
        self.card_last4.setAccessibleName(_("Card's last four digits"))
        self.card_last4.setMaxLength(4)  # a full card number cannot even be typed here
        self.card_last4.setValidator(QRegularExpressionValidator(r"\d{0,4}"))
        self.card_last4.setMinimumHeight(TARGET)
        self.account = QLineEdit()
        self.account.setPlaceholderText(_("Gift card or store credit number"))
        self.account.setAccessibleName(_("Gift card or store credit number"))
        self.account.setMinimumHeight(TARGET)
        pay.addWidget(self.collect_label, 0, 0, 1, 2)
        pay.addWidget(self.pay_kind, 1, 0, 1, 2)
        pay.addWidget(self.card_brand, 2, 0)
        pay.addWidget(self.card_last4, 2, 1)
        pay.addWidget(self.account, 3, 0, 1, 2)
        self.payment_box.setVisible(False)

    def _customer_shows(self) -> None:
        """What the customer shows (the invoice, the card that paid), with a hint under the card
        (hidden until an order is on screen)."""
        self.shown_box = QWidget()
        shown = QVBoxLayout(self.shown_box)
        shown.setContentsMargins(0, 0, 0, 6)
        shown.setSpacing(0)
        shown_title = QLabel(_("Customer shows"))
        _font(shown_title, 13, bold=True)
        shown.addWidget(shown_title)
        shown.addWidget(self.proof)
        shown.addWidget(self.card)
        self.card_hint = QLabel("")
        self.card_hint.setWordWrap(True)
        self.card_hint.setContentsMargins(36, 0, 0, 0)  # under the box's text
        self.card_hint.setProperty("role", "hint")
        shown.addWidget(self.card_hint)
        self.shown_box.setVisible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_totals()  # wider or narrower, the rows wrap on other words: as tall as they are

    def _fit_totals(self) -> None:
        """The totals table as tall as its rows: what stays below it moves up."""
        self.totals.resizeRowsToContents()
        rows = self.totals.model().rowCount()
        height = sum(self.totals.rowHeight(i) for i in range(rows))
        self.totals.setFixedHeight(height + 2 * self.totals.frameWidth() + 4)

    def _show_payment_fields(self) -> None:
        kind = TenderKind(self.pay_kind.currentData())
        self.card_brand.setVisible(kind is TenderKind.CARD)
        self.card_last4.setVisible(kind is TenderKind.CARD)
        self.account.setVisible(kind in (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT))
