"""Words for the engine's reasons and for `policy show`: what a cashier reads out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from storepos.domain.policy.model import PaidWith
from storepos.domain.policy.rules import Anchor, Finding, Requirement, Window
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag, TenderKind

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
        through = window.last_day(start).isoformat()
        limit = f"the {window.describe_length()} window from {anchor} (through {through})"
        return f"day {day} is within {limit}" if holds else f"day {day} is past {limit}"
    if holds:
        return f"day {day} of the {window.days}-day window from {anchor}"
    return f"day {day} is past the {window.days}-day window from {anchor}"


# Tenders in the middle of a sentence ("Refund to the original PayPal payment"); cards by label.
TENDER_WORDS = {
    TenderKind.PAYPAL: "PayPal",
    TenderKind.GIFT_CARD: "gift card",
    TenderKind.STORE_CREDIT: "store credit",
    TenderKind.CASH: "cash",
    TenderKind.CHEQUE: "cheque",
    TenderKind.MONEY_ORDER: "money order",
    TenderKind.PAY_OFFLINE: "pay offline",
}


def tender_words(tender: PaidWith) -> str:
    return tender.label if tender.is_card else TENDER_WORDS[tender.kind]


def _names(tenders: Iterable[PaidWith]) -> list[str]:
    return list(dict.fromkeys(tender_words(t) for t in tenders))  # two gift cards: named once


def refund_destination(paid_with: Iterable[PaidWith]) -> str:
    """Where a refund goes: back to what paid ("Refund to the original PayPal payment").

    The one wording of it: the line's reason, the printed receipt and the side panel all use it.
    """
    names = _names(t for t in paid_with if t.paid)
    if not names:
        return "Nothing goes back: the order was never paid (pay offline)"
    if len(names) == 1:
        return f"Refund to the original {names[0]} payment"
    return f"Refund to the original payments: {join_words(names, last='and')}"


def requirement_words(requirement: Requirement, paid_with: tuple[PaidWith, ...] = ()) -> str:
    """What staff must see; the original card is named when the till knows the tenders."""
    cards = _names(t for t in paid_with if t.is_card)
    if requirement is not Requirement.ORIGINAL_CARD or not cards:
        return REQUIREMENT_WORDS[requirement]
    card_words = join_words(cards, last="and")
    others = _names(t for t in paid_with if not t.is_card and t.paid)
    if others:  # split tender: the card's part goes back to the card, so it must be shown
        return f"the card that paid part of it ({card_words}; {join_words(others, last='and')} paid the rest)"
    return f"{REQUIREMENT_WORDS[requirement]} ({card_words})"


def card_check_hint(paid_with: Iterable[PaidWith]) -> str:
    """Under the counter's "Original card" box: the card to ask for, or where a refund goes."""
    tenders = tuple(paid_with)
    cards = _names(t for t in tenders if t.is_card)
    if cards:
        return ", ".join(cards)
    if not tenders:
        return "No payment on record"
    return f"Paid without a card. {refund_destination(tenders)}."
