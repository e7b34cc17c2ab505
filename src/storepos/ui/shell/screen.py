"""What every screen of the counter app is: a widget the main window shows, with a name and roles.

A feature folder (ui/returns/, ui/pickups/, ...) provides a `Screen` subclass built from its view
and presenter, and registers it in ui/shell/registry.py. The main window switches between them.

Life time: the main window makes one instance of each screen per signed-in employee. Signing out
(or the idle time-out) only hides them, so the same employee signing in again finds each screen as
they left it; another employee gets fresh screens (see ui/shell/main_window.py).

Keys: Escape goes back to the home screen unless a widget of the screen takes the key first (a
screen that wants Escape for a step back accepts the key event in its own keyPressEvent).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from storepos.domain.vocabulary import Role

if TYPE_CHECKING:
    from storepos.ui.shell.context import AppContext


class Screen(QWidget):
    name: str = ""  # the key other screens navigate with, e.g. "returns"
    # Shown in the header bar and on the home button: English marked N_("..."), translated where
    # shown (the class is made before anyone chose a language).
    title: str = ""
    roles: tuple[Role, ...] = (Role.CASHIER, Role.MANAGER, Role.STOCK)  # who sees the home button
    on_home: bool = True  # False: no home button, the screen opens from a scan only

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context  # built after set_language: widgets may take _("...") words now
        self.setObjectName(type(self).__name__)

    def on_enter(self, **kwargs: Any) -> None:
        """Called each time the screen is shown; kwargs come from `context.navigate(name, **kwargs)`."""

    def can_leave(self) -> bool:
        """False keeps the screen (e.g. unsaved work the user chose to keep). Nothing saved is lost."""
        return True

    def demo_kwargs(self, session: Any, actor: Any) -> dict[str, Any]:
        """For docs/make_screenshots.py: the on_enter arguments that show this screen with demo data.

        Runs off the GUI thread with a session on the demo database (like a `context.run` action);
        look up a demo order, pickup or card there. The default shows the screen as it opens.
        """
        return {}
