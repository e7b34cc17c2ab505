"""The pickup screen: status tabs with counts, a scan field, the list, and the moves. No logic:
widgets, `sig_*` signals and setters the presenter calls."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabBar, QVBoxLayout, QWidget

from storepos.domain.pickups import NotifyChannel
from storepos.i18n import _
from storepos.ui.pickups.dialogs import TARGET, HandOverDialog, NotifyDialog
from storepos.ui.pickups.model import PickupLine, PickupsTableModel
from storepos.ui.pickups.presenter import Actions, HandOverInfo
from storepos.ui.widgets.busy import BusyIndicator
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine
from storepos.ui.widgets.rows_table import rows_table
from storepos.ui.widgets.scan import ScanAndStatus, scan_field


class PickupsView(QWidget, ScanAndStatus):
    sig_scanned = Signal(str)
    sig_tab = Signal(int)
    sig_selected = Signal(int)
    sig_mark_ready = Signal()
    sig_notify_clicked = Signal()
    sig_notify = Signal(object, str)  # NotifyChannel | None, note
    sig_notify_cancelled = Signal()
    sig_hand_over_clicked = Signal()
    sig_hand_over = Signal(object)  # HandOverForm
    sig_hand_over_cancelled = Signal()
    sig_send_back = Signal()

    def __init__(self, model: PickupsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PickupsView")
        self.model = model
        base = QFont(self.font())
        base.setPointSize(13)  # read at arm's length
        self.setFont(base)
        self.title = QLabel(_("Pickups"))
        font = QFont(self.title.font())
        font.setPointSize(20)
        font.setBold(True)
        self.title.setFont(font)

        scan_row = self._scan_row()

        self.tabs = QTabBar()
        self.tabs.setAccessibleName(_("Pickup status"))
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDrawBase(False)
        self.tabs.setStyleSheet("QTabBar::tab { min-height: 40px; padding: 0 14px; }")
        self.tabs.currentChanged.connect(self._on_tabs_changed)
        self._showing_tabs = False

        # the customer's name takes the slack
        self.table = rows_table(model, _("Pickups"), stretch=2, row_height=TARGET)
        self.table.horizontalHeader().setFont(base)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.sig_selected.emit(current.row()))
        self.table.activated.connect(lambda _index: self._activate())

        buttons = self._action_buttons()

        self.empty = QLabel("")
        self.empty.setAccessibleName(_("Nothing in this list"))
        self.empty.hide()

        self.busy = BusyIndicator()
        self.status = MessageLine(_("Status"), TARGET)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(scan_row)
        layout.addWidget(self.tabs)
        layout.addWidget(self.busy)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        order = (self.scan, self.scan_button, self.tabs, self.table, self.ready, self.notify,
                 self.hand_over, self.send_back)
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.hand_over_dialog: HandOverDialog | None = None
        self.notify_dialog: NotifyDialog | None = None
        self._actions = Actions()
        self.show_actions(self._actions)

    def _scan_row(self) -> QHBoxLayout:
        """Scan a pickup or order number: scans a parcel in, or opens its hand-over."""
        self.scan = scan_field(_("Scan or type a pickup or order number, then Enter"),
                               _("Scan a pickup"), self.sig_scanned.emit)
        self.scan.setMinimumHeight(TARGET)
        self.scan_button = self._button(_("Scan in"), _("Scan the pickup in, or open its hand-over"))
        self.scan_button.clicked.connect(lambda: self.sig_scanned.emit(self.scan.text()))
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.scan_button)
        return scan_row

    def _action_buttons(self) -> QHBoxLayout:
        """What to do with the selected pickup."""
        self.ready = self._button(_("Mark ready"), _("Mark the pickup ready on the shelf"))
        self.notify = self._button(_("Customer notified …"), _("Record that the customer was told"))
        self.hand_over = self._button(_("Hand over …"), _("Hand the order over to the customer"))
        self.send_back = self._button(_("Send back"), _("Send the uncollected order back"))
        self.ready.clicked.connect(self.sig_mark_ready.emit)
        self.notify.clicked.connect(self.sig_notify_clicked.emit)
        self.hand_over.clicked.connect(self.sig_hand_over_clicked.emit)
        self.send_back.clicked.connect(self.sig_send_back.emit)
        buttons = QHBoxLayout()
        for button in (self.ready, self.notify, self.hand_over):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_back)
        return buttons

    def _button(self, text: str, accessible: str) -> TouchButton:
        button = TouchButton(text, accessible_name=accessible)
        button.setMinimumHeight(TARGET)
        button.setMinimumWidth(120)
        return button

    def _on_tabs_changed(self, index: int) -> None:
        if not self._showing_tabs:
            self.sig_tab.emit(index)

    def _activate(self) -> None:
        if self._actions.hand_over:
            self.sig_hand_over_clicked.emit()
        elif self._actions.ready:
            self.sig_mark_ready.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Escape first clears a half-typed scan; otherwise the main window takes it (home).
        if event.key() == Qt.Key.Key_Escape and self.scan.text():
            self.scan.clear()
            self.scan.setFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- setters the presenter calls ------------------------------------------------------
    def show_title(self, text: str) -> None:
        self.title.setText(text)

    def show_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)
        for button in (self.scan_button, self.ready, self.notify, self.hand_over,
                       self.send_back):
            button.setEnabled(not busy and self._allowed(button))
        if self.hand_over_dialog is not None:
            self.hand_over_dialog.set_busy(busy)

    def _allowed(self, button: TouchButton) -> bool:
        a = self._actions
        return {self.ready: a.ready, self.notify: a.notify, self.hand_over: a.hand_over,
                self.send_back: a.send_back}.get(button, True)

    def show_tabs(self, labels: list[str], current: int) -> None:
        self._showing_tabs = True
        try:
            while self.tabs.count() > len(labels):
                self.tabs.removeTab(self.tabs.count() - 1)
            for i, label in enumerate(labels):
                if i < self.tabs.count():
                    self.tabs.setTabText(i, label)
                else:
                    self.tabs.addTab(label)
                self.tabs.setTabToolTip(i, label)
            self.tabs.setCurrentIndex(current)
        finally:
            self._showing_tabs = False

    def show_lines(self, lines: list[PickupLine]) -> None:
        self.model.set_rows(lines)

    def show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.empty.setVisible(bool(text))

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()

    def show_actions(self, actions: Actions) -> None:
        self._actions = actions
        busy = self.busy.busy
        for button in (self.ready, self.notify, self.hand_over, self.send_back):
            button.setEnabled(not busy and self._allowed(button))

    # --- dialogs --------------------------------------------------------------------------
    def open_hand_over(self, info: HandOverInfo) -> None:
        self.close_hand_over()
        dialog = HandOverDialog(info, self)
        dialog.sig_confirmed.connect(self.sig_hand_over.emit)
        dialog.sig_cancelled.connect(self.sig_hand_over_cancelled.emit)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.hand_over_dialog = dialog
        dialog.ensurePolished()
        dialog.adjustSize()  # to its content in the window's style
        dialog.open()

    def show_hand_over_error(self, text: str) -> None:
        if self.hand_over_dialog is not None:
            self.hand_over_dialog.show_error(text)
        else:
            self.show_error(text)

    def close_hand_over(self) -> None:
        if self.hand_over_dialog is not None:
            self.hand_over_dialog.accept()
            self.hand_over_dialog = None

    def open_notify(self, title: str, channels: list[tuple[NotifyChannel, str]]) -> None:
        self.close_notify()
        dialog = NotifyDialog(title, channels, self)
        dialog.sig_confirmed.connect(self.sig_notify.emit)
        dialog.sig_cancelled.connect(self.sig_notify_cancelled.emit)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.notify_dialog = dialog
        dialog.ensurePolished()
        dialog.adjustSize()  # to its content in the window's style
        dialog.open()

    def show_notify_error(self, text: str) -> None:
        if self.notify_dialog is not None:
            self.notify_dialog.show_error(text)
        else:
            self.show_error(text)

    def close_notify(self) -> None:
        if self.notify_dialog is not None:
            self.notify_dialog.accept()
            self.notify_dialog = None

    def _forget(self, dialog: QWidget) -> None:
        if dialog is self.hand_over_dialog:
            self.hand_over_dialog = None
        if dialog is self.notify_dialog:
            self.notify_dialog = None
        dialog.deleteLater()
