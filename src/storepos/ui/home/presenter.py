"""Home, in plain Python: a scanned or typed code opens the screen for what it names.

    order number (packing slip)  -> returns,   order_number=...  (the screen asks the last name)
    Return ID        R-…         -> returns,   return_id=...
    pickup number    P-…         -> pickups,   pickup=...
    gift card / store credit G-… / C-… -> giftcards, number=...
    warranty claim   W-…         -> warranty,  claim=...
    product barcode or SKU       -> item,      code=...      (no order has that number)

`services.scan.resolve` says what a code is (off the GUI thread); an unknown code is answered here
in words ("Nothing matches 1234567: check the code or type it.") and stays in the field, selected,
so the next scan replaces it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from storepos.domain.errors import StoreposError
from storepos.i18n import _
from storepos.services.base import scan
from storepos.services.base.context import Actor
from storepos.services.base.scan import ScanKind, ScanTarget
from storepos.services.base.work import Work, WorkSession
from storepos.ui.refusals import worded

log = logging.getLogger(__name__)

ROUTES: dict[ScanKind, tuple[str, str]] = {
    ScanKind.ORDER: ("returns", "order_number"),
    ScanKind.RETURN: ("returns", "return_id"),
    ScanKind.PICKUP: ("pickups", "pickup"),
    ScanKind.GIFT_CARD: ("giftcards", "number"),
    ScanKind.STORE_CREDIT: ("giftcards", "number"),
    ScanKind.WARRANTY_CLAIM: ("warranty", "claim"),
    ScanKind.ITEM: ("item", "code"),
}

# (session, actor) -> what the code names, on the worker as AppContext.run takes it
Action = Work[ScanTarget]
Run = Callable[[Action, Callable[[ScanTarget], None], Callable[[Exception], None]], None]


class Resolve(Protocol):
    """`services.base.scan.resolve`: what a code names; NothingMatches (in words) when nothing."""

    def __call__(self, session: WorkSession, actor: Actor, text: str) -> ScanTarget: ...


class HomeViewPort(Protocol):
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def clear_scan(self) -> None: ...
    def select_scan(self) -> None: ...


def route(target: ScanTarget) -> tuple[str, dict[str, str]]:
    name, argument = ROUTES[target.kind]
    return name, {argument: target.key}


class HomePresenter:
    def __init__(self, view: HomeViewPort, run: Run, navigate: Callable[..., bool],
                 resolve: Resolve = scan.resolve) -> None:
        self._view, self._run, self._navigate, self._resolve = view, run, navigate, resolve
        self._latest = 0  # a newer scan wins over a slower older one

    def scanned(self, text: str) -> None:
        code = text.strip()
        if not code:
            self._view.show_error(_("Scan a barcode or type a number, then press Enter."))
            return
        self._latest += 1
        token = self._latest
        self._view.show_status(_("Looking it up…"))
        resolve = self._resolve
        self._run(lambda session, actor: resolve(session, actor, code),
                  lambda target: self._found(token, target),
                  lambda exc: self._failed(token, exc))

    def open(self, name: str) -> None:
        """A workflow button."""
        self._view.show_status("")
        self._navigate(name)

    def _found(self, token: int, target: ScanTarget) -> None:
        if token != self._latest:
            return
        name, kwargs = route(target)
        self._view.show_status("")
        if self._navigate(name, **kwargs):
            self._view.clear_scan()
        else:
            self._view.select_scan()  # the window said why; the code stays for another try

    def _failed(self, token: int, exc: Exception) -> None:
        if token != self._latest:
            return
        if isinstance(exc, StoreposError):
            self._view.show_error(worded(exc))
        else:
            log.error("scan lookup failed", exc_info=exc)
            self._view.show_error(_("That code could not be looked up. Try again; if it keeps "
                                    "failing, restart the app."))
        self._view.select_scan()
