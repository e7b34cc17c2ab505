"""A scanned product: loads off the GUI thread, shows what it is (brand, name, colour, size,
price, policy tags in words) and the orders that hold it, or says in words why not.

It reaches the services only through the items door (`services.items.api`, an `ItemsDoor`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from storepos.domain.errors import StoreposError
from storepos.i18n import _, ngettext
from storepos.services.base.work import Work
from storepos.services.items.api import ItemCard, ItemsDoor
from storepos.ui.items.model import ItemOrderRow
from storepos.ui.refusals import worded

Money = Callable[[Decimal], str]  # in the store's locale and currency
Day = Callable[[date], str]


@dataclass(frozen=True, slots=True)
class ItemText:
    """What the view shows, every field already worded."""

    title: str  # "Birkenstock Arizona Soft Footbed Suede"
    detail: str  # "Mocha, size 40 · 4040887703409"
    price: str
    tags: str  # "Final sale · Clearance", or ""
    orders: list[ItemOrderRow]
    status: str


class ItemViewPort(Protocol):
    def show_item(self, text: ItemText) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_status(self, text: str) -> None: ...


Run = Callable[[Work[ItemCard], Callable[[ItemCard], None], Callable[[Exception], None]], None]


def item_text(card: ItemCard, money: Money, day: Day) -> ItemText:
    item = card.item
    size = _("size {size}").format(size=item.size) if item.size else ""
    sizes = ", ".join(p for p in (item.colour, size) if p)
    rows = [ItemOrderRow(o.number, o.last_name, day(o.placed_on), o.quantity,
                         ngettext("{returned} of {quantity} back", "{returned} of {quantity} back",
                                  o.returned).format(returned=o.returned, quantity=o.quantity)
                         if o.returned else "")
            for o in card.orders]
    status = (ngettext("{n} recent order holds this item: choose one to open it as a return.",
                       "{n} recent orders hold this item: choose one to open it as a return.",
                       len(rows)).format(n=len(rows)) if rows
              else _("No order on this till holds this item."))
    return ItemText(f"{item.brand} {item.name}".strip(),
                    " · ".join(p for p in (sizes, item.code) if p), money(item.list_price),
                    " · ".join(card.tag_words), rows, status)


class ItemPresenter:
    def __init__(self, view: ItemViewPort, run: Run, door: ItemsDoor, *, money: Money,
                 day: Day) -> None:
        self._view, self._run, self._door = view, run, door
        self._money, self._day = money, day
        self._latest = 0  # a newer scan wins over a slower older one

    def enter(self, code: str) -> None:
        self._latest += 1
        token = self._latest
        self._view.show_status(_("Looking it up…"))
        self._run(lambda s, a: self._door.load_item(s, a, code),
                  lambda card: self._loaded(token, card), lambda exc: self._failed(token, exc))

    def _loaded(self, token: int, card: ItemCard) -> None:
        if token == self._latest:
            self._view.show_item(item_text(card, self._money, self._day))

    def _failed(self, token: int, exc: Exception) -> None:
        if token != self._latest:
            return
        self._view.show_error(worded(exc) if isinstance(exc, StoreposError)
                              else _("That item could not be looked up. Try again."))
