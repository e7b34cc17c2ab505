"""The Day screen's widgets: the count by denomination (notes beside coins), paid in and out,
and the report as the paper prints it; signals out, setters in."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.services.day.api import ReportView
from storepos.ui.style import TOUCH_HEIGHT, set_role
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine

MOST_PIECES = 100_000


def _button(text: str, primary: bool = False) -> TouchButton:
    b = TouchButton(text, primary=primary)
    b.setMinimumHeight(TOUCH_HEIGHT)
    b.setAutoDefault(False)
    return b


class DayView(QWidget):
    sig_counted = Signal()
    sig_open = Signal()
    sig_close = Signal()
    sig_paid_in = Signal()
    sig_paid_out = Signal()
    sig_x_report = Signal()
    sig_print = Signal()
    sig_save_pdf = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self.pieces: dict[str, QSpinBox] = {}
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.heading.setAccessibleName(_("The till's day"))

        self.count_box = QGroupBox(_("Count the drawer"))
        self.count_grid = QGridLayout(self.count_box)
        self.count_grid.setVerticalSpacing(4)
        self.count_total = QLabel()
        self.count_total.setAccessibleName(_("Counted"))
        set_role(self.count_total, "money")
        self.open_button = _button(_("&Open the till"), primary=True)
        self.close_button = _button(_("Count && &close the day"))

        self.amount = QLineEdit()
        self.amount.setAccessibleName(_("Amount paid in or out"))
        self.amount.setPlaceholderText(_("Amount"))
        self.amount.setMaximumWidth(160)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason for paying in or out"))
        self.reason.setPlaceholderText(_("Reason, e.g. change from the bank"))
        self.reason.setMaxLength(300)
        self.paid_in_button = _button(_("Paid &in…"))
        self.paid_out_button = _button(_("Paid o&ut…"))

        self.report_title = QLabel()
        self.report_title.setWordWrap(True)
        self.report = QTextBrowser()
        self.report.setAccessibleName(_("Report"))
        self.report.setOpenLinks(False)
        self.x_button = _button(_("&X report"))
        self.print_button = _button(_("&Print"))
        self.pdf_button = _button(_("Save as P&DF…"))
        self.message = MessageLine(_("Status"), min_height=28)
        self._lay_out()
        self.open_button.clicked.connect(self.sig_open)
        self.close_button.clicked.connect(self.sig_close)
        self.paid_in_button.clicked.connect(self.sig_paid_in)
        self.paid_out_button.clicked.connect(self.sig_paid_out)
        self.x_button.clicked.connect(self.sig_x_report)
        self.print_button.clicked.connect(self.sig_print)
        self.pdf_button.clicked.connect(self.sig_save_pdf)

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        count = QVBoxLayout()
        count.addWidget(self.count_box)
        total_row = QHBoxLayout()
        total_row.addWidget(self.count_total, 1)
        count.addLayout(total_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        count.addLayout(buttons)
        left.addLayout(count)
        left.addStretch(1)
        paid = QGroupBox(_("Paid in or out (a manager approves)"))
        paid_layout = QGridLayout(paid)
        paid_layout.addWidget(self.amount, 0, 0)
        paid_layout.addWidget(self.reason, 0, 1)
        paid_layout.addWidget(self.paid_in_button, 1, 0)
        paid_layout.addWidget(self.paid_out_button, 1, 1)
        paid_layout.setColumnStretch(1, 1)

        right = QVBoxLayout()
        right.addWidget(self.report_title)
        right.addWidget(self.report, 1)
        report_buttons = QHBoxLayout()
        report_buttons.addWidget(self.x_button)
        report_buttons.addWidget(self.print_button)
        report_buttons.addWidget(self.pdf_button)
        right.addLayout(report_buttons)
        right.addWidget(paid)  # beside the count: the screen keeps to 1024x768 in French too

        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addLayout(columns, 1)
        outer.addWidget(self.message)

    # -- setters (DayViewPort) ---------------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.open_button, self.close_button, self.paid_in_button,
                       self.paid_out_button, self.x_button, self.print_button, self.pdf_button):
            button.setEnabled(not busy and button.property("allowed") is not False)

    def show_status(self, text: str) -> None:
        self.message.show_status(text)

    def show_error(self, text: str) -> None:
        self.message.show_error(text)

    def show_denominations(self, rows: list[tuple[str, str, bool]]) -> None:
        """(face, how it reads, note?), largest first: down the left column, then the right (the
        notes first; a note's label is never cut)."""
        while self.count_grid.count():
            item = self.count_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.pieces.clear()
        per_column = (len(rows) + 1) // 2
        for index, (face, words, _note) in enumerate(rows):
            box = QSpinBox()
            box.setRange(0, MOST_PIECES)
            box.setAccessibleName(_("How many of {face}").format(face=words))
            box.setMinimumHeight(30)
            box.setMaximumWidth(110)  # six digits at most: the report keeps the room
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
            box.valueChanged.connect(lambda _n: self.sig_counted.emit())
            label = QLabel(words)
            label.setBuddy(box)
            row, column = index % per_column, 2 * (index // per_column)
            self.count_grid.addWidget(label, row, column)
            self.count_grid.addWidget(box, row, column + 1)
            self.pieces[face] = box

    def counts(self) -> dict[str, int]:
        return {face: box.value() for face, box in self.pieces.items() if box.value()}

    def show_count_total(self, text: str) -> None:
        self.count_total.setText(text)

    def show_day(self, heading: str, can_open: bool, can_close: bool, can_pay: bool) -> None:
        self.heading.setText(heading)
        for button, allowed in ((self.open_button, can_open), (self.close_button, can_close),
                                (self.paid_in_button, can_pay), (self.paid_out_button, can_pay)):
            button.setProperty("allowed", allowed)
            button.setEnabled(allowed and not self.busy)
        for box in self.pieces.values():
            box.setEnabled(can_open or can_close)

    def show_report(self, report: ReportView) -> None:
        self.x_button.setText(_("&Z report") if report.closed else _("&X report"))
        self.report_title.setText(f"<b>{escape(report.title)}</b><br>{escape(report.subtitle)}")
        parts = []
        for section in report.sections:
            rows = "".join(
                f"<tr><td>{'<b>' if r.strong else ''}{escape(r.label)}{'</b>' if r.strong else ''}"
                f"</td><td align='right'>{'<b>' if r.strong else ''}{escape(r.value)}"
                f"{'</b>' if r.strong else ''}</td></tr>" for r in section.rows)
            if not section.rows:
                rows = f"<tr><td colspan='2'><i>{escape(section.empty)}</i></td></tr>"
            parts.append(f"<h4 style='margin:6px 0 2px 0'>{escape(section.title)}</h4>"
                         f"<table width='100%' cellspacing='0' cellpadding='1'>{rows}</table>")
        self.report.setHtml("".join(parts))

    def paid_fields(self) -> tuple[str, str]:
        return self.amount.text(), self.reason.text()

    def clear_paid(self) -> None:
        self.amount.clear()
        self.reason.clear()

    def clear_counts(self) -> None:
        for box in self.pieces.values():
            box.setValue(0)

    def focus_first(self) -> None:
        boxes = list(self.pieces.values())
        if boxes and boxes[0].isEnabled():
            boxes[0].setFocus()
