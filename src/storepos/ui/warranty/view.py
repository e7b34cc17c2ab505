"""The warranty screen: one page at a time (start, inspection, managers' queue, claim ticket).
No logic: widgets, `sig_*` signals, and setters the presenters call."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QImage, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storepos.domain.warranty import DefectCategory
from storepos.i18n import N_, _
from storepos.services.warranty.api import Inspection
from storepos.ui.warranty.model import ClaimLine, ClaimsTableModel
from storepos.ui.warranty.pages import (
    TARGET,
    InspectionPage,
    QueuePage,
    StartPage,
    TicketPage,
)
from storepos.ui.warranty.photos import PhotoViewer, decode
from storepos.ui.warranty.presenter import ClaimHeading, OrderFound, TicketInfo
from storepos.ui.warranty.queue_presenter import DecisionInfo
from storepos.ui.widgets.busy import BusyIndicator
from storepos.ui.widgets.labels import MessageLine

PHOTO_FILTER = N_("Photos (*.jpg *.jpeg *.png *.webp *.heic)")  # worded when shown


class WarrantyView(QWidget):
    sig_find_order = Signal(str, str)  # order number, billing last name
    sig_open_from_order = Signal(object)  # line number or None
    sig_open_from_proof = Signal(str, str)  # proof of purchase, item
    sig_open_claim = Signal(str)  # claim number (typed, scanned, or chosen in the list)
    sig_inspection_changed = Signal(object)  # Inspection
    sig_save = Signal()
    sig_submit = Signal()
    sig_add_photos = Signal(list)  # file paths
    sig_show_queue = Signal()
    sig_queue_selected = Signal(int)
    sig_approve = Signal(object, bool, str)  # Resolution | None, override, credit amount
    sig_deny = Signal()
    sig_print_ticket = Signal()
    sig_save_report = Signal()  # the claim report (PDF, with the photos) of the ticket shown
    sig_repair_done = Signal()
    sig_back = Signal()

    def __init__(self, claims: ClaimsTableModel, queue: ClaimsTableModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WarrantyView")
        self.claims_model, self.queue_model = claims, queue
        base = QFont(self.font())
        base.setPointSize(13)  # read at arm's length
        self.setFont(base)
        self.title = QLabel(_("Warranty claims"))
        font = QFont(self.title.font())
        font.setPointSize(20)
        font.setBold(True)
        self.title.setFont(font)
        self.start, self.inspection = StartPage(claims), InspectionPage()
        self.queue, self.ticket = QueuePage(queue), TicketPage()
        self.pages = QStackedWidget()
        self._pages = {"start": self.start, "inspection": self.inspection,
                       "queue": self.queue, "ticket": self.ticket}
        for page in self._pages.values():
            self.pages.addWidget(page)
        self.busy = BusyIndicator()
        self.status = MessageLine(_("Status"), TARGET)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.busy)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self._filling = False
        self._photos: list[tuple[str, QImage | None]] = []  # the chosen claim's, decoded
        self.photo_viewer: PhotoViewer | None = None  # the one open (tests look at it)
        self._wire()

    def _wire(self) -> None:
        s, i, q, t = self.start, self.inspection, self.queue, self.ticket

        def find() -> None:
            self.sig_find_order.emit(s.order_number.text(), s.last_name.text())

        def open_line() -> None:
            item = s.lines.currentItem()
            self.sig_open_from_order.emit(item.data(Qt.ItemDataRole.UserRole) if item else None)

        def from_proof() -> None:
            self.sig_open_from_proof.emit(s.proof.text(), s.item.text())

        s.order_number.returnPressed.connect(s.last_name.setFocus)
        s.last_name.returnPressed.connect(find)
        s.find_order.clicked.connect(find)
        s.lines.itemActivated.connect(lambda _item: open_line())
        s.open_from_order.clicked.connect(open_line)
        s.proof.returnPressed.connect(s.item.setFocus)
        s.item.returnPressed.connect(from_proof)
        s.open_from_proof.clicked.connect(from_proof)
        s.find_claim.returnPressed.connect(lambda: self.sig_open_claim.emit(s.find_claim.text()))
        s.claims.activated.connect(lambda index: self.sig_open_claim.emit(
            self.claims_model.row_at(index.row()).number))
        s.queue.clicked.connect(self.sig_show_queue.emit)

        i.category.currentIndexChanged.connect(self._changed)
        i.notes.textChanged.connect(self._changed)
        for box in (i.confirmed, i.wear, i.misuse):
            box.toggled.connect(self._changed)
        i.save.clicked.connect(self.sig_save.emit)
        i.submit.clicked.connect(self.sig_submit.emit)
        i.back.clicked.connect(self.sig_back.emit)
        i.add_photos.clicked.connect(self._choose_photos)

        q.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.sig_queue_selected.emit(current.row()))
        q.photos.sig_open.connect(self.open_photo)
        q.approve.clicked.connect(self._approve)
        q.deny.clicked.connect(self.sig_deny.emit)
        q.back.clicked.connect(self.sig_back.emit)

        t.back.clicked.connect(self.sig_back.emit)
        t.print.clicked.connect(self.sig_print_ticket.emit)
        t.report.clicked.connect(self.sig_save_report.emit)
        t.repair_done.clicked.connect(self.sig_repair_done.emit)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # Escape steps back a page; on the start page the main window takes it (home).
        if event.key() == Qt.Key.Key_Escape and self.pages.currentWidget() is not self.start:
            event.accept()
            self.sig_back.emit()
            return
        super().keyPressEvent(event)

    def _changed(self, *_: object) -> None:
        if not self._filling:
            self.sig_inspection_changed.emit(self.inspection_form())

    def inspection_form(self) -> Inspection:
        i = self.inspection
        data = i.category.currentData()  # Qt hands the enum back as its plain str value
        return Inspection(DefectCategory(data) if data else None, i.notes.toPlainText(),
                          i.confirmed.isChecked(), i.wear.isChecked(), i.misuse.isChecked())

    def _choose_photos(self) -> None:
        paths, _chosen_filter = QFileDialog.getOpenFileNames(self, _("Add photos of the defect"), "",
                                                _(PHOTO_FILTER))
        if paths:
            self.sig_add_photos.emit(list(paths))

    def open_photo(self, index: int) -> None:
        """The chosen claim's photo `index`, as large as the window (Escape or Close shuts it)."""
        name, image = self._photos[index]
        if image is None:
            return
        if self.photo_viewer is not None:
            self.photo_viewer.close()
        viewer = self.photo_viewer = PhotoViewer(name, image, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: self._viewer_closed(viewer))
        viewer.open()

    def _viewer_closed(self, viewer: PhotoViewer) -> None:
        if self.photo_viewer is viewer:
            self.photo_viewer = None

    def _approve(self) -> None:
        q = self.queue
        chosen = next((o for o, b in q.outcome_buttons.items() if b.isChecked()), None)
        q.error.setText("")
        self.sig_approve.emit(chosen, q.override.isChecked(), q.amount.text())

    # --- setters the presenters call ------------------------------------------------------
    def show_title(self, text: str) -> None:
        self.title.setText(text)

    def show_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)
        for widget in (self.start.find_order, self.start.open_from_order,
                       self.start.open_from_proof, self.inspection.save,
                       self.inspection.submit, self.inspection.add_photos,
                       self.queue.approve, self.queue.deny, self.ticket.print,
                       self.ticket.repair_done):
            widget.setEnabled(not busy)

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def show_page(self, name: str) -> None:
        page = self._pages[name]
        if self.pages.currentWidget() is not page:
            self.show_status("")  # a message belongs to the page it was said on
        self.pages.setCurrentWidget(page)
        first = {"start": self.start.order_number, "inspection": self.inspection.category,
                 "queue": self.queue.table, "ticket": self.ticket.print}[name]
        first.setFocus()

    def show_queue_button(self, visible: bool, count: int) -> None:
        self.start.queue.setVisible(visible)
        self.start.queue.setText(_("Manager queue ({count})").format(count=count))

    def show_claims(self, lines: list[ClaimLine]) -> None:
        self.claims_model.set_rows(lines)

    def show_order(self, found: OrderFound | None) -> None:
        s = self.start
        s.lines.clear()
        s.order_heading.setText(found.heading if found else
                                _("Find the order, then choose the pair."))
        if found is None:
            return
        for choice in found.lines:
            item = QListWidgetItem(choice.text)
            item.setData(Qt.ItemDataRole.UserRole, choice.line_no)
            if not choice.can_claim:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            s.lines.addItem(item)
        first = next((r for r in range(s.lines.count())
                      if s.lines.item(r).flags() & Qt.ItemFlag.ItemIsEnabled), -1)
        if first >= 0:
            s.lines.setCurrentRow(first)
            s.lines.setFocus()

    def clear_open_forms(self) -> None:
        s = self.start
        for field in (s.order_number, s.last_name, s.proof, s.item, s.find_claim):
            field.clear()
        self.show_order(None)

    def show_claim(self, heading: ClaimHeading, form: Inspection, photos: list[str]) -> None:
        i = self.inspection
        self._filling = True
        try:
            i.heading.setText(_("Claim {number} \u00b7 {status}").format(number=heading.number,
                                                                        status=heading.status))
            i.details.setText("\n".join(heading.details))
            i.category.setCurrentIndex(max(0, i.category.findData(form.category))
                                       if form.category else 0)
            i.notes.setPlainText(form.notes)
            i.confirmed.setChecked(form.defect_confirmed)
            i.wear.setChecked(form.wear_and_tear)
            i.misuse.setChecked(form.misuse)
            i.photos.clear()
            for name in photos:
                i.photos.addItem(name)
        finally:
            self._filling = False

    def add_photo(self, name: str) -> None:
        self.inspection.photos.addItem(name)

    def show_queue(self, lines: list[ClaimLine]) -> None:
        self.queue_model.set_rows(lines)

    def select_queue_row(self, row: int) -> None:
        table = self.queue.table
        if 0 <= row < self.queue_model.rowCount():
            table.selectRow(row)
        else:
            table.clearSelection()

    def show_decision(self, info: DecisionInfo | None) -> None:
        q = self.queue
        q.error.setText("")
        q.amount.clear()
        q.outcomes.setExclusive(False)
        for radio in q.outcome_buttons.values():
            radio.setChecked(False)
        q.outcomes.setExclusive(True)
        self._photos = [(p.filename, decode(p.content)) for p in info.photos] if info else []
        q.photos.show_photos(self._photos)
        if info is None:
            q.summary.setText(_("Choose a claim to see what the policy allows."))
            q.policy.setText("")
            for radio in q.outcome_buttons.values():
                radio.setEnabled(False)
            for widget in (q.override, q.amount, q.approve, q.deny):
                widget.setEnabled(False)
            q.override.setChecked(False)
            return
        q.summary.setText("<b>" + escape(info.number) + "</b><br>"
                          + "<br>".join(escape(line) for line in info.summary))
        q.policy.setText("<b>" + escape(info.policy[0]) + "</b><br>"
                         + "<br>".join(escape(line) for line in info.policy[1:]))
        for choice in info.outcomes:
            radio = q.outcome_buttons[choice.outcome]
            # When nothing is within the policy the policy lines say so once, not on each.
            text = choice.label if choice.allowed or info.must_override else _(
                "{outcome} (outside the policy)").format(outcome=choice.label)
            radio.setText(text if choice.possible else _("{outcome}: {why}").format(
                outcome=choice.label, why=choice.why_not))
            radio.setAccessibleName(radio.text())
            radio.setEnabled(choice.possible)
        allowed = [c for c in info.outcomes if c.allowed and c.possible]
        if len(allowed) == 1:
            q.outcome_buttons[allowed[0].outcome].setChecked(True)
        q.override.setChecked(False)  # an override is the manager's own tick, never a default
        q.override.setEnabled(True)
        q.amount.setVisible(info.needs_amount)
        q.amount.setEnabled(info.needs_amount)
        q.approve.setEnabled(True)
        q.deny.setEnabled(True)

    def show_decision_error(self, text: str) -> None:
        self.queue.error.setText(text)
        self.show_error(text)

    def show_ticket(self, info: TicketInfo) -> None:
        t = self.ticket
        t.title.setText(info.title)
        rows = "".join(
            f"<tr><td style='padding:4px 16px 4px 0; color:#444'>{escape(label)}</td>"
            f"<td style='padding:4px 0'><b>{escape(value)}</b></td></tr>"
            for label, value in info.rows)
        t.body.setText(f"<table>{rows}</table>")
        t.repair_done.setVisible(info.can_complete_repair)
