"""Sign-in: employee number + PIN; plain refusals (never which numbers exist), lockout in words."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Role
from storepos.services.base.context import Actor
from storepos.services.staff.auth import WRONG_PIN, SignInRefused
from storepos.ui.signin.presenter import SignInPresenter
from tests.ui.conftest import demo_employee
from tests.ui.shell_world import open_window, try_sign_in


# --- presenter, with a fake view ------------------------------------------------------------------
class FakeView:
    def __init__(self) -> None:
        self.busy, self.status, self.error, self.focus = False, "", "", ""
        self.pin_cleared = self.cleared = 0

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text

    def clear_pin(self) -> None:
        self.pin_cleared += 1

    def clear(self) -> None:
        self.cleared += 1

    def focus_number(self) -> None:
        self.focus = "number"

    def focus_pin(self) -> None:
        self.focus = "pin"


class InlineRunner:
    def __init__(self) -> None:
        self.jobs = 0

    def run(self, work, on_success, on_failure):  # type: ignore[no-untyped-def]
        self.jobs += 1
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001
            on_failure(exc)
        else:
            on_success(result)


@pytest.fixture
def parts():  # type: ignore[no-untyped-def]
    view, runner, signed = FakeView(), InlineRunner(), []
    return view, runner, signed, SignInPresenter(view, runner, signed.append)


def fake_sign_in(number: str, pin: str) -> Actor:
    """`Counter.sign_in` without a database: the PINs below are refused, any other signs in."""
    if pin == "0000":
        raise SignInRefused(WRONG_PIN)
    if pin == "12":
        raise InvalidInput("A PIN is 4 to 8 digits long.")
    if pin == "9999":
        raise OSError("disk I/O error")
    return Actor(uuid.uuid4(), number, f"Employee {number}", Role.CASHIER, uuid.uuid4(),
                 "America/Toronto", uuid.uuid4(), "TOR1")


def test_a_blank_number_is_asked_for_and_enter_after_the_number_moves_to_the_pin(parts) -> None:  # type: ignore[no-untyped-def]
    view, runner, _signed, presenter = parts
    presenter.set_ready(fake_sign_in)
    presenter.submit("  ", "1357")
    assert view.error == "Type your employee number." and view.focus == "number"
    presenter.submit("102", "")
    assert view.focus == "pin" and view.error == "" and runner.jobs == 0


def test_signing_in_hands_over_the_actor_and_clears_the_form(parts) -> None:  # type: ignore[no-untyped-def]
    view, _runner, signed, presenter = parts
    presenter.set_ready(fake_sign_in)
    presenter.submit(" 102 ", "1357")
    assert [a.employee_number for a in signed] == ["102"] and view.cleared == 1 and view.busy is False


def test_refusals_are_shown_as_the_service_words_them_and_only_the_pin_is_cleared(parts) -> None:  # type: ignore[no-untyped-def]
    view, _runner, signed, presenter = parts
    presenter.set_ready(fake_sign_in)
    presenter.submit("102", "0000")
    assert view.error == WRONG_PIN and view.pin_cleared == 1 and view.cleared == 0
    assert view.focus == "pin" and view.busy is False and signed == []
    presenter.submit("102", "12")
    assert view.error == "A PIN is 4 to 8 digits long."
    presenter.submit("102", "9999")  # not a StoreposError: no technical words, what to do instead
    assert view.error.startswith("Signing in did not work. Try again")


def test_a_sign_in_before_the_database_is_open_waits_for_it(parts) -> None:  # type: ignore[no-untyped-def]
    view, runner, signed, presenter = parts
    presenter.submit("102", "1357")
    assert runner.jobs == 0 and view.busy is True and "Opening the store" in view.status
    presenter.set_ready(fake_sign_in)
    assert [a.employee_number for a in signed] == ["102"]


def test_a_store_that_cannot_open_says_why(parts) -> None:  # type: ignore[no-untyped-def]
    view, _runner, _signed, presenter = parts
    presenter.submit("102", "1357")
    presenter.store_failed("Till TOR9 is not set up in this database.")
    assert view.error == "Till TOR9 is not set up in this database." and view.busy is False


# --- the sign-in page of the main window, on the demo store ---------------------------------------
def test_the_pin_is_masked_and_the_fields_are_named(qtbot, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    view = window.signin.view
    assert view.pin.echoMode() == QLineEdit.EchoMode.Password
    assert view.number.accessibleName() == "Employee number" and view.pin.accessibleName() == "PIN"
    assert view.sign_in.accessibleName() == "Sign in" and view.sign_in.height() >= 48
    assert window.stack.currentWidget() is window.signin and view.number.hasFocus()
    assert window.signin.view.store.text().startswith(window.place.store_name)


def test_wrong_pins_and_unknown_numbers_get_the_same_words(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    cashier = demo_employee(demo_template, Role.CASHIER)
    wrong = "0000" if cashier.pin != "0000" else "1111"
    assert try_sign_in(qtbot, window, cashier.number, wrong) == WRONG_PIN
    assert window.signin.view.number.text() == cashier.number  # what was typed stays
    assert window.signin.view.pin.text() == ""
    assert try_sign_in(qtbot, window, "99999", "1234") == WRONG_PIN
    assert window.actor is None


def test_five_wrong_pins_lock_the_employee_and_say_so_plainly(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    cashier = demo_employee(demo_template, Role.CASHIER)
    wrong = "0000" if cashier.pin != "0000" else "1111"
    messages = [try_sign_in(qtbot, window, cashier.number, wrong) for _ in range(5)]
    assert messages[:4] == [WRONG_PIN] * 4
    assert messages[4].startswith(f"Too many wrong PINs. Employee {cashier.number} is locked until ")
    # Locked: even the right PIN is refused, with the same plain words.
    assert try_sign_in(qtbot, window, cashier.number, cashier.pin).startswith("Too many wrong PINs.")
    # Another employee is not affected.
    manager = demo_employee(demo_template, Role.MANAGER)
    assert try_sign_in(qtbot, window, manager.number, manager.pin) == ""


def test_enter_in_the_pin_field_signs_in(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    manager = demo_employee(demo_template, Role.MANAGER)
    view = window.signin.view
    view.number.setText(manager.number)
    view.number.returnPressed.emit()  # Enter after the number: on to the PIN
    assert view.pin.hasFocus() and window.actor is None
    view.pin.setText(manager.pin)
    with qtbot.waitSignal(window.signed_in, timeout=30_000) as signal:
        view.pin.returnPressed.emit()
    actor: Any = signal.args[0]
    assert actor.role is Role.MANAGER and window.actor == actor
