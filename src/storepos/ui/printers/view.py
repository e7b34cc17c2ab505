"""Printers: the table of this till's printers, the form for one, and which printer takes which
document; signals out, setters in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import N_, _
from storepos.services.printing.printers import DOCUMENTS
from storepos.ui.printers.model import PrinterRow, PrintersTableModel
from storepos.ui.printers.presenter import BAUD_RATES, KINDS, Entry
from storepos.ui.style import TOUCH_HEIGHT, set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.combo import WindowComboBox
from storepos.ui.widgets.labels import MessageLine
from storepos.ui.widgets.rows_table import rows_table, select_table_row, selected_table_row

# Marked here, worded where shown.
ROUTE_LABELS = {"receipts": N_("Rece&ipts"), "slips": N_("S&lips"), "reports": N_("Report&s")}
ROUTE_NAMES = {"receipts": N_("Printer for receipts"), "slips": N_("Printer for slips"),
               "reports": N_("Printer for reports")}
SAME_AS_RECEIPTS = N_("Same as receipts")


def _button(text: str, accessible: str, primary: bool = False) -> TouchButton:
    b = TouchButton(text, accessible_name=accessible, primary=primary)
    b.setMinimumHeight(TOUCH_HEIGHT)
    b.setAutoDefault(False)
    return b


def _edit(accessible: str, hint: str = "") -> QLineEdit:
    """A line edit named for screen readers, with a greyed example of what goes in it."""
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(hint)
    return edit


def _labelled(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


class PrintersView(QWidget):
    sig_refresh = Signal()
    sig_check = Signal()
    sig_selected = Signal(int)  # table row
    sig_new = Signal()
    sig_add = Signal()
    sig_save = Signal()
    sig_remove = Signal()
    sig_test = Signal()
    sig_route = Signal(str, str)  # document class, printer name ("" = same as receipts)

    def __init__(self, model: PrintersTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintersView")
        self.model = model
        self.busy = False

        self.table = rows_table(model, _("This till's printers"), stretch=2, row_height=40)
        self.table.setWordWrap(False)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(_("Selected printer"))
        set_role(self.detail, "hint")
        self.status = MessageLine(_("Status"), min_height=44)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(self._top_row())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(self._form())
        layout.addLayout(self._actions_row())
        layout.addLayout(self._routes_row())
        layout.addWidget(self.status)
        self._connect()

    # -- building -------------------------------------------------------------------------------
    def _top_row(self) -> QHBoxLayout:
        intro = QLabel(_("This till's printers, how each is reached, and how each is now."))
        intro.setWordWrap(True)
        self.check = _button(_("Chec&k status"), _("Ask every printer how it is"))
        self.refresh = _button(_("Re&fresh"), _("Read the printers again"))
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.check)
        top.addWidget(self.refresh)
        return top

    def _form(self) -> QGridLayout:
        self.name = _edit(_("Printer name"), _("receipt"))
        self.name.setMaxLength(40)
        self.printer_model = WindowComboBox()
        self.printer_model.setAccessibleName(_("Printer model"))
        self.kind = WindowComboBox()
        self.kind.setAccessibleName(_("Reached by"))
        for kind, words in KINDS:
            self.kind.addItem(_(words), kind)
        self.default = QCheckBox(_("Receipts go to this printer"))
        self.default.setAccessibleName(_("Receipts go to this printer"))

        self.host = _edit(_("Host"), "192.168.1.50")
        self.port = _edit(_("Port"), "9100")
        self.port.setMaximumWidth(110)
        self.usb_id = _edit(_("USB vendor:product"), "04b8:0202")
        self.device = _edit(_("Serial port"), _("/dev/ttyUSB0 or COM3"))
        self.baudrate = WindowComboBox()
        self.baudrate.setAccessibleName(_("Baud rate"))
        self.baudrate.addItems(list(BAUD_RATES))
        self.queue = _edit(_("System printer queue"), "RECEIPT")
        self.path = _edit(_("File"), "/tmp/receipts.bin")
        self.where = QStackedWidget()
        pages: dict[str, list[tuple[str, QWidget, int]]] = {
            "tcp": [(_("&Host"), self.host, 1), (_("P&ort"), self.port, 0)],
            "usb": [(_("&USB id"), self.usb_id, 1)],
            "serial": [(_("&Device"), self.device, 1), (_("Baud &rate"), self.baudrate, 0)],
            "lp": [(_("&Queue"), self.queue, 1)],
            "file": [(_("&Path"), self.path, 1)],
        }
        self._pages: dict[str, int] = {}
        for kind, _words in KINDS:
            page = QWidget()
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            for text, field, stretch in pages[kind]:
                row.addWidget(_labelled(text, field))
                row.addWidget(field, stretch)
            self._pages[kind] = self.where.addWidget(page)

        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        form.addWidget(_labelled(_("Nam&e"), self.name), 0, 0)
        form.addWidget(self.name, 0, 1)
        form.addWidget(_labelled(_("&Model"), self.printer_model), 0, 2)
        form.addWidget(self.printer_model, 0, 3)
        form.addWidget(_labelled(_("Reached &by"), self.kind), 1, 0)
        form.addWidget(self.kind, 1, 1)
        form.addWidget(self.where, 1, 2, 1, 2)
        # A row of its own: beside the five buttons, a long wording (French) had no room left.
        form.addWidget(self.default, 2, 1, 1, 3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 2)
        return form

    def _actions_row(self) -> QHBoxLayout:
        self.new = _button(_("&New"), _("Start a new printer"))
        self.add = _button(_("&Add printer"), _("Add the printer in the form"), primary=True)
        self.save = _button(_("Save &changes"), _("Save the changes to the selected printer"))
        self.remove = _button(_("Remo&ve"), _("Remove the selected printer"))
        self.test = _button(_("&Test page"), _("Print a test page on the selected printer"))
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.new, self.add, self.save, self.remove, self.test):
            row.addWidget(button)
        return row

    def _routes_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Which printer takes:")))
        self.routes: dict[str, WindowComboBox] = {}
        for document in DOCUMENTS:
            box = WindowComboBox()
            box.setAccessibleName(_(ROUTE_NAMES[document]))
            box.setMinimumWidth(150)
            self.routes[document] = box
            row.addWidget(_labelled(_(ROUTE_LABELS[document]), box))
            row.addWidget(box, 1)
        return row

    def _connect(self) -> None:
        self.refresh.clicked.connect(self.sig_refresh)
        self.check.clicked.connect(self.sig_check)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.sig_selected.emit(self.selected_row()))
        self.new.clicked.connect(self.sig_new)
        self.add.clicked.connect(self.sig_add)
        self.save.clicked.connect(self.sig_save)
        self.remove.clicked.connect(self.sig_remove)
        self.test.clicked.connect(self.sig_test)
        self.kind.currentIndexChanged.connect(
            lambda _: self.where.setCurrentIndex(self._pages.get(self.kind.currentData(), 0)))
        for document, box in self.routes.items():  # `activated`: only what staff chose
            box.activated.connect(
                lambda _i, d=document, b=box: self.sig_route.emit(d, b.currentData() or ""))

    def selected_row(self) -> int:
        return selected_table_row(self.table)

    # -- setters the presenter calls ------------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.busy = busy
        self.refresh.setEnabled(not busy)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def show_detail(self, text: str) -> None:
        self.detail.setText(text)

    def show_models(self, models: list[tuple[str, str]]) -> None:
        if [self.printer_model.itemData(i) for i in range(self.printer_model.count())] == \
                [name for name, _ in models]:
            return
        current = self.printer_model.currentData()
        self.printer_model.clear()
        for name, title in models:
            self.printer_model.addItem(title, name)
        if current:
            self.printer_model.setCurrentIndex(max(self.printer_model.findData(current), 0))

    def show_printers(self, rows: list[PrinterRow]) -> None:
        self.model.set_rows(rows)

    def show_routes(self, printers: list[str], routes: dict[str, str]) -> None:
        for document, box in self.routes.items():
            box.blockSignals(True)
            box.clear()
            if document != "receipts":
                box.addItem(_(SAME_AS_RECEIPTS), "")
            elif not routes.get(document):
                box.addItem(_("No printer chosen"), "")
            for name in printers:
                box.addItem(name, name)
            box.setCurrentIndex(max(box.findData(routes.get(document, "")), 0))
            box.setEnabled(bool(printers))
            box.blockSignals(False)

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row)

    def entry(self) -> Entry:
        return Entry(name=self.name.text(), model=self.printer_model.currentData() or "",
                     kind=self.kind.currentData() or "tcp", host=self.host.text(),
                     port=self.port.text(), usb_id=self.usb_id.text(), device=self.device.text(),
                     baudrate=self.baudrate.currentText(), queue=self.queue.text(),
                     path=self.path.text(), default=self.default.isChecked())

    def show_entry(self, entry: Entry, *, editing: bool) -> None:
        self.name.setText(entry.name)
        self.name.setReadOnly(editing)  # a printer keeps its name: jobs are queued under it
        index = self.printer_model.findData(entry.model)
        if index >= 0:
            self.printer_model.setCurrentIndex(index)
        self.kind.setCurrentIndex(max(self.kind.findData(entry.kind), 0))
        self.host.setText(entry.host)
        self.port.setText(entry.port)
        self.usb_id.setText(entry.usb_id)
        self.device.setText(entry.device)
        self.baudrate.setCurrentText(entry.baudrate)
        self.queue.setText(entry.queue)
        self.path.setText(entry.path)
        self.default.setChecked(entry.default)

    def enable_actions(self, *, add: bool, save: bool, remove: bool, test: bool,
                       check: bool) -> None:
        self.add.setEnabled(add)
        self.save.setEnabled(save)
        self.remove.setEnabled(remove)
        self.test.setEnabled(test)
        self.check.setEnabled(check)
