"""Sync problems: the list, the selected problem in full, and the decision form (what was done,
why, Resolve …); signals out, setters in. No logic."""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from storepos.i18n import _
from storepos.ui.style import TOUCH_HEIGHT, plain_scroll_area, set_role
from storepos.ui.sync_problems.model import ProblemRow, ProblemsTableModel
from storepos.ui.widgets.buttons import TouchButton
from storepos.ui.widgets.labels import MessageLine
from storepos.ui.widgets.rows_table import (
    rows_table,
    select_table_row,
    selected_table_row,
)

ROW_HEIGHT = 40
# The list's source when it is not the store's central list (offline, or a till that does not
# sync): a pale yellow band, like the main window's notices.

def _button(text: str, accessible: str, *, primary: bool = False) -> TouchButton:
    b = TouchButton(text, accessible_name=accessible, primary=primary)
    b.setMinimumHeight(TOUCH_HEIGHT)
    b.setAutoDefault(False)
    return b


class SyncProblemsView(QWidget):
    sig_refresh = Signal()
    sig_selected = Signal(int)  # table row, -1 for none
    sig_resolve = Signal(int, str, str)  # row, outcome code ("" for none), why

    def __init__(self, model: ProblemsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SyncProblemsView")
        self.model = model
        self._busy = False
        self._can_resolve = False

        top = self._top_row()
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(_("Where the list comes from"))
        self.banner.setObjectName("ListSource")  # counter.qss
        set_role(self.banner, "hint")

        self.table = rows_table(model, _("Sync problems"), stretch=4, row_height=ROW_HEIGHT)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(ROW_HEIGHT * 3 + 44)  # the header and three problems
        scroll = self._detail()
        form = self._decision_form()
        detail_row = QHBoxLayout()
        detail_row.setSpacing(12)
        detail_row.addWidget(scroll, 1)
        detail_row.addLayout(form, 1)

        self.status = MessageLine(_("Status"), min_height=30)
        # True whether the till syncs or not (the banner says which).
        self.status.show_status(_("Each decision is kept with the manager's name and the reason."))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 3)
        layout.addLayout(detail_row, 4)
        layout.addWidget(self.status)

        self.refresh.clicked.connect(self.sig_refresh)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.sig_selected.emit(self.selected_row()))
        self.resolve.clicked.connect(self._emit_resolve)
        self.why.returnPressed.connect(self._emit_resolve)
        self.enable_resolve(False)

    def _top_row(self) -> QHBoxLayout:
        """What the list is, and Refresh."""
        intro = QLabel(_("Events the central database refused or flagged: settle each one."))
        intro.setWordWrap(True)
        self.refresh = _button(_("Re&fresh"), _("Refresh the list of sync problems"))
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.refresh)
        return top

    def _detail(self) -> QScrollArea:
        """The selected problem, in full (scrolls when the central side wrote a lot)."""
        self.detail_title = QLabel("")
        self.detail_title.setAccessibleName(_("The problem"))
        self.detail_title.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(_("What happened"))
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.setContentsMargins(0, 0, 8, 0)
        about_layout.setSpacing(4)
        about_layout.addWidget(self.detail_title)
        about_layout.addWidget(self.detail)
        about_layout.addStretch(1)
        return plain_scroll_area(about)

    def _decision_form(self) -> QVBoxLayout:
        """The decision: what was done, why, and the manager's PIN (Resolve …)."""
        done_label = QLabel(_("<b>What was done</b>"))
        self.outcomes = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        self._choices: list[tuple[str, str]] = []
        self._outcome_box = QVBoxLayout()
        self._outcome_box.setSpacing(0)
        self.why = QLineEdit()
        self.why.setAccessibleName(_("Why: kept with the decision"))
        self.why.setPlaceholderText(_("What was done, and by whom"))
        self.why.setMaxLength(300)
        why_label = QLabel(_("&Why (kept with the decision)"))
        why_label.setBuddy(self.why)
        bold = why_label.font()
        bold.setBold(True)
        why_label.setFont(bold)
        self.resolve = _button(_("&Resolve …"), _("Resolve the selected problem with a manager PIN"),
                               primary=True)
        resolve_row = QHBoxLayout()
        resolve_row.addStretch(1)
        resolve_row.addWidget(self.resolve)
        form = QVBoxLayout()
        form.setSpacing(4)
        form.addWidget(done_label)
        form.addLayout(self._outcome_box)
        form.addStretch(1)
        form.addWidget(why_label)
        form.addWidget(self.why)
        form.addSpacing(4)
        form.addLayout(resolve_row)
        return form

    def _emit_resolve(self) -> None:
        self.sig_resolve.emit(self.selected_row(), self.chosen_outcome(), self.why.text())

    def selected_row(self) -> int:
        return selected_table_row(self.table)

    def chosen_outcome(self) -> str:
        checked = self.outcomes.checkedButton()
        return str(checked.property("outcome")) if checked is not None else ""

    def _fix_tab_order(self) -> None:
        order = [self.refresh, self.table, *self.outcome_buttons.values(), self.why, self.resolve]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # --- setters the presenter calls ----------------------------------------------------------
    def show_busy(self, busy: bool) -> None:
        self._busy = busy
        self.refresh.setEnabled(not busy)
        self.resolve.setEnabled(self._can_resolve and not busy)

    def enable_resolve(self, enabled: bool) -> None:
        self._can_resolve = enabled
        self.resolve.setEnabled(enabled and not self._busy)

    def show_banner(self, text: str, local: bool) -> None:
        set_role(self.banner, "notice" if local else "hint")
        self.banner.setText(text)

    def show_problems(self, rows: list[ProblemRow]) -> None:
        self.model.set_rows(rows)

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row)

    def show_detail(self, title: str, lines: list[str]) -> None:
        set_role(self.detail_title, "subtitle" if title else "hint")
        self.detail_title.setText(f"<b>{escape(title)}</b>" if title else "")
        self.detail_title.setVisible(bool(title))
        self.detail.setText("<br>".join(escape(line) for line in lines))

    def show_outcomes(self, choices: list[tuple[str, str]]) -> None:
        """The radio buttons for this kind of problem; kept (with the choice) when the same."""
        if choices == self._choices:
            return
        for radio in self.outcome_buttons.values():
            self.outcomes.removeButton(radio)
            self._outcome_box.removeWidget(radio)
            radio.deleteLater()
        self.outcome_buttons = {}
        self._choices = list(choices)
        for code, words in choices:
            radio = QRadioButton(words)
            radio.setProperty("outcome", code)
            radio.setAccessibleName(words)
            radio.setMinimumHeight(TOUCH_HEIGHT - 8)
            self.outcomes.addButton(radio)
            self._outcome_box.addWidget(radio)
            self.outcome_buttons[code] = radio
        self._fix_tab_order()

    def show_status(self, text: str) -> None:
        self.status.show_status(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def form(self) -> tuple[str, str]:
        return self.chosen_outcome(), self.why.text()

    def set_form(self, outcome: str, why: str) -> None:
        """What was done and why, as chosen and typed ("" and "": an empty form)."""
        self.outcomes.setExclusive(False)
        for code, radio in self.outcome_buttons.items():
            radio.setChecked(code == outcome)
        self.outcomes.setExclusive(True)
        self.why.setText(why)
