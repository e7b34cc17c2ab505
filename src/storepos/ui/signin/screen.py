"""The sign-in page the main window shows whenever nobody is signed in: view + presenter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from storepos.ui.signin.presenter import Runner, SignIn, SignInPresenter
from storepos.ui.signin.view import SignInView


class SignInScreen(QWidget):
    """Not a registered Screen: it is the page shown before anyone is signed in."""

    def __init__(self, runner: Runner, on_signed_in: Callable[[Any], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignInScreen")
        self.view = SignInView()
        self.presenter = SignInPresenter(self.view, runner, on_signed_in)
        self.view.sig_sign_in.connect(self.presenter.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_ready(self, sign_in: SignIn) -> None:
        self.presenter.set_ready(sign_in)

    def on_enter(self, notice: str = "") -> None:
        self.view.clear()
        self.view.show_notice(notice)
        self.view.focus_number()
