"""What every screen of the counter app is: a widget the main window shows, with a name and roles.

A feature folder (ui/returns/, ui/pickups/, ...) provides a `Screen` subclass built from its view
and presenter, and registers it in ui/shell/registry.py. The main window switches between them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from storepos.domain.vocabulary import Role
from storepos.ui.shell.context import AppContext


class Screen(QWidget):
    name: str = ""  # the key other screens navigate with, e.g. "returns"
    title: str = ""  # shown in the header bar and on the home button
    roles: tuple[Role, ...] = (Role.CASHIER, Role.MANAGER, Role.STOCK)  # who sees the home button

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName(type(self).__name__)

    def on_enter(self, **kwargs: Any) -> None:
        """Called each time the screen is shown; kwargs come from `context.navigate(name, **kwargs)`."""

    def can_leave(self) -> bool:
        """False keeps the screen (e.g. unsaved work the user chose to keep). Nothing saved is lost."""
        return True
