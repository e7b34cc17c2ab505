"""A product's barcode scanned at home (issue 13: the chain's catalogue is scannable at the
counter): the item screen shows the item, its policy tags in words and the recent orders that hold
it; choosing an order opens it as a return. Real widgets, offscreen, on the demo store, with the
Shopify product CSV imported centrally and pulled to this till."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import Engine, func, select

from storepos.central.migrate import upgrade as upgrade_central
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.persistence.models import Order, OrderLine, Variant
from storepos.services.base import scan
from storepos.services.base.scan import ScanKind, ScanTarget
from storepos.services.counter import Counter
from storepos.services.items.api import tag_words
from storepos.services.sync.local_till import LocalTill
from tests.integration.test_catalogue_import import FIXTURE, _pull_all, run_import
from tests.ui.shell_world import open_window, recording, sign_in_as
from tests.ui.test_home import scan_code


@pytest.fixture
def catalogue(counter: Counter, demo_engine: Engine, tmp_path: Path) -> None:
    """Head office imported the Shopify product CSV; this till pulled it."""
    from storepos.central.engine import make_central_engine

    url = str(tmp_path / "central.db")
    upgrade_central(url)
    central = make_central_engine(url)
    try:
        run_import(central, FIXTURE.read_bytes())
        place = counter.place()
        local = LocalTill(make_session_factory(demo_engine), place.store_id, place.till_id)
        assert _pull_all(central, place.store_id, SimpleNamespace(local=local)) >= 14
    finally:
        central.dispose()


def _screens():  # type: ignore[no-untyped-def]
    from storepos.ui.home.screen import HomeScreen
    from storepos.ui.items.screen import ItemScreen

    return [HomeScreen, ItemScreen, recording("returns", (Role.CASHIER, Role.MANAGER), "Returns")]


def _in_most_orders(counter: Counter) -> tuple[str, int]:
    """A demo barcode that several orders hold, and how many (one line each: the screen shows
    an order once per line holding the item)."""
    orders = func.count(func.distinct(OrderLine.order_id))
    return counter.read(lambda s: tuple(s.execute(
        select(Variant.upc, orders)
        .join(OrderLine, OrderLine.variant_id == Variant.id)
        .group_by(Variant.upc).having(func.count() == orders)
        .order_by(func.count().desc(), Variant.upc).limit(1)).one()))


def test_an_imported_barcode_opens_the_item_with_its_policy_in_words(  # type: ignore[no-untyped-def]
        qtbot, counter, demo_template, catalogue) -> None:
    window = open_window(qtbot, counter, screens=_screens())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    screens = window.screens()
    assert "item" in screens and "item" not in screens["home"].view.buttons  # a scan opens it
    scan_code(qtbot, window, "931235500808")  # the Blundstone's UPC-A from the export
    assert window.current_name() == "item" and window.screen_title.text() == "Item"
    view = screens["item"].view
    qtbot.waitUntil(lambda: view.title.text() != "", timeout=30_000)
    assert view.title.text() == "Blundstone 550 Chelsea Boot"
    assert view.detail.text() == "Rustic Brown, size 8 · 931235500808"
    assert view.price.text() == "$179.95"
    assert view.tags.text() == "Final sale · Clearance · On sale" and view.tags.isVisibleTo(view)
    assert view.model.rowCount() == 0
    assert view.status.text() == "No order on this till holds this item."
    assert screens["home"].view.scan.text() == ""  # ready for the next scan

    # The same barcode read as an EAN-13, and a variant with no barcode by its SKU.
    window.go_home()
    scan_code(qtbot, window, "0931235500808")
    assert window.current_name() == "item"
    window.go_home()
    scan_code(qtbot, window, "BLU-550-RB-9")
    qtbot.waitUntil(lambda: view.detail.text().startswith("Rustic Brown, size 9"), timeout=30_000)
    # A code that is neither an order nor a product still says so at home.
    window.go_home()
    scan_code(qtbot, window, "4040887709999")
    assert window.current_name() == "home"
    assert screens["home"].view.status.text() == \
        "Nothing matches 4040887709999: check the code or type it."


def test_the_orders_holding_a_scanned_item_each_open_as_a_return(  # type: ignore[no-untyped-def]
        qtbot, counter, demo_template) -> None:
    code, held_by = _in_most_orders(counter)
    assert held_by >= 2
    window = open_window(qtbot, counter, screens=_screens())
    sign_in_as(qtbot, window, demo_template, Role.CASHIER)
    scan_code(qtbot, window, code)
    item = window.screens()["item"]
    qtbot.waitUntil(lambda: item.view.model.rowCount() > 0, timeout=30_000)
    rows = item.view.model.rows()
    assert len(rows) == min(held_by, 10)
    assert item.view.status.text() == (f"{len(rows)} recent orders hold this item: choose one "
                                       "to open it as a return.")
    newest = counter.read(lambda s: s.execute(
        select(Order.number, Order.billing_last_name).join(OrderLine)
        .join(Variant, Variant.id == OrderLine.variant_id).where(Variant.upc == code)
        .order_by(Order.placed_on.desc(), Order.number.desc()).limit(1)).one())
    assert (rows[0].number, rows[0].customer) == tuple(newest)
    assert item.view.table.hasFocus()  # Enter opens the first, newest order
    qtbot.keyClick(item.view.table, Qt.Key.Key_Return)
    assert window.current_name() == "returns"
    assert window.screens()["returns"].entered[-1] == {"order_number": newest[0],
                                                       "last_name": newest[1]}


def test_an_order_number_wins_over_a_barcode_and_tags_read_in_words(make_context) -> None:  # type: ignore[no-untyped-def]
    context = make_context(Role.STOCK)  # any role may scan
    number = context.counter.read(lambda s: s.scalars(
        select(Order.number).where(~Order.number.contains("-")).limit(1)).one())

    def resolve(text: str) -> ScanTarget:
        return context.counter.run(context.actor, lambda s, a: scan.resolve(s, a, text),
                                   commit=False)

    assert resolve(number).kind is ScanKind.ORDER
    code, _ = _in_most_orders(context.counter)
    assert resolve(f" {code} ") == ScanTarget(ScanKind.ITEM, code)
    assert tag_words(("sale", "final_sale", "made_in_canada")) == (
        "Final sale", "On sale", "Made in canada")
