"""The Printers screen (managers): view, model and presenter wired to the signed-in context.

    screen = PrintersScreen(context)   # works on its own, or in the main window
    screen.on_enter()                  # lists the printers, then asks each how it is
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout

from storepos.domain.vocabulary import Role
from storepos.i18n import N_
from storepos.services.base.work import Work
from storepos.services.printing.api import PrinterSetupDoor, PrinterSetupServices
from storepos.ui.printers.model import PrintersTableModel
from storepos.ui.printers.presenter import PrintersPresenter
from storepos.ui.printers.view import PrintersView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen

T = TypeVar("T")


class PrintersScreen(Screen):
    name = "printers"
    title = N_("Printers")
    roles = (Role.MANAGER,)  # the service checks it again for every change

    def __init__(self, context: AppContext, door: PrinterSetupDoor | None = None) -> None:
        super().__init__(context)
        self.model = PrintersTableModel()
        self.view = PrintersView(self.model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        alive = {"yes": True}  # a reply that comes back after the screen is gone is dropped
        self.destroyed.connect(lambda *_: alive.update(yes=False))

        def run(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            context.run(action, lambda r: ok(r) if alive["yes"] else None,
                        lambda e: err(e) if alive["yes"] else None)

        def read(action: Work[T], ok: Callable[[T], None], err: Callable[[Exception], None]) -> None:
            context.run(action, lambda r: ok(r) if alive["yes"] else None,
                        lambda e: err(e) if alive["yes"] else None, commit=False)

        self.presenter = PrintersPresenter(self.view, door or PrinterSetupServices(), run, read)
        v, p = self.view, self.presenter
        v.sig_refresh.connect(p.refresh)
        v.sig_check.connect(p.check_status)
        v.sig_selected.connect(p.select)
        v.sig_new.connect(p.new)
        v.sig_add.connect(p.add)
        v.sig_save.connect(p.save)
        v.sig_remove.connect(p.remove)
        v.sig_test.connect(p.test_page)
        v.sig_route.connect(p.route)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(p.refresh)

    def on_enter(self, **kwargs: Any) -> None:
        self.presenter.refresh()
        self.view.table.setFocus()
