"""Connects the order list to the services: loads off the GUI thread, shows results or plain errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from storepos.ui.orders.model import OrderRow


class OrdersViewPort(Protocol):
    def show_title(self, text: str) -> None: ...
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...


class Runner(Protocol):
    def run(self, work: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[Exception], None]) -> None: ...


# What a load returns: the store's name (known only once the demo store exists) and the rows.
Listing = tuple[str, Sequence[OrderRow]]


class OrdersPresenter:
    def __init__(self, view: OrdersViewPort, set_rows: Callable[[list[OrderRow]], None], runner: Runner,
                 recent: Callable[[], Listing], search: Callable[[str], Listing]) -> None:
        self._view, self._set_rows, self._runner = view, set_rows, runner
        self._recent, self._search = recent, search

    def load_recent(self) -> None:
        self._start(self._recent, "most recent")

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.load_recent()
            return
        self._start(lambda: self._search(text), f"matching “{text}”")

    def _start(self, work: Callable[[], Listing], what: str) -> None:
        self._view.show_busy(True)
        self._view.show_status("Loading…")
        self._runner.run(work, lambda listing: self._on_loaded(listing, what), self._on_failed)

    def _on_loaded(self, listing: Listing, what: str) -> None:
        store_name, rows = listing
        self._view.show_busy(False)
        self._view.show_title(f"{store_name}: orders")
        self._set_rows(list(rows))
        if rows:
            self._view.show_status(f"{len(rows)} orders, {what}.")
        else:
            self._view.show_error(f"No orders {what}.")

    def _on_failed(self, exc: Exception) -> None:
        self._view.show_busy(False)
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        self._view.show_error(message)
