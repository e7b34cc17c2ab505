"""Words for the engine's reasons and for `policy show`: what a cashier reads out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from storepos.domain.policy.rules import Anchor, Finding, Requirement, Window
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag

RESOLUTION_WORDS = {
    Resolution.REFUND: "refund",
    Resolution.EXCHANGE: "exchange",
    Resolution.STORE_CREDIT: "store credit",
    Resolution.REPLACEMENT: "replacement",
    Resolution.REPAIR: "repair",
}

TAG_WORDS = {
    Tag.FINAL_SALE: "final-sale",
    Tag.CLEARANCE: "clearance",
    Tag.SALE: "sale",
    Tag.DISCOUNTED: "discounted",
    Tag.SECOND_PAIR_PROMO: "2nd-pair-half-price",
    Tag.BUNDLE: "bundle",
    Tag.ONE_OF_A_KIND: "one-of-a-kind",
    Tag.ACCESSORY: "accessory",
}

REQUIREMENT_WORDS = {
    Requirement.UNWORN: "the item unworn",
    Requirement.ORIGINAL_BOX: "the original shoe box",
    Requirement.PACKAGING_INTACT: "the original packaging intact",
    Requirement.PROOF_OF_PURCHASE: "proof of purchase (invoice or receipt)",
    Requirement.ORIGINAL_CARD: "the original card used for the purchase",
}

FINDING_WORDS = {
    Finding.WEAR_AND_TEAR: "Wear and tear is not a manufacturing defect",
    Finding.MISUSE: "Damage from misuse is not covered",
    Finding.UNCONFIRMED: "Staff did not confirm a manufacturing defect",
}

FULFILLMENT_WORDS = {
    Fulfillment.SHIP_TO_HOME: "ship-to-home",
    Fulfillment.SHIP_TO_STORE: "ship-to-store (pickup)",
    Fulfillment.IN_STORE: "in-store",
}

STORE_KIND_WORDS = {StoreKind.RETAIL: "a retail store", StoreKind.OUTLET: "an outlet store"}

ANCHOR_WORDS = {Anchor.PURCHASE: "purchase", Anchor.RECEIPT: "receipt"}


def join_words(words: Iterable[str], last: str = "or") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


@lru_cache(maxsize=256)
def resolutions(allow: tuple[Resolution, ...]) -> str:
    """"Refund, exchange or store credit" (cached: the same few tuples come back for every item)."""
    text = join_words(RESOLUTION_WORDS[r] for r in allow)
    return text[:1].upper() + text[1:]


def window_phrase(window: Window) -> str:
    """`75 days from purchase`, `1 year from purchase, after day 75`."""
    text = f"{window.describe_length()} from {ANCHOR_WORDS[window.anchor]}"
    if window.after_days is not None:
        text += f", after day {window.after_days}"
    return text


def window_status(window: Window, start: date, today: date, holds: bool) -> str:
    day = (today - start).days
    anchor = f"{ANCHOR_WORDS[window.anchor]} on {start.isoformat()}"
    if window.months:
        limit = f"the {window.describe_length()} window from {anchor} (through {window.last_day(start).isoformat()})"
        return f"day {day} is within {limit}" if holds else f"day {day} is past {limit}"
    if holds:
        return f"day {day} of the {window.days}-day window from {anchor}"
    return f"day {day} is past the {window.days}-day window from {anchor}"
