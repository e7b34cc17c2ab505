"""The first window: opens on an empty database, makes the demo store, lists and finds orders."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from storepos.app import build_window
from storepos.ui.orders.model import OrderRow, OrdersTableModel
from storepos.ui.orders.presenter import OrdersPresenter


def wait_loaded(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)


def test_first_start_makes_the_demo_store_and_lists_orders(qtbot: QtBot, tmp_path: Path) -> None:
    window = build_window(tmp_path / "store.db", demo_orders=60)
    qtbot.addWidget(window)
    window.show()
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 60
    assert "60 orders" in window.view.status.text()
    first = window.model.row_at(0)
    assert first.number and first.customer and first.items >= 1

    # Find that order by its number, typed as staff would (lower case, spaces).
    window.view.search.setText(f"  {first.number.lower()} ")
    window.view.search.returnPressed.emit()
    wait_loaded(qtbot, window)
    assert [window.model.row_at(i).number for i in range(window.model.rowCount())] == [first.number]

    window.view.search.setText("nobody@example.invalid")
    window.view.search.returnPressed.emit()
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 0
    assert "No orders" in window.view.status.text()

    window.view.search.setText("")
    window.view.search.returnPressed.emit()
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 60


def test_reopening_keeps_the_data(qtbot: QtBot, tmp_path: Path) -> None:
    first = build_window(tmp_path / "store.db", demo_orders=20)
    qtbot.addWidget(first)
    wait_loaded(qtbot, first)
    second = build_window(tmp_path / "store.db", demo_orders=999)  # no second demo
    qtbot.addWidget(second)
    wait_loaded(qtbot, second)
    assert second.model.rowCount() == 20
    assert second.view.title.text().endswith(": orders") and "Welcome" not in second.view.title.text()


def test_orders_model_passes_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rows = [OrderRow("W1001", "Côté", "online", "ship to home", "2025-01-05", "Toronto", 2, "140.00"),
            OrderRow("W1002", "Müller", "store", "in store", "2025-01-06", "Montréal", 1, "59.99")]
    qtmodeltester.check(OrdersTableModel(rows))


class FakeView:
    def __init__(self) -> None:
        self.title, self.busy, self.status, self.error = "", False, "", ""

    def show_title(self, text: str) -> None:
        self.title = text

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text


class InlineRunner:
    def run(self, work, on_success, on_failure):  # type: ignore[no-untyped-def]
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001
            on_failure(exc)
        else:
            on_success(result)


@pytest.fixture
def presenter_parts():  # type: ignore[no-untyped-def]
    view, shown = FakeView(), []
    row = OrderRow("W1", "Côté", "online", "ship to home", "2025-01-05", "Toronto", 1, "10.00")

    def search(text: str) -> list[OrderRow]:
        if text == "boom":
            from storepos.domain.errors import InvalidInput
            raise InvalidInput("A phone number needs digits.")
        return ("Toronto Eaton", [row] if text == "W1" else [])

    presenter = OrdersPresenter(view, shown.append, InlineRunner(), lambda: ("Toronto Eaton", [row, row]), search)
    return view, shown, presenter


def test_presenter_shows_results_and_plain_errors(presenter_parts) -> None:  # type: ignore[no-untyped-def]
    view, shown, presenter = presenter_parts
    presenter.load_recent()
    assert view.title == "Toronto Eaton: orders"
    assert len(shown[-1]) == 2 and view.status == "2 orders, most recent." and view.busy is False
    presenter.search("  W1 ")
    assert [r.number for r in shown[-1]] == ["W1"]
    presenter.search("nothing")
    assert shown[-1] == [] and view.error == "No orders matching “nothing”."
    presenter.search("boom")
    assert view.error == "A phone number needs digits." and view.busy is False
