"""The main window end to end: sign in, role-appropriate home, screens, sign out, idle time-out,
manager approval, and the app's first start on an empty database."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from storepos.app import build_main_window
from storepos.domain.vocabulary import Role
from storepos.persistence.models import StockLevel
from storepos.services.base.order_lookup import find_order
from storepos.services.returns.eligibility import (
    evaluate_order,
    load_store,
    store_today,
)
from storepos.services.staff.auth import WRONG_PIN
from storepos.ui.shell import registry
from storepos.ui.shell.main_window import ShellSettings
from storepos.ui.widgets.approval_dialog import (
    ApprovalPresenter,
    ask_manager_approval,
    request_approval,
)
from tests.ui.conftest import demo_employee
from tests.ui.shell_world import fake_features, open_window, sign_in, sign_in_as


def test_signing_in_shows_home_with_the_roles_buttons_from_the_registry(  # type: ignore[no-untyped-def]
        qtbot, counter, demo_template) -> None:
    window = open_window(qtbot, counter)  # the real registry: whatever feature screens exist
    classes = window.screen_classes
    assert classes[0].name == "home" and any(c.name == "orders" for c in classes)
    assert [c.name for c in classes if not c.on_home] == ["item"]  # opened by a scan only
    for role in (Role.CASHIER, Role.STOCK, Role.MANAGER):
        sign_in_as(qtbot, window, demo_template, role)
        home = window.screens()["home"]
        expected = [c.name for c in classes if c.name != "home" and role in c.roles and c.on_home]
        assert list(home.view.buttons) == expected, role
        assert window.current_name() == "home" and window.screen_title.text() == "Home"
        actor = window.actor
        assert window.employee_label.text() == f"{actor.employee_name}, {role.value}"
        assert window.place.store_name in window.store_label.text()
        assert window.sign_out_button.isVisible() and not window.home_button.isVisible()
        window.sign_out()
        assert window.stack.currentWidget() is window.signin and window.actor is None


def test_every_visible_button_is_a_touch_target(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter)
    sign_in_as(qtbot, window, demo_template, Role.MANAGER)
    for name in window.screens():
        assert window.navigate(name), name
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
        for button in window.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 48, (name, button.text() or button.accessibleName())
                assert button.accessibleName() or button.text(), name


def test_navigate_honours_can_leave_and_escape_goes_home(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    returns = window.screens()["returns"]
    assert window.navigate("returns", order_number="10000001")
    assert returns.entered == [{"order_number": "10000001"}] and window.home_button.isVisible()

    returns.keep_user = True  # e.g. a half-done refund the cashier chose to keep
    assert window.navigate("pickups") is False and window.current_name() == "returns"
    returns.keep_user = False

    returns.field.setFocus()
    qtbot.keyClick(returns.field, Qt.Key.Key_Escape)  # the line edit leaves Escape to the window
    assert window.current_name() == "home"
    assert window.navigate("returns")
    window.home_button.click()
    assert window.current_name() == "home"


def test_signing_out_keeps_the_work_for_the_same_employee_and_others_start_fresh(  # type: ignore[no-untyped-def]
        qtbot, counter, demo_template) -> None:
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    cashier_returns = window.screens()["returns"]
    window.navigate("returns")
    cashier_returns.field.setText("half-typed note")

    window.sign_out_button.click()
    assert window.stack.currentWidget() is window.signin
    notice = window.signin.view.notice.text()
    assert "signed out" in notice and "work is kept" in notice and window.signin.view.number.text() == ""

    sign_in_as(qtbot, window, demo_template, Role.MANAGER)  # another employee: fresh screens
    assert window.current_name() == "home"
    assert window.screens()["returns"] is not cashier_returns
    assert window.screens()["returns"].field.text() == ""
    window.sign_out()

    sign_in_as(qtbot, window, demo_template, Role.CASHIER)  # the cashier again: as they left it
    assert window.current_name() == "returns"
    assert window.screens()["returns"] is cashier_returns
    assert cashier_returns.field.text() == "half-typed note"
    assert window.context.actor is window.actor


def test_the_idle_time_out_signs_out_without_losing_the_screen(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features(), settings=ShellSettings(idle_timeout_ms=300))
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    window.navigate("pickups")
    pickups = window.screens()["pickups"]
    pickups.field.setText("P-TOR1-0000")
    with qtbot.waitSignal(window.signed_out, timeout=10_000) as signal:
        pass
    assert signal.args == ["idle"]
    assert window.stack.currentWidget() is window.signin and window.actor is None
    assert window.signin.view.notice.text().startswith("Signed out after 1 second without use. ")
    assert "work is kept" in window.signin.view.notice.text()
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    assert window.current_name() == "pickups" and pickups.field.text() == "P-TOR1-0000"


def test_any_key_or_click_restarts_the_idle_countdown(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    assert not window._idle.isActive()  # nobody signed in: nothing to time out
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    assert window._idle.isActive()
    window._idle.stop()
    home = window.screens()["home"]
    QApplication.sendEvent(home.view.scan, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                     Qt.KeyboardModifier.NoModifier, "a"))
    assert window._idle.isActive()
    window.sign_out()
    assert not window._idle.isActive()


def test_the_busy_indicator_follows_the_background_runner(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    assert not window.busy.busy
    release, done = threading.Event(), []
    window.runner.run(lambda: release.wait(10), done.append, done.append)
    assert window.busy.busy and window.busy.bar.isVisible()
    release.set()
    qtbot.waitUntil(lambda: done == [True], timeout=10_000)
    assert not window.busy.busy and not window.busy.bar.isVisible()


# --- manager approval -------------------------------------------------------------------------------
def fill(dialog, number: str, pin: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    dialog.number.setText(number)
    dialog.pin.setText(pin)
    dialog.reason.setText(reason)


def test_a_manager_approves_with_number_pin_and_reason(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    manager = demo_employee(demo_template, Role.MANAGER)
    approved, cancelled = [], []
    dialog = request_approval(window, window.context, "Refund outside the return window",
                              approved.append, lambda: cancelled.append(True))
    assert dialog is not None and dialog.isVisible()
    assert dialog.what.text() == "Refund outside the return window"
    assert dialog.pin.echoMode() == dialog.pin.EchoMode.Password
    fill(dialog, manager.number, manager.pin, "  box  damaged in transit ")
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.approve_button.click()
    assert cancelled == [] and len(approved) == 1
    approval = approved[0]
    assert approval.manager_number == manager.number and approval.manager_name == manager.name
    assert approval.reason == "box damaged in transit" and approval.approved_at is not None


def test_approval_refusals_are_plain_and_keep_what_was_typed(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    manager = demo_employee(demo_template, Role.MANAGER)
    cashier = demo_employee(demo_template, Role.CASHIER)
    approved, cancelled = [], []
    dialog = request_approval(window, window.context, "Store credit without a receipt",
                              approved.append, lambda: cancelled.append(True))

    def attempt(number: str, pin: str, reason: str) -> str:
        fill(dialog, number, pin, reason)
        dialog.approve_button.click()
        qtbot.waitUntil(lambda: dialog.approve_button.isEnabled(), timeout=30_000)
        return dialog.error.text()

    wrong = "0000" if manager.pin != "0000" else "1111"
    assert attempt(manager.number, wrong, "no receipt") == WRONG_PIN
    assert dialog.pin.text() == "" and dialog.number.text() == manager.number
    assert dialog.reason.text() == "no receipt"
    assert attempt(cashier.number, cashier.pin, "no receipt") == (
        f"Employee {cashier.number} is not a manager; a manager must approve this.")
    assert attempt(manager.number, manager.pin, "   ") == "Type the reason: it is kept with the approval."
    assert dialog.isVisible() and approved == []
    dialog.cancel_button.click()
    assert cancelled == [True] and approved == []


def test_the_blocking_form_returns_the_approval_or_none(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    from storepos.ui.widgets.approval_dialog import ManagerApprovalDialog

    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    manager = demo_employee(demo_template, Role.MANAGER)

    def answer(approve: bool) -> None:
        dialog = next(d for d in window.findChildren(ManagerApprovalDialog) if d.isVisible())
        if approve:
            fill(dialog, manager.number, manager.pin, "price match")
            dialog.approve_button.click()
        else:
            dialog.reject()  # Escape

    QTimer.singleShot(0, lambda: answer(True))
    approval = ask_manager_approval(window, window.context, "Price match")
    assert approval is not None and approval.reason == "price match"
    QTimer.singleShot(0, lambda: answer(False))
    assert ask_manager_approval(window, window.context, "Price match") is None


def test_signing_out_cancels_an_open_approval(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    approved, cancelled = [], []
    context = window.context
    dialog = request_approval(window, context, "Refund", approved.append,
                              lambda: cancelled.append(True))
    assert dialog is not None
    window.sign_out("idle")
    assert cancelled == [True] and approved == [] and not dialog.isVisible()
    assert context.actor is None
    assert request_approval(window, context, "x", approved.append) is None  # nobody signed in


class FakeApprovalView:
    def __init__(self) -> None:
        self.error, self.focus, self.busy, self.done, self.pin_cleared = "", "", False, None, 0

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_error(self, text: str) -> None:
        self.error = text

    def clear_pin(self) -> None:
        self.pin_cleared += 1

    def focus_field(self, which: str) -> None:
        self.focus = which

    def finish(self, approval) -> None:  # type: ignore[no-untyped-def]
        self.done = approval


class Held:
    def __init__(self) -> None:
        self.jobs: list = []

    def run(self, work, ok, fail) -> None:  # type: ignore[no-untyped-def]
        self.jobs.append((work, ok, fail))


def test_approval_presenter_checks_the_form_and_drops_late_answers() -> None:
    from storepos.services.staff.auth import PermissionDenied

    view, runner = FakeApprovalView(), Held()
    presenter = ApprovalPresenter(view, lambda n, p, r: ("approved", n, r), runner)
    presenter.submit(" ", "2468", "why")
    assert view.error == "Type the manager's employee number." and view.focus == "number"
    presenter.submit("101", "", "why")
    assert view.focus == "pin"
    presenter.submit("101", "2468", "card 4111 1111 1111 1111")
    assert "card number" in view.error and view.focus == "reason" and runner.jobs == []
    presenter.submit("101", "2468", " why ")
    presenter.submit("101", "2468", "again")  # busy: a second press is ignored
    assert len(runner.jobs) == 1 and view.busy
    work, ok, fail = runner.jobs[0]
    fail(PermissionDenied("Employee 102 is not a manager; a manager must approve this."))
    assert view.focus == "number" and view.pin_cleared == 1 and not view.busy
    presenter.submit("101", "2468", "why")
    work, ok, fail = runner.jobs[1]
    ok(work())
    assert view.done == ("approved", "101", "why")
    presenter.submit("101", "2468", "why")
    presenter.close()
    work, ok, fail = runner.jobs[2]
    ok(work())  # the dialog went away meanwhile: nothing is touched
    assert view.done == ("approved", "101", "why")


# --- the app's own wiring -----------------------------------------------------------------------------
def test_first_start_makes_the_demo_store_and_a_demo_pin_signs_in(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(tmp_path / "store.db", demo_orders=30, print_queue=False)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.signin  # at once, before the database is open
    qtbot.waitUntil(lambda: window.counter is not None, timeout=120_000)
    # The demo hint is read once sign-in works (StoreOpener.settle): it never holds sign-in up.
    qtbot.waitUntil(lambda: window.signin.view.demo.text() != "", timeout=60_000)
    hint = window.signin.view.demo.text()
    assert hint.startswith("Demo store, demo PINs: ") and "manager" in hint
    found = re.search(r"manager (\w+) \(PIN (\d+)\)", hint)
    assert found is not None, hint
    sign_in(qtbot, window, found.group(1), found.group(2))
    assert window.actor.role is Role.MANAGER and window.current_name() == "home"
    # ...and what to type first: an order of the demo that this store may really take back.
    to_try = re.search(r"type order (\d+) in the scan field on the home screen, "
                       r"then the last name (.+)\.$", hint)
    assert to_try is not None, hint
    number, last_name = to_try.groups()

    def returnable_lines(session, actor):  # type: ignore[no-untyped-def]
        store = load_store(session, actor.store_id)
        order = find_order(session, number, last_name)
        # not from a store a day ahead (Sydney's web orders), and of this store's own catalogue
        assert order.received_on is not None and order.received_on <= store_today(store)
        carried = set(session.scalars(select(StockLevel.variant_id)
                                      .where(StockLevel.store_id == store.id)))
        assert all(line.variant_id in carried for line in order.lines)
        lines = evaluate_order(order, store).lines
        return [line for line in lines if line.returnable and line.allowed]

    assert window.counter.run(window.actor, returnable_lines, commit=False)
    window.close()

    again = build_main_window(tmp_path / "store.db", demo_orders=999, print_queue=False)  # no second demo
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.counter is not None, timeout=60_000)
    assert again.place.store_code == window.place.store_code


def test_a_database_that_cannot_open_says_why_on_the_sign_in_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "store.db.till.json").write_text("{not json", encoding="utf-8")
    window = build_main_window(tmp_path / "store.db", demo_orders=5, print_queue=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_failed, timeout=60_000) as signal:
        window.show()
    assert "cannot be read" in signal.args[0]
    assert window.signin.view.status.text() == signal.args[0]


def test_the_registry_lists_the_shell_screens_and_skips_missing_features(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    package = tmp_path / "fakefeature"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "screen.py").write_text(
        "from storepos.ui.shell.screen import Screen\n"
        "class One(Screen):\n    name = 'one'\n    title = 'One'\n"
        "class Two(Screen):\n    name = 'two'\n    title = 'Two'\n")
    (package / "broken.py").write_text("import not_installed_anywhere\n")
    (package / "dupe.py").write_text(
        "from storepos.ui.shell.screen import Screen\n"
        "class Again(Screen):\n    name = 'one'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = registry.load_screens(("fakefeature.screen", "fakefeature.missing", "nofolder.screen"))
    assert [c.name for c in found] == ["one", "two"]
    with pytest.raises(ModuleNotFoundError):
        registry.load_screens(("fakefeature.broken",))  # a real bug is not hidden
    with pytest.raises(ValueError, match="Two screens are registered as one"):
        registry.load_screens(("fakefeature.screen", "fakefeature.dupe"))
    names = [c.name for c in registry.load_screens()]
    assert names[0] == "home" and "orders" in names
    assert registry.title_of("giftcards") == "Gift cards"
