"""The Day screen: the view, the presenter and the day door, wired to the app.

    context.navigate("day")
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QFileDialog, QVBoxLayout

from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import Role
from storepos.i18n import N_, _
from storepos.services.base.work import Actor, Work, WorkSession
from storepos.services.day.api import DayDoor, DayServices
from storepos.services.staff.approvals import Approval
from storepos.ui.day.presenter import DayPresenter, Place
from storepos.ui.day.view import DayView
from storepos.ui.giftcards.approval import run_approved
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.widgets.decision import Decision

T = TypeVar("T")


def _write(path: str, pdf: bytes) -> None:
    Path(path).write_bytes(pdf)


class DayScreen(Screen):
    name = "day"
    title = N_("Open and close the till")
    roles = (Role.CASHIER, Role.MANAGER)  # stock staff don't handle the drawer

    def __init__(self, context: AppContext, door: DayDoor | None = None,
                 choose_pdf: Callable[[str], str | None] | None = None) -> None:
        super().__init__(context)
        self.view = DayView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.approval_dialog: QDialog | None = None  # the last one asked for (tests read it)
        alive = {"yes": True}
        self.destroyed.connect(lambda *_: alive.update(yes=False))

        def run(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            context.run(action, lambda r: ok(r) if alive["yes"] else None,
                        lambda e: err(e) if alive["yes"] else None)

        place = context.place
        self.presenter = DayPresenter(self.view, door or DayServices(), run,
                                      Place(place.locale, place.currency), self._run_approved,
                                      choose_pdf or self._choose_pdf, _write)
        v, p = self.view, self.presenter
        v.sig_counted.connect(p.counted)
        v.sig_open.connect(p.open_till)
        v.sig_close.connect(p.close_day)
        v.sig_paid_in.connect(lambda: p.pay(Movement.PAID_IN))
        v.sig_paid_out.connect(lambda: p.pay(Movement.PAID_OUT))
        v.sig_x_report.connect(p.x_report)
        v.sig_print.connect(p.print_report)
        v.sig_save_pdf.connect(p.save_pdf)

    def _run_approved(self, what: Decision, action: Callable[[WorkSession, Actor, Approval], T],
                      ok: Callable[[T], None], err: Callable[[Exception], None],
                      cancel: Callable[[], None]) -> None:
        self.approval_dialog = run_approved(self, self.context, what, action, ok, err, cancel)

    def _choose_pdf(self, suggested: str) -> str | None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report as a PDF"),
                                                    str(Path.home() / suggested),
                                                    _("PDF files (*.pdf)"))
        return path or None

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.enter()
        self.view.focus_first()
