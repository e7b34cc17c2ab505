"""Helpers for the shell's UI tests: a main window on the demo store, signing in, fake screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from storepos.domain.vocabulary import Role
from storepos.services.counter import Counter
from storepos.ui.shell.main_window import MainWindow, ShellSettings
from storepos.ui.shell.screen import Screen

LONG = ShellSettings(idle_timeout_ms=30 * 60 * 1000)  # tests that are not about the idle time-out


def open_window(qtbot: QtBot, counter: Counter, *, screens: list[type[Screen]] | None = None,
                settings: ShellSettings = LONG) -> MainWindow:
    window = MainWindow(lambda say: counter, settings=settings, screens=screens)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.counter is not None, timeout=30_000)
    return window


def try_sign_in(qtbot: QtBot, window: MainWindow, number: str, pin: str) -> str:
    """Type and press Sign in; the message shown once the answer is back ("" when signed in)."""
    view = window.signin.view
    view.number.setText(number)
    view.pin.setText(pin)
    view.sign_in.click()
    qtbot.waitUntil(lambda: window.actor is not None or view.status.property("role") == "error",
                    timeout=30_000)
    return "" if window.actor is not None else view.status.text()


def sign_in(qtbot: QtBot, window: MainWindow, number: str, pin: str) -> None:
    with qtbot.waitSignal(window.signed_in, timeout=30_000):
        view = window.signin.view
        view.number.setText(number)
        view.pin.setText(pin)
        view.sign_in.click()


def sign_in_as(qtbot: QtBot, window: MainWindow, demo_template: Any, role: Role) -> None:
    from tests.ui.conftest import demo_employee

    employee = demo_employee(demo_template, role)
    sign_in(qtbot, window, employee.number, employee.pin)


class RecordingScreen(Screen):
    """A stand-in feature screen: remembers each on_enter, has a field to type into."""

    keep_user = False

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.entered: list[dict[str, Any]] = []
        self.field = QLineEdit()
        self.field.setAccessibleName(f"{self.name} field")
        QVBoxLayout(self).addWidget(self.field)

    def on_enter(self, **kwargs: Any) -> None:
        self.entered.append(kwargs)

    def can_leave(self) -> bool:
        return not self.keep_user


def recording(name: str, roles: tuple[Role, ...] = (Role.CASHIER, Role.MANAGER, Role.STOCK),
              title: str = "") -> type[RecordingScreen]:
    return type(f"{name.title()}Screen", (RecordingScreen,),
                {"name": name, "title": title or name.title(), "roles": roles})


def fake_features() -> list[type[Screen]]:
    from storepos.ui.home.screen import HomeScreen

    return [
        HomeScreen,
        recording("returns", (Role.CASHIER, Role.MANAGER), "Returns"),
        recording("pickups", title="Pickups"),
        recording("warranty", title="Warranty"),
        recording("giftcards", (Role.CASHIER, Role.MANAGER), "Gift cards"),
    ]
