"""What a scanned or typed code is: the home screen's one scan field, without Qt.

A keyboard-wedge scanner types the barcode and presses Enter. The code is one of:

- a printed number with a check digit (`domain.numbers`): R = Return ID, P = pickup,
  G = gift card, C = store credit, W = warranty claim;
- an order number (from the packing slip or invoice barcode), matched exactly;
- else a product's barcode (or the SKU of a variant with none) from the chain's catalogue.

`classify` reads the code without the database (a typo in a printed number says so at once);
`resolve` also checks that the thing exists, so an unknown code is answered on the home screen in
plain words instead of opening a screen that then finds nothing. The screen that opens does its
own lookup (and its own role check): this only says which kind of thing the code names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.cards import refuse_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.numbers import NumberKind, parse_number
from storepos.i18n import _
from storepos.persistence.models import (
    Order,
    Pickup,
    Return,
    ValueAccount,
    Variant,
    WarrantyClaim,
)
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import normalise_order_number

SHOWN_MAX = 40  # how much of an unknown code the message repeats


class ScanKind(StrEnum):
    ORDER = "order"
    RETURN = "return"
    PICKUP = "pickup"
    GIFT_CARD = "gift_card"
    STORE_CREDIT = "store_credit"
    WARRANTY_CLAIM = "warranty_claim"
    ITEM = "item"  # a product's barcode or SKU


_BY_NUMBER_KIND = {
    NumberKind.RETURN: ScanKind.RETURN,
    NumberKind.PICKUP: ScanKind.PICKUP,
    NumberKind.GIFT_CARD: ScanKind.GIFT_CARD,
    NumberKind.STORE_CREDIT: ScanKind.STORE_CREDIT,
    NumberKind.WARRANTY_CLAIM: ScanKind.WARRANTY_CLAIM,
}
_LETTERS = {kind.letter for kind in NumberKind}


@dataclass(frozen=True, slots=True)
class ScanTarget:
    kind: ScanKind
    key: str  # the number as stored: "R-TOR1-000123-8", "10000123", "TOR1-000045"


class NothingMatches(StoreposError, LookupError):
    """The code names nothing in this database; the message says so and repeats the code."""


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def nothing_matches(text: str) -> NothingMatches:
    return NothingMatches(_("Nothing matches {code}: check the code or type it.").format(
        code=_shown(text)))


def _looks_like_printed_number(text: str) -> bool:
    parts = [p for p in text.upper().replace("-", " ").replace("_", " ").split() if p]
    return len(parts) == 4 and parts[0] in _LETTERS and parts[2].isdigit()


def barcode_forms(code: str) -> list[str]:
    """A UPC-A (12 digits) and the same code read as an EAN-13 with a leading zero are one
    barcode: scanners are set up either way."""
    if code.isdigit() and len(code) == 12:
        return [code, "0" + code]
    if code.isdigit() and len(code) == 13 and code.startswith("0"):
        return [code, code[1:]]
    return [code]


def classify(text: str) -> ScanTarget:
    """The kind of code and its stored form, from the text alone.

    A printed number (R, P, G, C, W) must carry a correct check digit: a typo is refused in plain
    words. Anything else is taken for an order number. A payment card number is refused and never
    repeated back.
    """
    code = (text or "").strip()
    if not code:
        raise InvalidInput(_("Scan a barcode or type a number, then press Enter."))
    refuse_card_number("the scan field", code)  # refused, never repeated back
    try:
        number = parse_number(code)
    except InvalidInput:
        if _looks_like_printed_number(code):
            raise  # "That number has a typing mistake…": better than "nothing matches"
        key = normalise_order_number(code)
        if not key or len(key) > 24:
            raise nothing_matches(code) from None
        return ScanTarget(ScanKind.ORDER, key)
    return ScanTarget(_BY_NUMBER_KIND[number.kind], str(number))


_EXISTS = {
    ScanKind.ORDER: Order.number,
    ScanKind.RETURN: Return.return_number,
    ScanKind.PICKUP: Pickup.number,
    ScanKind.GIFT_CARD: ValueAccount.number,
    ScanKind.STORE_CREDIT: ValueAccount.number,
    ScanKind.WARRANTY_CLAIM: WarrantyClaim.number,
}


def resolve(session: Session, actor: Actor, text: str) -> ScanTarget:
    """What the code names, checked against the database; NothingMatches when nothing does."""
    del actor  # any signed-in employee may scan; the screen that opens checks the role
    target = classify(text)
    column = _EXISTS[target.kind]
    found = session.scalars(select(column).where(column == target.key).limit(1)).first()
    if found is None and target.kind is ScanKind.ORDER:
        # A ship-to-store parcel the web shop feed announced is numbered P + the order's number
        # (P10000012), with no check digit: it reads as an order number.
        parcel = session.scalars(select(Pickup.number).where(
            Pickup.number == target.key).limit(1)).first()
        if parcel is not None:
            return ScanTarget(ScanKind.PICKUP, parcel)
    if found is None and target.kind is ScanKind.ORDER:  # no order by that number: a product?
        item = session.scalars(select(Variant.upc).where(
            Variant.upc.in_(barcode_forms(text.strip()))).limit(1)).first()
        if item is not None:
            return ScanTarget(ScanKind.ITEM, item)
    if found is None:
        raise nothing_matches(text)
    return target
