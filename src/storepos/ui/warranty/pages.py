"""The warranty screen's pages, as plain widgets: start (open a claim, the store's claims),
inspection, the managers' queue, and the claim ticket. No logic; `view.py` wires their signals."""

from __future__ import annotations

import itertools
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storepos.domain.vocabulary import Resolution
from storepos.domain.warranty import OUTCOMES
from storepos.i18n import _
from storepos.services.warranty.words import outcome_label
from storepos.ui.style import plain_scroll_area, set_role
from storepos.ui.warranty.model import ClaimsTableModel
from storepos.ui.warranty.photos import PhotoStrip
from storepos.ui.warranty.presenter import DEFECTS
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.rows_table import rows_table

TARGET = 44  # px: big enough for a finger


_W = TypeVar("_W", bound=QWidget)


def tall(widget: _W, accessible: str = "") -> _W:
    widget.setMinimumHeight(TARGET)
    if accessible:
        widget.setAccessibleName(accessible)
    return widget


def button(text: str, accessible: str, *, primary: bool = False) -> TouchButton:
    b = TouchButton(text, accessible_name=accessible, primary=primary)
    b.setMinimumHeight(TARGET)  # no fixed minimum width: the layout keeps the whole text
    return b


def heading(text: str, size: int = 15) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def claims_table(model: ClaimsTableModel, accessible: str) -> QTableView:
    return rows_table(model, accessible, stretch=2, row_height=TARGET - 4)  # the item: the slack


class StartPage(QWidget):
    def __init__(self, claims: ClaimsTableModel) -> None:
        super().__init__()
        by_order = self._by_order()
        by_proof = self._by_proof()

        opening = QHBoxLayout()
        opening.addWidget(by_order, 3)
        opening.addWidget(by_proof, 2)

        self.find_claim = tall(QLineEdit(), _("Find a claim"))
        self.find_claim.setPlaceholderText(_("Scan a claim ticket or type its number, then Enter"))
        self.queue = button(_("Manager queue"), _("Open the managers' queue of claims"))
        self.queue.hide()
        find_row = QHBoxLayout()
        find_row.addWidget(heading(_("Claims here"), 13))
        find_row.addWidget(self.find_claim, 1)
        find_row.addWidget(self.queue)
        self.claims = claims_table(claims, _("Claims at this store"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(opening)
        layout.addLayout(find_row)
        layout.addWidget(self.claims, 1)
        for first, second in ((self.order_number, self.last_name),
                              (self.last_name, self.find_order),
                              (self.find_order, self.lines),
                              (self.lines, self.open_from_order),
                              (self.open_from_order, self.proof), (self.proof, self.item),
                              (self.item, self.open_from_proof),
                              (self.open_from_proof, self.find_claim),
                              (self.find_claim, self.queue), (self.queue, self.claims)):
            self.setTabOrder(first, second)

    def _by_order(self) -> QGroupBox:
        """A claim from an order: find it, choose the pair."""
        self.order_number = tall(QLineEdit(), _("Order number"))
        self.order_number.setPlaceholderText(_("Order number"))
        self.last_name = tall(QLineEdit(), _("Billing last name"))
        self.last_name.setPlaceholderText(_("Billing last name"))
        self.find_order = button(_("Find order"), _("Find the order"))
        self.lines = QListWidget()
        self.lines.setAccessibleName(_("Pairs on the order"))
        self.lines.setWordWrap(True)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setMinimumHeight(2 * TARGET)
        self.lines.setMaximumHeight(3 * TARGET)
        self.lines.setStyleSheet(f"QListWidget {{ font-size: 14pt; }} "
                                 f"QListWidget::item {{ min-height: {TARGET - 8}px; }}")
        self.order_heading = QLabel(_("Find the order, then choose the pair."))
        self.order_heading.setWordWrap(True)
        self.open_from_order = button(_("Open claim"), _("Open a claim for the chosen pair"))
        by_order = QGroupBox(_("From an order"))
        grid = QGridLayout(by_order)
        grid.addWidget(self.order_number, 0, 0)
        grid.addWidget(self.last_name, 0, 1)
        grid.addWidget(self.find_order, 0, 2)
        grid.addWidget(self.order_heading, 1, 0, 1, 3)
        grid.addWidget(self.lines, 2, 0, 1, 2)
        grid.addWidget(self.open_from_order, 2, 2, Qt.AlignmentFlag.AlignBottom)
        return by_order

    def _by_proof(self) -> QGroupBox:
        """A claim from a proof of purchase, when the order is not in the system."""
        self.proof = tall(QLineEdit(), _("Proof of purchase"))
        self.proof.setPlaceholderText(_("Receipt number and date"))
        self.item = tall(QLineEdit(), _("Item"))
        self.item.setPlaceholderText(_("Brand, style, colour and size"))
        self.open_from_proof = button(_("Open claim"), _("Open a claim from the proof of purchase"))
        by_proof = QGroupBox(_("From a proof of purchase"))
        form = QFormLayout(by_proof)
        form.addRow(_("Proof"), self.proof)
        form.addRow(_("Item"), self.item)
        form.addRow("", self.open_from_proof)
        return by_proof


class InspectionPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.heading = heading(_("Claim"))
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.category = tall(QComboBox(), _("Defect"))
        self.category.addItem(_("Choose the defect …"), None)
        for category, words in DEFECTS:
            self.category.addItem(_(words), category)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setPlaceholderText(_("What the customer reports and what you see"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(3 * TARGET)
        self.confirmed = tall(QCheckBox(_("Defect confirmed")), _("Defect confirmed"))
        self.wear = tall(QCheckBox(_("Wear and tear")), _("Wear and tear"))
        self.misuse = tall(QCheckBox(_("Misuse")), _("Misuse"))
        findings = QHBoxLayout()
        for box in (self.confirmed, self.wear, self.misuse):
            findings.addWidget(box)
        findings.addStretch(1)
        self.photos = QListWidget()
        self.photos.setAccessibleName(_("Photos"))
        self.photos.setMaximumHeight(3 * TARGET)
        self.photos.setStyleSheet(f"QListWidget {{ font-size: 14pt; }} "
                                  f"QListWidget::item {{ min-height: {TARGET - 12}px; }}")
        self.add_photos = button(_("Add photos …"), _("Add photos from files"))
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photos, 1)
        photo_row.addWidget(self.add_photos, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow(_("Defect"), self.category)
        form.addRow(_("Notes"), self.notes)
        form.addRow(_("Findings"), findings)
        form.addRow(_("Photos"), photo_row)

        self.back = button(_("Back"), _("Back to the claims"))
        self.save = button(_("Save"), _("Save the inspection"))
        self.submit = button(_("Submit to a manager"), _("Submit the claim to a manager"),
                             primary=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        for first, second in ((self.category, self.notes), (self.notes, self.confirmed),
                              (self.confirmed, self.wear), (self.wear, self.misuse),
                              (self.misuse, self.add_photos), (self.add_photos, self.save),
                              (self.save, self.submit), (self.submit, self.back)):
            self.setTabOrder(first, second)


class QueuePage(QWidget):
    def __init__(self, queue: ClaimsTableModel) -> None:
        super().__init__()
        self.table = claims_table(queue, _("Claims waiting for a decision"))
        self.table.setMinimumHeight(3 * TARGET)
        self.table.setMaximumHeight(4 * TARGET)  # three claims in view; the list scrolls
        scroll = self._claim_text()

        self.outcomes = QButtonGroup(self)
        self.outcome_buttons: dict[Resolution, QRadioButton] = {}
        right = QVBoxLayout()
        right.setSpacing(2)
        right.addWidget(QLabel(_("<b>Outcome</b>")))
        for outcome in OUTCOMES:
            radio = QRadioButton(outcome_label(outcome))
            radio.setMinimumHeight(TARGET - 8)
            self.outcomes.addButton(radio)
            self.outcome_buttons[outcome] = radio
            right.addWidget(radio)
        self.override = tall(QCheckBox(_("Outside the policy (override)")),
                             _("Approve outside the policy as a manager override"))
        self.amount = tall(QLineEdit(), _("Store credit amount"))
        self.amount.setPlaceholderText(_("Store credit amount, e.g. 89.99"))
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        set_role(self.error, "error")
        self.back = button(_("Back"), _("Back to the claims"))
        self.deny = button(_("Deny …"), _("Deny the claim with a manager PIN"))
        self.approve = button(_("Approve …"), _("Approve the outcome with a manager PIN"),
                              primary=True)
        right.addWidget(self.override)
        right.addWidget(self.amount)
        right.addStretch(1)
        self.photos = PhotoStrip()  # by the buttons: the claim's words keep the height they need
        self.photos.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.photos)
        buttons.addWidget(self.error, 1)  # beside the decision, not above it: the claim keeps its room
        buttons.addWidget(self.deny)
        buttons.addWidget(self.approve)

        detail = QHBoxLayout()
        detail.addWidget(scroll, 3)
        detail.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Claims waiting for a manager"), 13))
        layout.addWidget(self.table)
        layout.addLayout(detail, 1)
        layout.addLayout(buttons)
        order = (self.table, *self.outcome_buttons.values(), self.override, self.amount,
                 self.approve, self.deny, self.back, self.photos)
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _claim_text(self) -> QScrollArea:
        """The selected claim and what the policy says of it (scrolls when long)."""
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("The claim"))
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.policy = QLabel("")
        self.policy.setWordWrap(True)
        self.policy.setAccessibleName(_("What the policy says"))
        self.policy.setAlignment(Qt.AlignmentFlag.AlignTop)
        about = QWidget()
        left = QVBoxLayout(about)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(self.summary)
        left.addWidget(self.policy)
        left.addStretch(1)
        return plain_scroll_area(about)


class TicketPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.title = heading(_("Warranty claim"))
        self.body = QLabel("")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.body.setAccessibleName(_("Claim ticket"))
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.back = button(_("Done"), _("Back to the claims"))
        self.print = button(_("Print ticket"), _("Print the claim ticket"))
        self.report = button(_("Claim report (PDF)…"),
                             _("Save the claim report, with its photos, as a PDF"))
        self.repair_done = button(_("Repair returned"), _("The repaired shoe went back to the "
                                  "customer"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.repair_done)
        buttons.addWidget(self.report)
        buttons.addWidget(self.print)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.back, self.repair_done)
        self.setTabOrder(self.repair_done, self.report)
        self.setTabOrder(self.report, self.print)
