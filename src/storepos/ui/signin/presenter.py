"""Sign-in, in plain Python: checks the form, signs in off the GUI thread, says what went wrong.

The service decides and words every refusal (`auth.sign_in`): one message for a wrong number or a
wrong PIN, so the screen never tells which employee numbers exist, and the lockout message after
too many wrong PINs. This presenter shows those words as they are.

The window shows before the store's database is open (start-up stays quick): until `set_ready`,
a sign-in is held and runs as soon as the database is there.

The language: `choose_language` records the employee's choice on the toggle (None until they
press it); the sign-in hands it to the service, which remembers it for their next sign-in here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypeVar

from storepos.domain.errors import StoreposError
from storepos.i18n import _
from storepos.services.base.context import Actor
from storepos.ui.refusals import worded

log = logging.getLogger(__name__)

T = TypeVar("T")



class SignIn(Protocol):
    """`Counter.sign_in`: the signed-in Actor (its `language` the chosen or remembered one);
    raises SignInRefused in words. `language` is passed only when the employee chose one."""

    def __call__(self, employee_number: str, pin: str, /) -> Actor: ...


def _call(sign_in: SignIn, number: str, pin: str, language: str | None) -> Actor:
    if language is None:
        return sign_in(number, pin)
    return sign_in(number, pin, language)  # type: ignore[call-arg]  # Counter.sign_in takes it


class SignInViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def clear_pin(self) -> None: ...
    def clear(self) -> None: ...
    def focus_number(self) -> None: ...
    def focus_pin(self) -> None: ...


class Runner(Protocol):
    """The BackgroundRunner: `work()` off the GUI thread, the callbacks back on it."""

    def run(self, work: Callable[[], T], on_success: Callable[[T], None],
            on_failure: Callable[[Exception], None]) -> None: ...


class SignInPresenter:
    def __init__(self, view: SignInViewPort, runner: Runner,
                 on_signed_in: Callable[[Actor], None]) -> None:
        self._view, self._runner, self._on_signed_in = view, runner, on_signed_in
        self._sign_in: SignIn | None = None
        self._pending: tuple[str, str] | None = None
        self._busy = False
        self.language: str | None = None  # chosen on the toggle for this sign-in; None: not yet

    @property
    def ready(self) -> bool:
        return self._sign_in is not None

    def set_ready(self, sign_in: SignIn) -> None:
        """The database is open: sign-ins go to `sign_in` (a held one runs now)."""
        self._sign_in = sign_in
        pending, self._pending = self._pending, None
        if pending is not None:
            self._start(*pending)
        elif not self._busy:
            self._view.show_status("")

    def choose_language(self, language: str | None) -> None:
        """The toggle: the language for the employee signing in (None: forget the choice)."""
        self.language = language

    def submit(self, number: str, pin: str) -> None:
        """Enter in either field, or the Sign in button."""
        if self._busy:
            return
        number = number.strip()
        if not number:
            self._view.show_error(_("Type your employee number."))
            self._view.focus_number()
            return
        if not pin:
            self._view.show_status(_("Type your PIN."))
            self._view.focus_pin()  # Enter after the number moves on to the PIN
            return
        if self._sign_in is None:
            self._pending = (number, pin)
            self._view.show_busy(True)
            self._view.show_status(_("Opening the store… you are signed in as soon as it is "
                                     "ready."))
            return
        self._start(number, pin)

    def _start(self, number: str, pin: str) -> None:
        assert self._sign_in is not None
        sign_in, language = self._sign_in, self.language
        self._busy = True
        self._view.show_busy(True)
        self._view.show_status(_("Checking…"))
        self._runner.run(lambda: _call(sign_in, number, pin, language), self._succeeded,
                         self._failed)

    def _succeeded(self, actor: Actor) -> None:
        self._busy = False
        self._view.show_busy(False)
        self._view.clear()
        self._on_signed_in(actor)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._view.show_busy(False)
        self._view.clear_pin()  # the number stays; a PIN is typed again
        if isinstance(exc, StoreposError):
            self._view.show_error(worded(exc))
        else:
            log.error("sign-in failed", exc_info=exc)
            self._view.show_error(_("Signing in did not work. Try again; if it keeps failing, "
                                    "restart the app or call a manager."))
        self._view.focus_pin()

    def store_failed(self, message: str) -> None:
        """The database could not be opened: nobody can sign in; say why."""
        self._sign_in = None
        self._pending = None
        self._view.show_busy(False)
        self._view.show_error(message)
