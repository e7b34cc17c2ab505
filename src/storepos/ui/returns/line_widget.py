"""One order line on the returns screen: what it is, the checklist, the choices and the policy's say.

A view piece only: it emits what staff change (with the line number) and shows `LineRow`s.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from storepos.domain.vocabulary import Reason, Resolution
from storepos.i18n import N_, _
from storepos.ui.returns.rows import (
    REASON_WORDS,
    RETURNABLE,
    LineRow,
    resolution_label,
)
from storepos.ui.widgets.combo import WindowComboBox

TARGET = 40  # px: buttons and fields big enough for a finger or a hurried mouse
# Looks by a "tone" property, styled once in the screen's stylesheet (cheaper than a style sheet
# per widget, which Qt parses and polishes on its own each time).
STYLE = (
    "QFrame#ReturnLine { border: 1px solid #9a9a9a; border-radius: 6px; }"
    'QLabel[tone="allowed"] { color: #1b5e20; font-weight: bold; }'
    'QLabel[tone="denied"] { color: #a40000; font-weight: bold; }'
    'QLabel[tone="closed"] { color: #555555; font-weight: bold; }'
    'QLabel[tone="pending"] { color: #7a4100; font-weight: bold; }'
)


def set_tone(label: QLabel, tone: str) -> None:
    if label.property("tone") == tone:
        return
    label.setProperty("tone", tone)
    label.style().unpolish(label)
    label.style().polish(label)

_CHECKS = (
    ("unworn", N_("Unworn")),
    ("original_box", N_("Original box")),
    ("packaging_intact", N_("Packaging intact")),
    ("defect_confirmed", N_("Defect confirmed")),
)


def _bold(widget: QWidget, size: int | None = None) -> None:
    font = QFont(widget.font())
    font.setBold(True)
    if size:
        font.setPointSize(size)
    widget.setFont(font)


class ReturnLineWidget(QFrame):
    sig_included = Signal(int, bool)
    sig_quantity = Signal(int, int)
    sig_reason = Signal(int, str)
    sig_check = Signal(int, str, bool)
    sig_resolution = Signal(int, str)
    sig_variant = Signal(int, str)  # "" while no size or colour is chosen
    sig_override = Signal(int)

    def __init__(self, row: LineRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_no = row.line_no
        self._names: list[tuple[QWidget, str]] = []  # accessible names, "Line N: " in front
        self.setObjectName("ReturnLine")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self._item_fields(row)
        checks_row = self._checks_row()
        res_row = self._resolution_row()
        variant_row = self._variant_row()
        self._policy_fields()
        self._lay_out(checks_row, res_row, variant_row)
        self._connect()
        self.set_row(row)

    def _item_fields(self, row: LineRow) -> None:
        """Return it or not, what it is, how many and why."""
        self.include = QCheckBox(_("Return"))
        self._name(self.include, _("coming back"))
        self.description = QLabel(row.description)
        self.description.setWordWrap(True)
        _bold(self.description)
        self.detail = QLabel(row.detail)
        self.quantity = QSpinBox()
        self._name(self.quantity, _("quantity coming back"))
        self.quantity.setMinimumHeight(TARGET)
        self.quantity.setMinimumWidth(64)
        self.of = QLabel("")
        self.reason = QComboBox()
        self._name(self.reason, _("reason for the return"))
        self.reason.setMinimumHeight(TARGET)
        for reason, words in REASON_WORDS.items():
            self.reason.addItem(_(words), reason.value)

    def _checks_row(self) -> QHBoxLayout:
        """The condition checks (box, tags, worn...); "defect confirmed" sits by the reason."""
        self.checks: dict[str, QCheckBox] = {}
        checks_row = QHBoxLayout()
        checks_row.setSpacing(18)
        for name, words in _CHECKS:
            box = QCheckBox(_(words))
            self._name(box, _(words).lower())
            box.toggled.connect(lambda on, name=name: self.sig_check.emit(self.line_no, name, on))
            self.checks[name] = box
            if name != "defect_confirmed":  # that one sits by the reason, shown for defects only
                checks_row.addWidget(box)
        checks_row.addStretch(1)
        return checks_row

    def _resolution_row(self) -> QHBoxLayout:
        """What the customer gets: one radio button per resolution."""
        self.resolutions = QButtonGroup(self)
        self.resolution_buttons: dict[Resolution, QRadioButton] = {}
        res_row = QHBoxLayout()
        res_row.setSpacing(8)  # French "Remboursement … Crédit en magasin" fits at 1024 px
        res_row.addWidget(QLabel(_("Gets:")))
        for res in RETURNABLE:
            button = QRadioButton(resolution_label(res))
            self._name(button, resolution_label(res).lower())
            button.toggled.connect(
                lambda on, res=res: on and self.sig_resolution.emit(self.line_no, res.value))
            self.resolutions.addButton(button)
            self.resolution_buttons[res] = button
            res_row.addWidget(button)
        res_row.addStretch(1)
        return res_row

    def _variant_row(self) -> QHBoxLayout:
        """The new pair for an exchange."""
        self.variant = WindowComboBox()  # a shoe's sizes and colours: a long list, kept in the window
        self._name(self.variant, _("new size or colour"))
        self.variant.setMinimumHeight(TARGET)
        self.variant.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.variant.setMinimumContentsLength(16)
        self.variant_label = QLabel(_("New pair:"))
        self.variant_label.setBuddy(self.variant)
        variant_row = QHBoxLayout()
        variant_row.addWidget(self.variant_label)
        variant_row.addWidget(self.variant, 1)
        return variant_row

    def _policy_fields(self) -> None:
        """What the policy allows and why, the amounts, and the manager override."""
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self._name(self.verdict, _("what the policy allows"))
        set_tone(self.verdict, "allowed")
        self.reasons = QLabel("")
        self.reasons.setWordWrap(True)
        self._name(self.reasons, _("the policy's reasons"))
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.amounts = QLabel("")
        self.amounts.setWordWrap(True)
        self._name(self.amounts, _("amounts"))
        self.pending = QLabel("")
        self.pending.setWordWrap(True)
        set_tone(self.pending, "pending")
        self.override_button = QPushButton(_("Manager override…"))
        self._name(self.override_button, _("ask a manager to override the policy"))
        self.override_button.setMinimumHeight(TARGET)
        self.override_button.setAutoDefault(True)

    def _lay_out(self, checks_row: QHBoxLayout, res_row: QHBoxLayout,
                 variant_row: QHBoxLayout) -> None:
        """One card, top to bottom: the item, quantity, reason, checks, resolution, policy."""
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(self.include)
        top.addWidget(self.description, 1)
        grid.addLayout(top, 0, 0)
        self.detail.setWordWrap(True)
        second = QHBoxLayout()
        second.addWidget(self.detail, 1)
        qty_label = QLabel(_("Qty"))
        qty_label.setBuddy(self.quantity)
        second.addWidget(qty_label)
        second.addWidget(self.quantity)
        second.addWidget(self.of)
        grid.addLayout(second, 1, 0)
        third = QHBoxLayout()
        third.setSpacing(12)
        why = QLabel(_("Why:"))
        why.setBuddy(self.reason)
        third.addWidget(why)
        third.addWidget(self.reason)
        third.addWidget(self.checks["defect_confirmed"])
        third.addStretch(1)
        grid.addLayout(third, 2, 0)
        grid.addLayout(checks_row, 3, 0)
        grid.addLayout(res_row, 4, 0)
        grid.addLayout(variant_row, 5, 0)
        grid.addWidget(self.verdict, 6, 0)
        grid.addWidget(self.reasons, 7, 0)
        bottom = QHBoxLayout()
        bottom.addWidget(self.amounts, 1)
        bottom.addWidget(self.override_button)
        grid.addLayout(bottom, 8, 0)
        grid.addWidget(self.pending, 9, 0)

    def _connect(self) -> None:
        """Signals out, each with this card's line number."""
        self.include.toggled.connect(lambda on: self.sig_included.emit(self.line_no, on))
        self.quantity.valueChanged.connect(lambda q: self.sig_quantity.emit(self.line_no, q))
        self.reason.currentIndexChanged.connect(
            lambda i: self.sig_reason.emit(self.line_no, self.reason.itemData(i)))
        self.variant.currentIndexChanged.connect(
            lambda i: i >= 0 and self.sig_variant.emit(self.line_no, self.variant.itemData(i) or ""))
        self.override_button.clicked.connect(lambda: self.sig_override.emit(self.line_no))

    def _name(self, widget: QWidget, text: str) -> None:
        self._names.append((widget, text))
        widget.setAccessibleName(_("Line {line}: {what}").format(line=self.line_no, what=text))

    def rebind(self, row: LineRow) -> None:
        """Show another order's line in this card (cards are reused: cheaper than new widgets)."""
        self.line_no = row.line_no
        for widget, text in self._names:
            widget.setAccessibleName(_("Line {line}: {what}").format(line=self.line_no, what=text))
        self.variant.blockSignals(True)
        self.variant.clear()
        self.variant.blockSignals(False)
        self.set_row(row)

    def focus_chain(self) -> list[QWidget]:
        """This line's controls in the order Tab visits them."""
        chain: list[QWidget] = [self.include, self.quantity, self.reason, *self.checks.values(),
                                *self.resolution_buttons.values(), self.variant,
                                self.override_button]
        return chain

    def set_row(self, row: LineRow) -> None:
        blockers = [self.include, self.quantity, self.reason, self.variant, self.resolutions,
                    *self.checks.values(), *self.resolution_buttons.values()]
        for widget in blockers:
            widget.blockSignals(True)
        try:
            self._fill(row)
        finally:
            for widget in blockers:
                widget.blockSignals(False)

    def _fill(self, row: LineRow) -> None:
        open_ = row.returnable > 0
        on = row.included
        self.description.setText(f"{row.line_no}. {row.description}")
        self.detail.setText(row.detail)
        self.include.setEnabled(open_)
        self.include.setChecked(on)
        self.quantity.setRange(1, max(1, row.returnable))
        self.quantity.setValue(row.quantity)
        self.quantity.setEnabled(on and row.returnable > 1)
        self.of.setText(_("of {n}").format(n=row.returnable) if open_ else "")
        self.reason.setCurrentIndex(max(0, self.reason.findData(row.reason.value)))
        self.reason.setEnabled(on)
        for name, box in self.checks.items():
            box.setChecked(bool(getattr(row, name)))
            box.setEnabled(on)
        self.checks["defect_confirmed"].setVisible(row.reason is Reason.DEFECTIVE)
        self.resolutions.setExclusive(False)
        for res, button in self.resolution_buttons.items():
            button.setChecked(on and res is row.resolution)
            button.setEnabled(on and res in row.enabled)
        self.resolutions.setExclusive(True)
        exchanging = on and row.resolution is Resolution.EXCHANGE
        self.variant.setVisible(exchanging)
        self.variant_label.setVisible(exchanging)
        if exchanging:
            self._fill_variants(row)
        tone = "denied" if row.denied and not row.override else "allowed"
        set_tone(self.verdict, tone if open_ else "closed")
        self.verdict.setText(row.verdict)
        self.reasons.setText(row.reasons)
        self.amounts.setText(row.amounts)
        self.amounts.setVisible(bool(row.amounts))
        pending = " ".join(t for t in (row.override, row.pending) if t)
        self.pending.setText(pending)
        self.pending.setVisible(bool(pending))
        self.override_button.setVisible(on and row.can_override)
        self.setEnabled(True)

    def _fill_variants(self, row: LineRow) -> None:
        options = row.exchange_options
        wanted = [("", _("Loading sizes and colours…"))] if options is None else (
            [("", _("Choose the size or colour…"))] + [(str(o.variant_id), o.label)
                                                       for o in options])
        have = [(self.variant.itemData(i) or "", self.variant.itemText(i))
                for i in range(self.variant.count())]
        if have != wanted:
            self.variant.clear()
            for data, text in wanted:
                self.variant.addItem(text, data)
        current = str(row.exchange_variant_id) if row.exchange_variant_id else ""
        self.variant.setCurrentIndex(max(0, self.variant.findData(current)))
        self.variant.setEnabled(options is not None and len(options) > 0)
