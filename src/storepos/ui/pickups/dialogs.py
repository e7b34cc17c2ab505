"""The pickup screen's two dialogs: the hand-over (ID check and payment) and "customer notified".

Both open without blocking (`open()`), keep everything typed when the service says no, and close
only when the presenter says it worked. Enter confirms, Escape cancels.
"""

from __future__ import annotations

from html import escape
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from storepos.domain.pickups import NotifyChannel
from storepos.domain.vocabulary import TenderKind
from storepos.i18n import _, pgettext
from storepos.ui.pickups.presenter import HandOverForm, HandOverInfo
from storepos.ui.style import set_role
from storepos.ui.widgets.buttons import TouchButton

TARGET = 44  # px: big enough for a finger


_W = TypeVar("_W", bound=QWidget)


def _tall(widget: _W) -> _W:
    widget.setMinimumHeight(TARGET)
    return widget


def _buttons(ok: TouchButton, cancel: TouchButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in (cancel, ok):
        _tall(button)
        button.setMinimumWidth(140)
        row.addWidget(button)
    ok.setDefault(True)
    ok.setAutoDefault(True)
    cancel.setAutoDefault(False)
    return row


class HandOverDialog(QDialog):
    sig_confirmed = Signal(object)  # HandOverForm
    sig_cancelled = Signal()

    def __init__(self, info: HandOverInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HandOverDialog")
        self.setWindowTitle(_("Hand over {number}").format(number=info.pickup_number))
        self.setMinimumWidth(640)
        self.info = info
        heading = QLabel(_("<b>Order {order}</b> for <b>{customer}</b><br>Pickup {number}").format(
            order=escape(info.order_number), customer=escape(info.customer),
            number=escape(info.pickup_number)))
        heading.setAccessibleName(_("Order being handed over"))
        self.note = QLabel(info.note)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(info.note))

        form = self._id_check_form()
        self._payment_rows(form, info)
        self._form = form
        self.method.currentIndexChanged.connect(self._show_payment_fields)
        self._show_payment_fields()

        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        set_role(self.error, "error")
        self.ok = TouchButton(_("Hand over"), accessible_name=_("Hand over the order"), primary=True)
        self.cancel = TouchButton(_("Cancel"), accessible_name=_("Cancel the hand-over"))
        self.ok.clicked.connect(self._confirm)
        self.cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(_buttons(self.ok, self.cancel))
        self.last_name.setFocus()

    def _id_check_form(self) -> QFormLayout:
        """The photo ID check: the last name on it, and that it was checked."""
        self.last_name = _tall(QLineEdit())
        self.last_name.setPlaceholderText(_("As printed on the ID"))
        self.last_name.setAccessibleName(_("Last name on the photo ID"))
        self.id_checked = _tall(QCheckBox(pgettext("hand-over checkbox", "Photo ID checked")))
        self.id_checked.setAccessibleName(pgettext("hand-over checkbox", "Photo ID checked"))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        # The fields take the dialog's width (the platform default keeps them at their hint, and
        # a long French label left them too narrow for their hint text).
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Last name on the ID"), self.last_name)
        form.addRow("", self.id_checked)
        return form

    def _payment_rows(self, form: QFormLayout, info: HandOverInfo) -> None:
        """What is still to pay and how the customer pays it (nothing when paid online)."""
        self.method = _tall(QComboBox())
        self.method.setAccessibleName(_("Payment method"))
        self.card_brand = _tall(QLineEdit())
        self.card_brand.setPlaceholderText(_("VISA, Mastercard …"))
        self.card_brand.setAccessibleName(_("Card brand"))
        self.card_last4 = _tall(QLineEdit())
        self.card_last4.setPlaceholderText(_("Last 4 digits only"))
        self.card_last4.setMaxLength(4)
        self.card_last4.setAccessibleName(_("Card last four digits"))
        self.reference = _tall(QLineEdit())
        self.reference.setPlaceholderText(_("From the terminal's slip"))
        self.reference.setAccessibleName(_("Authorisation reference"))
        self.account = _tall(QLineEdit())
        self.account.setPlaceholderText(_("Scan or type the card number"))
        self.account.setAccessibleName(_("Gift card or store credit number"))
        self.due = QLabel()
        self.due.setWordWrap(True)
        if info.amount_due:
            self.due.setText("<b>" + escape(_("To pay: {amount}").format(amount=info.amount_due))
                             + "</b>")
            self.due.setAccessibleName(_("To pay: {amount}").format(amount=info.amount_due))
            self.method.addItem(_("Choose how the customer pays …"), None)
            for kind, words in info.methods:
                self.method.addItem(words, kind)
            form.addRow("", self.due)
            form.addRow(_("Paid with"), self.method)
            form.addRow(_("Card brand"), self.card_brand)
            form.addRow(_("Card last 4"), self.card_last4)
            form.addRow(_("Authorisation"), self.reference)
            form.addRow(_("Card number"), self.account)
        else:
            self.due.setText(_("Already paid online: nothing to take."))
            form.addRow("", self.due)

    def _method(self) -> TenderKind | None:
        data = self.method.currentData()  # Qt hands the enum back as its plain str value
        return TenderKind(data) if data else None

    def _show_payment_fields(self) -> None:
        if not self.info.amount_due:
            return
        kind = self._method()
        card = kind is TenderKind.CARD
        account = kind in (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT)
        for widget, shown in ((self.card_brand, card), (self.card_last4, card),
                              (self.reference, card), (self.account, account)):
            self._form.setRowVisible(widget, shown)
        if self.isVisible():
            self.adjustSize()

    def form(self) -> HandOverForm:
        return HandOverForm(
            id_last_name=self.last_name.text(), photo_id_checked=self.id_checked.isChecked(),
            method=self._method(), card_brand=self.card_brand.text(),
            card_last4=self.card_last4.text(), reference=self.reference.text(),
            account_number=self.account.text(),
        )

    def choose_method(self, kind: TenderKind) -> None:
        self.method.setCurrentIndex(self.method.findData(kind))

    def _confirm(self) -> None:
        self.error.setText("")
        self.sig_confirmed.emit(self.form())

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)

    def reject(self) -> None:
        self.sig_cancelled.emit()
        super().reject()


class NotifyDialog(QDialog):
    sig_confirmed = Signal(object, str)  # NotifyChannel | None, note
    sig_cancelled = Signal()

    def __init__(self, question: str, channels: list[tuple[NotifyChannel, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NotifyDialog")
        self.setWindowTitle(_("Customer notified"))
        self.setMinimumWidth(520)
        label = QLabel(question)
        label.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.buttons: dict[NotifyChannel, QRadioButton] = {}
        row = QHBoxLayout()
        for channel, words in channels:
            button = _tall(QRadioButton(words))
            button.setAccessibleName(_("Told by: {channel}").format(channel=words))
            self.group.addButton(button)
            self.buttons[channel] = button
            row.addWidget(button)
        row.addStretch(1)
        self.note = _tall(QLineEdit())
        self.note.setPlaceholderText(_("Optional: e.g. left a voicemail"))
        self.note.setAccessibleName(_("Note"))
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem"))
        set_role(self.error, "error")
        self.ok = TouchButton(_("Record"), accessible_name=_("Record that the customer was told"),
                              primary=True)
        self.cancel = TouchButton(_("Cancel"), accessible_name=_("Cancel"))
        self.ok.clicked.connect(self._confirm)
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(QLabel(_("Note")))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addLayout(_buttons(self.ok, self.cancel))
        if channels:
            self.buttons[channels[0][0]].setFocus()

    def choose(self, channel: NotifyChannel) -> None:
        self.buttons[channel].setChecked(True)

    def channel(self) -> NotifyChannel | None:
        return next((c for c, b in self.buttons.items() if b.isChecked()), None)

    def _confirm(self) -> None:
        self.error.setText("")
        self.sig_confirmed.emit(self.channel(), self.note.text())

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def reject(self) -> None:
        self.sig_cancelled.emit()
        super().reject()
