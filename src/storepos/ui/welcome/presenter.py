"""The first start's logic: the demo door, or joining the chain on the background runner.

`join(address, code, ca_file)` is the services' `join_chain` for this till's database (the same
function `storepos setup` runs); it answers a `Joined` or raises a StoreposError in words, which
is shown in the dialog with everything typed left as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from storepos.domain.errors import StoreposError
from storepos.i18n import _
from storepos.ui.operations import BackgroundRunner
from storepos.ui.welcome.view import DoorsWindow, JoinDialog

if TYPE_CHECKING:  # the doors show before SQLAlchemy loads; joining imports it on the worker
    from storepos.services.sync.joining import Joined

log = logging.getLogger(__name__)

Join = Callable[[str, str, str | None], "Joined"]


class FirstStart:
    """Wires the doors window: `on_demo()` or `on_joined(joined)` is called once, then it closes."""

    def __init__(self, window: DoorsWindow, runner: BackgroundRunner, join: Join,
                 on_demo: Callable[[], None], on_joined: Callable[[Joined], None]) -> None:
        self.window = window
        self.runner = runner
        self._join = join
        self._on_demo = on_demo
        self._on_joined = on_joined
        self.dialog: JoinDialog | None = None
        window.demo_chosen.connect(self.open_demo)
        window.join_chosen.connect(self.ask_to_join)

    def open_demo(self) -> None:
        self.window.show_status(_("Opening the demo store…"))
        self._on_demo()

    def ask_to_join(self) -> None:
        if self.dialog is None:  # one dialog, kept: what was typed survives Cancel too
            self.dialog = JoinDialog(self.window)
            self.dialog.sig_join.connect(self.join)
        self.dialog.show_status("")
        self.dialog.open()
        self.dialog.address.setFocus()

    def join(self, address: str, code: str, ca_file: str) -> None:
        dialog = self.dialog
        assert dialog is not None
        dialog.show_busy(True)
        dialog.show_status(_("Asking the service at {address}…").format(address=address.strip()))
        self.runner.run(lambda: self._join(address, code, ca_file or None), self._joined,
                        self._refused)

    def _joined(self, joined: Joined) -> None:
        assert self.dialog is not None
        self.dialog.show_busy(False)
        self.dialog.show_status(joined.sentence())
        self.dialog.accept()
        self.window.show_status(joined.sentence())
        self._on_joined(joined)

    def _refused(self, exc: Exception) -> None:
        assert self.dialog is not None
        if isinstance(exc, StoreposError):
            words = exc.message
        else:
            log.error("joining the chain failed", exc_info=exc)
            words = _("Joining failed ({problem}). Nothing was kept on this till; try again, or "
                      "call head office.").format(problem=f"{type(exc).__name__}: {exc}")
        self.dialog.show_busy(False)
        self.dialog.show_error(words)
