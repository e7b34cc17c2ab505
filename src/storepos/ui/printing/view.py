"""Print jobs: the table of jobs and the actions on the selected one; signals out, setters in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.printing.model import JobRow, JobsTableModel
from storepos.ui.style import TOUCH_HEIGHT, set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.rows_table import (
    rows_table,
    select_table_row,
    selected_table_row,
)


def _button(text: str, accessible: str) -> TouchButton:
    b = TouchButton(text, accessible_name=accessible)
    b.setMinimumHeight(TOUCH_HEIGHT)
    b.setAutoDefault(False)
    return b


class PrintJobsView(QWidget):
    sig_refresh = Signal()
    sig_selected = Signal(int)  # table row, -1 for none
    sig_reprint = Signal(int)
    sig_send_to = Signal(int, str)  # row, printer name
    sig_cancel = Signal(int)
    sig_preview = Signal(int)

    def __init__(self, model: JobsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintJobsView")
        self.model = model
        self.busy = False  # an action is on the worker (the main window shows the bar)

        top = self._top_row()

        self.notice = QLabel("")  # no printer set up: what a manager can do about it
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(_("Printer set-up"))
        set_role(self.notice, "error")
        self.notice.hide()

        self.table = rows_table(model, _("Print jobs"), stretch=6, row_height=40)
        self.table.setWordWrap(False)

        actions = self._actions_row()

        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(_("Selected job"))
        self.detail.setMinimumHeight(44)
        self.status = QLabel(_("Jobs print in the background; a printer that is off keeps its jobs "
                             "until it is back."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        self.status.setMinimumHeight(44)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(actions)
        layout.addWidget(self.status)

        self._connect()
        self.enable_actions(reprint=False, send=False, cancel=False, preview=False)

    def _top_row(self) -> QHBoxLayout:
        """What the list is, when it was updated, and Refresh."""
        intro = QLabel(_("Every receipt and slip this till printed or will print."))
        intro.setWordWrap(True)
        self.updated = QLabel("")
        self.updated.setAccessibleName(_("Last updated"))
        set_role(self.updated, "hint")
        self.refresh = _button(_("Re&fresh"), _("Refresh the list of print jobs"))
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.updated)
        top.addWidget(self.refresh)
        return top

    def _actions_row(self) -> QHBoxLayout:
        """The selected job: reprint, preview, cancel, or send to another printer."""
        self.reprint = _button(_("&Reprint"), _("Reprint the selected document"))
        self.preview = _button(_("Pre&view"), _("Preview the selected document"))
        self.cancel = _button(_("&Cancel job"), _("Cancel the selected job"))
        send_label = QLabel(_("Send &to"))
        self.printer = QComboBox()
        self.printer.setMinimumHeight(TOUCH_HEIGHT - 4)
        self.printer.setMinimumWidth(170)
        self.printer.setAccessibleName(_("Printer to send to"))
        send_label.setBuddy(self.printer)
        self.send = _button(_("Send"), _("Send the selected job to the chosen printer"))
        actions = QHBoxLayout()
        actions.addWidget(self.reprint)
        actions.addWidget(self.preview)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(send_label)
        actions.addWidget(self.printer)
        actions.addWidget(self.send)
        return actions

    def _connect(self) -> None:
        """Signals out, with the selected row; the tab order along the actions."""
        self.refresh.clicked.connect(self.sig_refresh)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.sig_selected.emit(self.selected_row()))
        self.table.activated.connect(lambda index: self.sig_preview.emit(index.row()))  # Enter
        self.reprint.clicked.connect(lambda: self.sig_reprint.emit(self.selected_row()))
        self.preview.clicked.connect(lambda: self.sig_preview.emit(self.selected_row()))
        self.cancel.clicked.connect(lambda: self.sig_cancel.emit(self.selected_row()))
        self.send.clicked.connect(
            lambda: self.sig_send_to.emit(self.selected_row(), self.printer.currentText()))
        for first, second in ((self.refresh, self.table), (self.table, self.reprint),
                              (self.reprint, self.preview), (self.preview, self.cancel),
                              (self.cancel, self.printer), (self.printer, self.send)):
            self.setTabOrder(first, second)

    def selected_row(self) -> int:
        return selected_table_row(self.table)

    # --- setters the presenter calls ----------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.busy = busy
        self.refresh.setEnabled(not busy)

    def show_status(self, text: str) -> None:
        set_role(self.status, "")
        self.status.setText(text)

    def show_error(self, text: str) -> None:
        set_role(self.status, "error")
        self.status.setText(text)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_detail(self, text: str, problem: bool) -> None:
        set_role(self.detail, "error" if problem else "hint")
        self.detail.setText(text)

    def show_updated(self, text: str) -> None:
        self.updated.setText(text)

    def show_jobs(self, rows: list[JobRow]) -> None:
        self.model.set_rows(rows)

    def show_printers(self, names: list[str], default: str) -> None:
        current = self.printer.currentText()
        if [self.printer.itemText(i) for i in range(self.printer.count())] == names:
            return  # keep what staff chose
        self.printer.clear()
        self.printer.addItems(names)
        keep = current if current in names else default
        if keep:
            self.printer.setCurrentText(keep)

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row)

    def enable_actions(self, *, reprint: bool, send: bool, cancel: bool, preview: bool) -> None:
        self.reprint.setEnabled(reprint)
        self.send.setEnabled(send)
        self.cancel.setEnabled(cancel)
        self.preview.setEnabled(preview)
