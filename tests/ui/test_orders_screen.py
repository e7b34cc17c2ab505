"""Find orders: the order list as a screen; lists and finds orders, money and dates in the locale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import Role
from storepos.services.orders.api import OrdersDoor, OrderSummary
from storepos.ui.orders.model import OrderRow, OrdersTableModel
from storepos.ui.orders.presenter import OrdersPresenter
from storepos.ui.orders.screen import OrdersScreen


def wait_idle(qtbot: QtBot, screen: OrdersScreen) -> None:
    qtbot.waitUntil(lambda: not screen.context.runner.busy, timeout=30_000)


def test_lists_recent_orders_and_finds_one_by_number(qtbot: QtBot, make_context) -> None:  # type: ignore[no-untyped-def]
    context = make_context(Role.CASHIER)
    went = []
    context.navigate = lambda name, **kwargs: went.append((name, kwargs)) or True
    screen = OrdersScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.on_enter()
    wait_idle(qtbot, screen)
    rows = screen.model.rowCount()
    assert rows > 10 and f"{rows} orders" in screen.view.status.text()
    first = screen.model.row_at(0)
    assert first.paid.startswith("$") and "," in first.placed_on  # "$284.98", "Nov 22, 2026" (en_CA)

    screen.view.search.setText(f"  {first.number.lower()} ")
    screen.view.search.returnPressed.emit()
    wait_idle(qtbot, screen)
    assert [screen.model.row_at(i).number for i in range(screen.model.rowCount())] == [first.number]

    screen.view.table.selectRow(0)
    screen.view.sig_open.emit(0)
    assert went == [("returns", {"order_number": first.number})]

    screen.view.search.setText("nobody@example.invalid")
    screen.view.search.returnPressed.emit()
    wait_idle(qtbot, screen)
    assert screen.model.rowCount() == 0 and "No orders" in screen.view.status.text()
    screen.view.refresh.click()
    wait_idle(qtbot, screen)
    assert screen.model.rowCount() == rows


def test_orders_model_passes_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = [OrderRow("W1001", "Côté", "online", "ship to home", "Jan 5, 2025", "Toronto", 2, "$140.00"),
            OrderRow("W1002", "Müller", "store", "in store", "6 janv. 2025", "Montréal", 1, "59,99 $")]
    qtmodeltester.check(OrdersTableModel(rows))


class FakeView:
    def __init__(self) -> None:
        self.busy, self.status, self.error = False, "", ""

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text


def inline_run(action, on_success, on_failure) -> None:  # type: ignore[no-untyped-def]
    try:
        result = action(None, None)
    except Exception as exc:  # noqa: BLE001
        on_failure(exc)
    else:
        on_success(result)


W1 = OrderSummary("W1", "Côté", "online", "ship_to_home", date(2025, 1, 5), None, 1, Decimal("10.00"))


class FakeDoor(OrdersDoor):
    """The orders door (`services.orders.api`) over one order held in memory."""

    def recent(self, session: Any, actor: Any) -> list[OrderSummary]:
        return [W1, W1]

    def search(self, session: Any, actor: Any, text: str) -> list[OrderSummary]:
        if text == "boom":
            raise InvalidInput("A phone number needs digits.")
        if text == "crash":
            raise OSError("database is locked")
        return [W1] if text == "W1" else []


@pytest.fixture
def presenter_parts():  # type: ignore[no-untyped-def]
    view, shown = FakeView(), []
    presenter = OrdersPresenter(view, shown.append, inline_run, FakeDoor(),
                                money=lambda v: f"${v:,.2f}", day=lambda d: d.isoformat())
    return view, shown, presenter


def test_presenter_shows_results_and_plain_errors(presenter_parts) -> None:  # type: ignore[no-untyped-def]
    view, shown, presenter = presenter_parts
    presenter.load_recent()
    assert len(shown[-1]) == 2 and view.status == "2 orders, most recent." and view.busy is False
    assert shown[-1][0] == OrderRow("W1", "Côté", "online", "ship to home", "2025-01-05", "online", 1,
                                    "$10.00")  # a web order shipped home has no store
    presenter.search("  W1 ")
    assert [r.number for r in shown[-1]] == ["W1"]
    presenter.search("nothing")
    assert shown[-1] == [] and view.error == "No orders matching “nothing”."
    presenter.search("boom")
    assert view.error == "A phone number needs digits." and view.busy is False
    presenter.search("crash")
    assert view.error == "The orders could not be loaded. Try again."
    presenter.search("   ")
    assert len(shown[-1]) == 2
