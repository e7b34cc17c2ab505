"""The item screen's door: one read, run inside the unit of work `AppContext.run` opens on the
worker thread (`(session, actor, code) -> ItemCard`). `ItemsDoor` is its shape, which the screen's
presenter takes (this module is the real one).

A cashier scans the shoe a customer brought back (often with no receipt): the item says what the
policy will think of it (final sale, one of a kind ...), and the orders on this till that hold
that very variant are listed newest first, each opening as a return with its number and last name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storepos.domain.vocabulary import Tag
from storepos.persistence.models import Order, OrderLine, Variant
from storepos.services.base.context import Actor
from storepos.services.base.item_lookup import ScannedItem, find_item
from storepos.wording.policy import tag_label

RECENT_ORDERS = 10

# The policy's tags in the order a cashier reads them (final sale first: it decides most); their
# words, in the screen's language, come from the policy's wording (storepos.wording.policy).
TAG_ORDER: tuple[Tag, ...] = (Tag.FINAL_SALE, Tag.CLEARANCE, Tag.SALE, Tag.DISCOUNTED,
                              Tag.SECOND_PAIR_PROMO, Tag.BUNDLE, Tag.ONE_OF_A_KIND, Tag.ACCESSORY)


@dataclass(frozen=True, slots=True)
class ItemOrder:
    """An order holding the scanned variant: enough to open it as a return."""

    number: str
    last_name: str
    placed_on: date
    quantity: int
    returned: int


@dataclass(frozen=True, slots=True)
class ItemCard:
    item: ScannedItem
    tag_words: tuple[str, ...]
    orders: tuple[ItemOrder, ...]  # newest first, at most RECENT_ORDERS


class ItemsDoor(Protocol):
    """What the item presenter asks of the services (tests hand it a fake)."""

    def load_item(self, session: Session, actor: Actor, code: str) -> ItemCard: ...


def tag_words(tags: tuple[str, ...]) -> tuple[str, ...]:
    """In TAG_ORDER, a chain's own tags last (by their name: the policy has no words for them)."""
    known = [tag_label(t) for t in TAG_ORDER if t in tags]
    return (*known, *(t.replace("_", " ").capitalize() for t in tags if t not in TAG_ORDER))


def load_item(session: Session, actor: Actor, code: str) -> ItemCard:
    """The variant a barcode or SKU names and the recent orders on this till that hold it."""
    del actor  # any signed-in employee may look; a return opened from here checks its role
    item = find_item(session, code)
    rows = session.execute(
        select(Order.number, Order.billing_last_name, Order.placed_on, OrderLine.quantity,
               OrderLine.quantity_returned)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(OrderLine.variant_id == item.variant_id)
        .order_by(Order.placed_on.desc(), Order.number.desc()).limit(RECENT_ORDERS)).all()
    return ItemCard(item, tag_words(item.tags), tuple(ItemOrder(*row) for row in rows))


def demo_item(session: Session, actor: Actor) -> dict[str, str]:
    """For screenshots: the demo variant in the most orders, a tagged one first, as `on_enter`
    arguments."""
    del actor
    tagged = func.coalesce(func.length(Variant.tags), 0) > 2  # more than "[]"
    code = session.scalars(
        select(Variant.upc).join(OrderLine, OrderLine.variant_id == Variant.id)
        .group_by(Variant.id, Variant.upc, Variant.tags)
        .order_by(tagged.desc(), func.count().desc(), Variant.upc).limit(1)).first()
    return {"code": code} if code else {}
