"""The print jobs screen: the jobs table, refreshed every few seconds while it is shown."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QVBoxLayout

from storepos.i18n import N_
from storepos.services.base.work import Work
from storepos.services.printing.api import PrintingServices
from storepos.ui.operations import BackgroundRunner
from storepos.ui.printing.model import JobsTableModel
from storepos.ui.printing.presenter import PrintJobsPresenter
from storepos.ui.printing.preview import PrintPreviewDialog, show_receipt_preview
from storepos.ui.printing.view import PrintJobsView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen

T = TypeVar("T")
REFRESH_MS = 3000
_quiet_runner: BackgroundRunner | None = None


def quiet_runner() -> BackgroundRunner:
    """One runner for every screen's timed refreshes: nobody waits for them, so the window's busy
    bar does not blink every few seconds. It lives as long as the app, so a refresh still on the
    worker when a screen goes away always has a live object to answer to."""
    global _quiet_runner
    if _quiet_runner is None:
        _quiet_runner = BackgroundRunner()
    return _quiet_runner


class PrintJobsScreen(Screen):
    name = "print_jobs"
    title = N_("Print jobs")

    def __init__(self, context: AppContext, *, refresh_ms: int = REFRESH_MS) -> None:
        super().__init__(context)
        self.model = JobsTableModel()
        self.view = PrintJobsView(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.preview_dialog: PrintPreviewDialog | None = None  # the last one opened
        alive = {"yes": True}  # a reply that comes back after the screen is gone is dropped
        self.destroyed.connect(lambda *_: alive.update(yes=False))

        def run(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            context.run(action, lambda r: ok(r) if alive["yes"] else None,
                        lambda e: err(e) if alive["yes"] else None)

        self.poller = quiet_runner()

        def poll(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            actor = context.actor
            if actor is None:
                return
            self.poller.run(lambda: context.counter.run(actor, action, commit=False),
                            lambda r: ok(r) if alive["yes"] else None,
                            lambda e: err(e) if alive["yes"] else None)

        self.presenter = PrintJobsPresenter(
            self.view, PrintingServices(), run, context.place.time_zone, context.place.locale,
            self._open_preview, poll=poll,
        )
        v, p = self.view, self.presenter
        v.sig_refresh.connect(p.refresh)
        v.sig_selected.connect(p.select)
        v.sig_reprint.connect(p.reprint)
        v.sig_send_to.connect(p.send_to)
        v.sig_cancel.connect(p.cancel)
        v.sig_preview.connect(p.preview)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(lambda: p.refresh(quiet=True))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(p.refresh)

    def _open_preview(self, job_id: uuid.UUID, title: str) -> None:
        self.preview_dialog = show_receipt_preview(self, self.context, job_id, title)

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.refresh()
        self.view.table.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.timer.start()  # only while staff can see it

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        self.timer.stop()
        super().hideEvent(event)
