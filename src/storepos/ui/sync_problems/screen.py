"""The sync problems screen (managers only): view, model and presenter wired to the signed-in
context, the manager approval dialog, and "sync soon" once a decision is saved.

    screen = SyncProblemsScreen(context)     # works on its own, or in the main window
    screen.on_enter()                        # loads the list
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QVBoxLayout

from storepos.domain.vocabulary import Role
from storepos.i18n import N_
from storepos.services.base.work import Work
from storepos.services.staff.approvals import Approval
from storepos.services.sync.api import SyncDoor, SyncServices
from storepos.ui.operations import BackgroundRunner
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen
from storepos.ui.sync_problems.model import ProblemsTableModel
from storepos.ui.sync_problems.presenter import Place, SyncProblemsPresenter
from storepos.ui.sync_problems.view import SyncProblemsView
from storepos.ui.widgets.approval_dialog import request_approval
from storepos.ui.widgets.decision import Decision

log = logging.getLogger(__name__)
T = TypeVar("T")


class SyncProblemsScreen(Screen):
    name = "sync_problems"
    title = N_("Sync problems")
    roles = (Role.MANAGER,)

    def __init__(self, context: AppContext, door: SyncDoor | None = None) -> None:
        super().__init__(context)
        self.model = ProblemsTableModel()
        self.view = SyncProblemsView(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.approval_dialog: QDialog | None = None  # the last one opened (tests fill it in)
        alive = {"yes": True}  # a reply that comes back after the screen is gone is dropped
        self.destroyed.connect(lambda *_: alive.update(yes=False))
        self._alive = alive
        # Its own runner: a sync waits for the central database, and the counter's actions (and
        # the window's busy bar) must not wait behind it.
        self._sync_runner = BackgroundRunner(self)

        def run(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            context.run(action, lambda r: ok(r) if alive["yes"] else None,
                        lambda e: err(e) if alive["yes"] else None)

        p = context.place
        self.presenter = SyncProblemsPresenter(
            self.view, door or SyncServices(lambda: context.counter.sync_link), run,
            Place(p.locale, p.currency, p.time_zone), self._ask_approval, self._sync_soon)
        v, pr = self.view, self.presenter
        v.sig_refresh.connect(pr.refresh)
        v.sig_selected.connect(pr.select)
        v.sig_resolve.connect(pr.resolve)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(pr.refresh)

    def _ask_approval(self, prompt: Decision, reason: str, on_approved: Callable[[Approval], None],
                      on_cancelled: Callable[[], None]) -> None:
        self.approval_dialog = request_approval(self, self.context, prompt, on_approved,
                                                on_cancelled, reason=reason)

    def _sync_soon(self) -> bool:
        """Ask the background sync to send the decision now (after its transaction committed);
        the list is read again once it has. False when this till does not sync."""
        link = self.context.counter.sync_link
        if link is None:
            return False
        alive = self._alive

        def synced(_result: object) -> None:
            if alive["yes"]:
                self.presenter.refresh(quiet=True)

        def failed(exc: Exception) -> None:  # the decision waits in the outbox; sent later
            log.warning("asking for a sync after a sync problem decision failed", exc_info=exc)

        self._sync_runner.run(link.sync_now, synced, failed)
        return True

    @property
    def busy(self) -> bool:
        return self.presenter.busy

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.refresh()
        self.view.table.setFocus()
