"""Home: big buttons for what the role may use, and one scan field that opens what a code names."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Role
from storepos.persistence.models import Order, Pickup, Return, ValueAccount
from storepos.services.base import scan
from storepos.services.base.scan import NothingMatches, ScanKind, ScanTarget
from storepos.ui.home.presenter import HomePresenter, route
from tests.ui.shell_world import fake_features, open_window, sign_in_as


# --- presenter, with a fake view ------------------------------------------------------------------
class FakeView:
    def __init__(self) -> None:
        self.status, self.error, self.cleared, self.selected = "", "", 0, 0

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text

    def clear_scan(self) -> None:
        self.cleared += 1

    def select_scan(self) -> None:
        self.selected += 1


class HeldRun:
    """AppContext.run stand-in that holds each call until the test answers it."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, Any, Any]] = []

    def __call__(self, action, ok, fail):  # type: ignore[no-untyped-def]
        self.calls.append((action, ok, fail))

    def answer(self, index: int = -1) -> None:
        action, ok, fail = self.calls[index]
        try:
            result = action(None, None)
        except Exception as exc:  # noqa: BLE001
            fail(exc)
        else:
            ok(result)


def fake_resolve(session: Any, actor: Any, text: str) -> ScanTarget:
    known = {"10000001": ScanTarget(ScanKind.ORDER, "10000001"),
             "r-1": ScanTarget(ScanKind.RETURN, "R-TOR1-000001-0")}
    if text == "boom":
        raise OSError("database is locked")
    if text not in known:
        raise scan.nothing_matches(text)
    return known[text]


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    view, run, went = FakeView(), HeldRun(), []

    def navigate(name: str, **kwargs: Any) -> bool:
        went.append((name, kwargs))
        return name != "returns" or "return_id" not in kwargs  # pretend returns by ID is refused

    return view, run, went, HomePresenter(view, run, navigate, resolve=fake_resolve)


def test_each_kind_of_code_goes_to_its_screen() -> None:
    assert route(ScanTarget(ScanKind.ORDER, "10000001")) == ("returns", {"order_number": "10000001"})
    assert route(ScanTarget(ScanKind.RETURN, "R-X")) == ("returns", {"return_id": "R-X"})
    assert route(ScanTarget(ScanKind.PICKUP, "P-X")) == ("pickups", {"pickup": "P-X"})
    assert route(ScanTarget(ScanKind.GIFT_CARD, "G-X")) == ("giftcards", {"number": "G-X"})
    assert route(ScanTarget(ScanKind.STORE_CREDIT, "C-X")) == ("giftcards", {"number": "C-X"})
    assert route(ScanTarget(ScanKind.WARRANTY_CLAIM, "W-X")) == ("warranty", {"claim": "W-X"})


def test_a_known_code_navigates_and_clears_the_field(home) -> None:  # type: ignore[no-untyped-def]
    view, run, went, presenter = home
    presenter.scanned(" 10000001 ")
    assert view.status == "Looking it up…"
    run.answer()
    assert went == [("returns", {"order_number": "10000001"})] and view.cleared == 1


def test_an_unknown_code_says_so_and_stays_selected_for_the_next_scan(home) -> None:  # type: ignore[no-untyped-def]
    view, run, went, presenter = home
    presenter.scanned("1234567")
    run.answer()
    assert view.error == "Nothing matches 1234567: check the code or type it."
    assert went == [] and view.selected == 1 and view.cleared == 0
    presenter.scanned("boom")
    run.answer()
    assert view.error.startswith("That code could not be looked up.")
    presenter.scanned("  ")
    assert view.error == "Scan a barcode or type a number, then press Enter." and len(run.calls) == 2


def test_a_refused_navigation_keeps_the_code(home) -> None:  # type: ignore[no-untyped-def]
    view, run, went, presenter = home
    presenter.scanned("r-1")
    run.answer()
    assert went == [("returns", {"return_id": "R-TOR1-000001-0"})]
    assert view.cleared == 0 and view.selected == 1


def test_a_slow_older_answer_does_not_override_a_newer_scan(home) -> None:  # type: ignore[no-untyped-def]
    view, run, went, presenter = home
    presenter.scanned("1234567")
    presenter.scanned("10000001")
    run.answer(1)
    run.answer(0)  # the first scan's answer arrives late: dropped
    assert went == [("returns", {"order_number": "10000001"})] and view.error == ""


# --- scan.resolve on the demo store ---------------------------------------------------------------
def demo_codes(counter) -> dict[str, str]:  # type: ignore[no-untyped-def]
    def read(session):  # type: ignore[no-untyped-def]
        first = lambda stmt: session.scalars(stmt.limit(1)).first()  # noqa: E731
        return {
            "order": first(select(Order.number).where(~Order.number.contains("-"))),
            "counter_order": first(select(Order.number).where(Order.number.contains("-"))),
            "return": first(select(Return.return_number)),
            "pickup": first(select(Pickup.number)),
            "gift": first(select(ValueAccount.number).where(ValueAccount.number.startswith("G-"))),
            "credit": first(select(ValueAccount.number).where(ValueAccount.number.startswith("C-"))),
        }

    codes = counter.read(read)
    assert all(codes.values()), codes
    return codes


def test_resolve_finds_each_kind_in_the_database_and_refuses_the_unknown(make_context) -> None:  # type: ignore[no-untyped-def]
    context = make_context(Role.CASHIER)
    codes = demo_codes(context.counter)

    def resolve(text: str) -> ScanTarget:
        return context.counter.run(context.actor, lambda s, a: scan.resolve(s, a, text), commit=False)

    assert resolve(codes["order"].lower()) == ScanTarget(ScanKind.ORDER, codes["order"])
    assert resolve(codes["counter_order"]) == ScanTarget(ScanKind.ORDER, codes["counter_order"])
    assert resolve(codes["return"]) == ScanTarget(ScanKind.RETURN, codes["return"])
    assert resolve(codes["pickup"].replace("-", " ")) == ScanTarget(ScanKind.PICKUP, codes["pickup"])
    assert resolve(codes["gift"]) == ScanTarget(ScanKind.GIFT_CARD, codes["gift"])
    assert resolve(codes["credit"]) == ScanTarget(ScanKind.STORE_CREDIT, codes["credit"])
    with pytest.raises(NothingMatches, match=r"^Nothing matches 1234567: check the code or type it.$"):
        resolve("1234567")
    with pytest.raises(InvalidInput, match="typing mistake"):
        good = codes["gift"]
        resolve(good[:-1] + str((int(good[-1]) + 1) % 10))


# --- the home screen in the main window, scanning with a keyboard-wedge scanner --------------------
def scan_code(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    home = window.screens()["home"]
    field = home.view.scan
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, text)  # a wedge scanner types the characters...
    qtbot.keyClick(field, Qt.Key.Key_Return)  # ...then Enter
    qtbot.waitUntil(lambda: not window.runner.busy and home.view.status.text() != "Looking it up…",
                    timeout=10_000)


def test_scanning_each_kind_of_code_opens_its_screen(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    codes = demo_codes(counter)
    screens = window.screens()
    expected = [
        (codes["order"], "returns", {"order_number": codes["order"]}),
        (codes["return"], "returns", {"return_id": codes["return"]}),
        (codes["pickup"], "pickups", {"pickup": codes["pickup"]}),
        (codes["gift"], "giftcards", {"number": codes["gift"]}),
        (codes["credit"], "giftcards", {"number": codes["credit"]}),
    ]
    for code, name, kwargs in expected:
        window.go_home()
        scan_code(qtbot, window, code)
        assert window.current_name() == name, code
        assert screens[name].entered[-1] == kwargs
        assert screens["home"].view.scan.text() == ""  # ready for the next scan

    window.go_home()
    scan_code(qtbot, window, "1234567")
    home = screens["home"]
    assert window.current_name() == "home"
    assert home.view.status.text() == "Nothing matches 1234567: check the code or type it."
    assert home.view.scan.text() == "1234567" and home.view.scan.selectedText() == "1234567"


def test_a_screen_not_on_this_till_yet_is_said_plainly(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    from storepos.ui.home.screen import HomeScreen

    window = open_window(qtbot, counter, screens=[HomeScreen])
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    scan_code(qtbot, window, demo_codes(counter)["gift"])
    assert window.current_name() == "home"
    assert window.notice.isVisible()
    assert window.notice.text() == "Gift cards is not set up on this till yet."
    assert window.screens()["home"].view.empty.isVisible()  # no buttons: said so


def test_stock_staff_see_only_their_buttons_and_a_gift_card_scan_says_why_not(  # type: ignore[no-untyped-def]
        qtbot, counter, demo_template) -> None:
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.STOCK)
    home = window.screens()["home"]
    assert list(home.view.buttons) == ["pickups", "warranty"]
    scan_code(qtbot, window, demo_codes(counter)["gift"])
    assert window.current_name() == "home"
    assert window.notice.text().startswith("Gift cards is for a cashier or manager: ")
    assert window.notice.text().endswith("is signed in as stock.")


def test_home_buttons_are_large_named_and_open_their_screen(qtbot, counter, demo_template) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, counter, screens=fake_features())
    sign_in_as(qtbot, window, demo_template, Role.MANAGER)
    home = window.screens()["home"]
    assert list(home.view.buttons) == ["returns", "pickups", "warranty", "giftcards"]
    assert home.view.scan.hasFocus()
    for button in home.view.buttons.values():
        assert button.accessibleName() == f"Open {button.title}"
        assert button.height() >= 96 and button.width() >= 96
    home.view.buttons["pickups"].click()
    assert window.current_name() == "pickups" and window.screen_title.text() == "Pickups"
