"""What every screen gets: the services door, the store, the signed-in employee, and helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from storepos.i18n import _
from storepos.ui.operations import BackgroundRunner

if TYPE_CHECKING:  # kept out of start-up: the sign-in window shows before SQLAlchemy is imported
    from storepos.services.base.context import Actor
    from storepos.services.base.work import Work
    from storepos.services.counter import Counter, StorePlace

T = TypeVar("T")


@dataclass
class AppContext:
    counter: Counter
    place: StorePlace
    runner: BackgroundRunner
    actor: Actor | None = None  # None while nobody is signed in
    # Set by the main window: show another screen ("home", "returns", ...) with arguments. It
    # returns False (and the window says why in words) when that screen is not on this till, the
    # employee's role may not use it, or the screen being left keeps the user (can_leave()).
    navigate: Callable[..., bool] = field(default=lambda name, **kwargs: False)

    def run(self, action: Work[T], on_success: Callable[[T], None],
            on_failure: Callable[[Exception], None], *, commit: bool = True) -> None:
        """A service call for the signed-in employee, off the GUI thread, in one transaction."""
        actor = self.actor
        if actor is None:
            on_failure(RuntimeError(_("Nobody is signed in.")))
            return
        self.runner.run(lambda: self.counter.run(actor, action, commit=commit), on_success, on_failure)
