"""The home screen: what the main window shows after sign-in and on Escape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from storepos.i18n import N_
from storepos.ui.home.presenter import HomePresenter
from storepos.ui.home.view import HomeView
from storepos.ui.shell.context import AppContext
from storepos.ui.shell.screen import Screen


class HomeScreen(Screen):
    name = "home"
    title = N_("Home")

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.view = HomeView()
        self.presenter = HomePresenter(self.view, context.run,
                                       lambda name, **kw: context.navigate(name, **kw))
        self.view.sig_scanned.connect(self.presenter.scanned)
        self.view.sig_open.connect(self.presenter.open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_workflows(self, workflows: Sequence[tuple[str, str]]) -> None:
        """Set by the main window: the (name, title) of each screen this employee's role may use."""
        self.view.show_workflows(workflows)

    def on_enter(self, **kwargs: Any) -> None:
        self.view.focus_scan()
