"""A shoe's barcode scanned (or its SKU typed) at the counter: the variant it names.

The code is matched to the variant's scan code (the barcode from the chain's catalogue, or the SKU
of a variant with none). A UPC-A (12 digits) and the same code read as an EAN-13 with a leading
zero are one barcode: scanners are set up either way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.cards import refuse_card_number
from storepos.domain.errors import InvalidInput
from storepos.i18n import _
from storepos.persistence.models import Product, Variant
from storepos.services.base.scan import barcode_forms, nothing_matches


@dataclass(frozen=True, slots=True)
class ScannedItem:
    variant_id: uuid.UUID
    product_id: uuid.UUID
    brand: str
    name: str
    colour: str
    size: str
    code: str
    list_price: Decimal
    tags: tuple[str, ...]  # the product's and the variant's policy tags

    @property
    def description(self) -> str:
        parts = [f"{self.brand} {self.name}".strip(), self.colour,
                 f"size {self.size}" if self.size else ""]
        return ", ".join(p for p in parts if p)


def find_item(session: Session, text: str) -> ScannedItem:
    """The variant the code names; NothingMatches (in words) when none does."""
    code = (text or "").strip()
    if not code:
        raise InvalidInput(_("Scan a barcode or type a number, then press Enter."))
    refuse_card_number("the scan field", code)  # refused, never repeated back
    row = session.execute(
        select(Variant.id, Variant.product_id, Variant.colour, Variant.size, Variant.upc,
               Variant.list_price, Variant.tags, Product.brand, Product.name,
               Product.tags.label("product_tags"))
        .join(Product, Product.id == Variant.product_id)
        .where(Variant.upc.in_(barcode_forms(code))).limit(1)).first()
    if row is None:
        raise nothing_matches(code)
    tags = tuple(sorted({*(row.product_tags or []), *(row.tags or [])}))
    return ScannedItem(row.id, row.product_id, row.brand, row.name, row.colour, row.size,
                       row.upc, row.list_price, tags)
