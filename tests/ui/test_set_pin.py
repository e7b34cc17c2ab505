"""Setting a PIN at the sign-in page (issue 13): head office's employee types their number, the
set-up code and a new PIN twice; offline they are told that it needs head office; an employee head
office deactivated is signed out once the till knows it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import update

from storepos.domain.vocabulary import Role
from storepos.persistence.models import Employee
from storepos.persistence.uow import UnitOfWork
from storepos.services.counter import Counter
from storepos.services.staff.pin_setup import OFFLINE
from storepos.sync.errors import CentralUnavailable, PinSetupRefused
from storepos.sync.pins import hash_pin
from storepos.ui.signin.set_pin import SetPinPresenter
from tests.ui.conftest import demo_employee
from tests.ui.shell_world import open_window, sign_in_as
from tests.ui.test_signin import InlineRunner

NEW_NUMBER, CODE, PIN = "7001", "ABCD-EFGH-IJKL-MNOP", "2468"


class FakeView:
    def __init__(self) -> None:
        self.busy, self.status, self.error, self.focus = False, "", "", ""
        self.pins_cleared = self.finished = 0

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text

    def clear_pins(self) -> None:
        self.pins_cleared += 1

    def focus_field(self, which: str) -> None:
        self.focus = which

    def finish(self) -> None:
        self.finished += 1


def test_the_presenter_asks_for_each_field_and_the_same_pin_twice() -> None:
    view, asked = FakeView(), []
    presenter = SetPinPresenter(view, InlineRunner(), lambda *a: asked.append(a),  # type: ignore[arg-type,func-returns-value]
                                lambda actor: None)
    for fields, focus in ((("", CODE, PIN, PIN), "number"), ((NEW_NUMBER, " ", PIN, PIN), "code"),
                          ((NEW_NUMBER, CODE, "", PIN), "pin"),
                          ((NEW_NUMBER, CODE, PIN, ""), "again")):
        presenter.submit(*fields)
        assert view.error and view.focus == focus
    presenter.submit(NEW_NUMBER, CODE, PIN, "1357")
    assert "not the same" in view.error and view.pins_cleared == 1 and view.focus == "pin"
    assert asked == []  # nothing was sent


def test_refusals_and_offline_are_said_in_words_and_the_pins_cleared() -> None:
    view, signed = FakeView(), []

    def refuse(number: str, code: str, pin: str, again: str) -> Any:
        if code == "OFF":
            raise PinSetupRefused(OFFLINE)
        raise PinSetupRefused("This set-up code has expired (codes last 7 days); ask head "
                              "office for a new one.")

    presenter = SetPinPresenter(view, InlineRunner(), refuse, signed.append)
    presenter.submit(NEW_NUMBER, CODE, PIN, PIN)
    assert "expired" in view.error and view.pins_cleared == 1 and not view.busy
    presenter.submit(NEW_NUMBER, "OFF", PIN, PIN)
    assert "needs head office" in view.error
    assert signed == [] and view.finished == 0


@pytest.fixture
def head_office(counter: Counter) -> list[dict[str, Any]]:
    """The service's side of a PIN set-up, in-process: the employee row it answers with, which
    the till writes (so the real sign-in checks the real Argon2id hash)."""
    asked: list[dict[str, Any]] = []
    store_id = counter.place().store_id

    def link(number: str, code: str, pin: str) -> dict[str, Any]:
        asked.append({"number": number, "code": code})
        if code == "OFFLINE":
            raise CentralUnavailable("The central service at https://hq cannot be reached.")
        return {"id": uuid.uuid4(), "store_id": store_id, "number": number, "name": "Noor Haddad",
                "role": "cashier", "pin_hash": hash_pin(pin), "active": True}

    counter.pin_link = link
    return asked


def test_a_new_employee_sets_a_pin_and_is_signed_in(qtbot, counter, head_office) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    view = window.signin.view
    assert view.set_pin.isVisible()
    view.number.setText(NEW_NUMBER)
    view.set_pin.click()
    dialog = window.signin.set_pin_dialog
    assert dialog is not None and dialog.isVisible() and dialog.number.text() == NEW_NUMBER
    assert dialog.pin.echoMode() == dialog.pin.EchoMode.Password
    dialog.code.setText("OFFLINE")
    dialog.pin.setText(PIN)
    dialog.again.setText(PIN)
    dialog.set_button.click()
    qtbot.waitUntil(lambda: dialog.status.property("role") == "error", timeout=30_000)
    assert dialog.status.text().startswith(OFFLINE[:60]) and dialog.pin.text() == ""
    dialog.code.setText(CODE)
    dialog.pin.setText(PIN)
    dialog.again.setText(PIN)
    dialog.again.returnPressed.emit()
    qtbot.waitUntil(lambda: window.actor is not None, timeout=30_000)
    assert window.actor is not None and window.actor.employee_name == "Noor Haddad"
    assert head_office[-1] == {"number": NEW_NUMBER, "code": CODE}
    window.sign_out()
    assert counter.sign_in(NEW_NUMBER, PIN).employee_number == NEW_NUMBER  # kept at the till


def test_a_till_not_set_up_with_head_office_shows_no_set_pin_door(qtbot, counter) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    assert not window.signin.view.set_pin.isVisible()
    assert window.signin.open_set_pin("1") is None


def test_an_employee_head_office_deactivated_is_signed_out(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    assert window.check_still_active() and window.actor is not None
    cashier = demo_employee(demo_template, Role.CASHIER)
    with UnitOfWork(counter._sessions, writes=True) as uow:  # as a pull writes it
        uow.session.execute(update(Employee).where(Employee.number == cashier.number)
                            .values(active=False))
        uow.commit()
    assert window.check_still_active() is False
    assert window.actor is None
    assert "deactivated by head office" in window.signin.view.notice.text()
