"""The wiring root of the counter app: settings, database, services, QApplication and the main window.

On first start with no database, it makes the demo chain (in the background, the window shows it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from storepos.domain.errors import StoreposError
from storepos.paths import default_database_path


def _order_rows(orders):  # type: ignore[no-untyped-def]  # list[OrderSummary] -> list[OrderRow]
    from storepos.ui.orders.model import OrderRow

    return [
        OrderRow(number=o.number, customer=o.billing_last_name, channel=o.channel.replace("_", " "),
                 fulfillment=o.fulfillment.replace("_", " "), placed_on=o.placed_on.isoformat(),
                 store=o.store_name or "online", items=o.items, paid=f"{o.paid:.2f}")
        for o in orders
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storepos app", description="open the counter app")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"local SQLite database (default {default_database_path()})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return open_app(args.db or default_database_path())


def open_app(db_path: Path) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_window(db_path)
    window.show()
    return app.exec()


def build_window(db_path: Path, *, demo_orders: int | None = None):  # type: ignore[no-untyped-def]
    """The main window on the local database; an empty database gets the demo chain first."""
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services import till_identity as tills
    from storepos.services.demo import DEFAULT_ORDERS, existing_rows, generate_demo
    from storepos.services.demo.recipes import default_recipes
    from storepos.services.order_list import recent_orders, search_orders
    from storepos.ui.orders.window import OrdersWindow

    engine = make_engine(str(db_path))
    upgrade(engine)
    sessions = make_session_factory(engine)
    first_start = existing_rows(engine) == (0, 0)

    def store_name() -> str:
        if tills.load_identity(db_path) is None:
            if existing_rows(engine) == (0, 0):
                # First start: make the demo chain, off the GUI thread (the window shows it is busy).
                generate_demo(engine, orders=DEFAULT_ORDERS if demo_orders is None else demo_orders)
            with sessions() as session:
                home = tills.first_till_of(session, default_recipes().stores[0].code)
            if home is None:
                raise StoreposError("This database has no demo store; set up this till first.")
            tills.save_identity(db_path, home)
        with sessions() as session:
            return tills.resolve(session, tills.load_identity(db_path)).store_name  # type: ignore[arg-type]

    def recent():  # type: ignore[no-untyped-def]
        name = store_name()
        with sessions() as session:
            return name, _order_rows(recent_orders(session))

    def search(text: str):  # type: ignore[no-untyped-def]
        name = store_name()
        with sessions() as session:
            return name, _order_rows(search_orders(session, text))

    window = OrdersWindow(recent, search)
    if first_start:
        window.view.show_title("Welcome to storepos")
        window.view.show_status("First start: making the demo store…")
    return window
