"""Find orders: loads off the GUI thread through the signed-in context, shows rows or plain errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from storepos.domain.errors import StoreposError
from storepos.ui.orders.model import OrderRow


class OrdersViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...


Action = Callable[[Any, Any], Sequence[OrderRow]]  # (session, actor) -> rows
Run = Callable[[Action, Callable[[Any], None], Callable[[Exception], None]], None]  # AppContext.run


class OrdersPresenter:
    def __init__(self, view: OrdersViewPort, set_rows: Callable[[list[OrderRow]], None], run: Run,
                 recent: Action, search: Callable[[str], Action]) -> None:
        self._view, self._set_rows, self._run = view, set_rows, run
        self._recent, self._search = recent, search
        self._latest = 0

    def load_recent(self) -> None:
        self._start(self._recent, "most recent")

    def search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.load_recent()
            return
        self._start(self._search(text), f"matching “{text}”")

    def _start(self, action: Action, what: str) -> None:
        self._latest += 1
        token = self._latest
        self._view.show_busy(True)
        self._view.show_status("Loading…")
        self._run(action, lambda rows: self._on_loaded(token, rows, what),
                  lambda exc: self._on_failed(token, exc))

    def _on_loaded(self, token: int, rows: Sequence[OrderRow], what: str) -> None:
        if token != self._latest:
            return
        self._view.show_busy(False)
        self._set_rows(list(rows))
        if rows:
            self._view.show_status(f"{len(rows)} orders, {what}.")
        else:
            self._view.show_error(f"No orders {what}.")

    def _on_failed(self, token: int, exc: Exception) -> None:
        if token != self._latest:
            return
        self._view.show_busy(False)
        if isinstance(exc, StoreposError):
            self._view.show_error(exc.message)
        else:
            self._view.show_error("The orders could not be loaded. Try again.")
