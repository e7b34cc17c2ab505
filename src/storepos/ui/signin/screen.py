"""The sign-in page the main window shows whenever nobody is signed in: view + presenter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from storepos.ui.signin.presenter import Runner, SignIn, SignInPresenter
from storepos.ui.signin.set_pin import SetPinDialog, SetUpPin
from storepos.ui.signin.view import SignInView


class SignInScreen(QWidget):
    """Not a registered Screen: it is the page shown before anyone is signed in."""

    language_chosen = Signal(str)  # "en", "fr": the toggle; the main window speaks it

    def __init__(self, runner: Runner, on_signed_in: Callable[[Any], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInScreen")
        self.view = SignInView()
        self.presenter = SignInPresenter(self.view, runner, on_signed_in)
        self.view.sig_sign_in.connect(self.presenter.submit)
        self.view.sig_set_pin.connect(self.open_set_pin)
        self.view.sig_language.connect(self._choose_language)
        self._runner, self._on_signed_in = runner, on_signed_in
        self._set_up_pin: SetUpPin | None = None
        self.set_pin_dialog: SetPinDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_ready(self, sign_in: SignIn, set_up_pin: SetUpPin | None = None) -> None:
        """`set_up_pin` when the till is set up with head office's service (its staff choose
        their PIN through it); without it the till's staff have their PINs already."""
        self._set_up_pin = set_up_pin
        self.view.show_set_pin(set_up_pin is not None)
        self.presenter.set_ready(sign_in)

    def open_set_pin(self, number: str = "") -> SetPinDialog | None:
        """The set-your-PIN dialog over the sign-in page; signed in once it is done."""
        if self._set_up_pin is None:
            return None
        set_up, language = self._set_up_pin, self.presenter.language

        def with_language(number: str, code: str, pin: str, again: str) -> Any:
            return set_up(number, code, pin, again, language)  # type: ignore[call-arg]

        dialog = SetPinDialog(self._runner, with_language if language else set_up,
                              self._signed_in, self, number)
        dialog.finished.connect(dialog.deleteLater)
        self.set_pin_dialog = dialog
        dialog.open()
        return dialog

    def _choose_language(self, language: str) -> None:
        self.presenter.choose_language(language)
        self.language_chosen.emit(language)

    def show_language(self, language: str) -> None:
        """The page is now in `language`: its words, and the toggle pressed on it."""
        self.view.retranslate()
        self.view.show_language(language)

    def _signed_in(self, actor: Any) -> None:
        self.view.clear()
        self._on_signed_in(actor)

    def on_enter(self, notice: str | Callable[[], str] = "") -> None:
        self.presenter.choose_language(None)  # the next employee chooses afresh
        self.view.clear()
        self.view.show_notice(notice)
        self.view.focus_number()
