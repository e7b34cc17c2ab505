"""The chain's catalogue as a till applies it from a pull: products and variants upserted.

A row is found by its central id, else by what the till already knows it by (a product's style
code, a variant's scanned code, or its style, colour and size: a shoe an order document brought
first, under another id). A variant scans by its barcode, or by its SKU when it has none. A row
that would take a code or a size another row of this till holds is left alone (logged): the
till keeps working and the next import, once head office fixes it, brings it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.persistence.models import Product, Variant

log = logging.getLogger(__name__)


def scan_code(row: dict[str, Any]) -> str:
    return str(row.get("barcode") or row["sku"])


def apply_catalogue(session: Session, products: list[dict[str, Any]],
                    variants: list[dict[str, Any]]) -> int:
    """Rows applied. Products first: a variant's product comes in the same batch."""
    local: dict[uuid.UUID, uuid.UUID] = {}  # central product id -> this till's
    applied = 0
    for row in products:
        product = _product(session, row)
        if product is not None:
            local[row["id"]] = product.id
            applied += 1
    if variants:
        applied += _Variants(session, variants, local).apply()
    return applied


def _product(session: Session, row: dict[str, Any]) -> Product | None:
    product = session.get(Product, row["id"]) or session.scalars(
        select(Product).where(Product.style_code == row["handle"])).first()
    if product is None:
        product = Product(id=row["id"], style_code=row["handle"], brand=row["brand"],
                          name=row["name"], tags=list(row["tags"]))
        session.add(product)
        session.flush()
        return product
    if product.style_code != row["handle"] and session.scalars(
            select(Product.id).where(Product.style_code == row["handle"])).first():
        log.warning("catalogue product %s not applied: its handle is another product's here",
                    row["id"])
        return None
    product.style_code, product.brand, product.name = row["handle"], row["brand"], row["name"]
    product.tags = list(row["tags"])
    return product


Shoe = tuple[uuid.UUID, str, str]  # (product, colour, size): one variant each


class _Variants:
    """One batch's variants: the rows they may match read in three queries, written in one flush
    (a row's own queries made a 5,000-variant pull take 5 s of CPU)."""

    def __init__(self, session: Session, rows: list[dict[str, Any]],
                 local: dict[uuid.UUID, uuid.UUID]) -> None:
        self.session, self.rows = session, rows
        wanted = {r["product_id"] for r in rows} - set(local)
        known = set(session.scalars(select(Product.id).where(Product.id.in_(wanted)))) \
            if wanted else set()
        self.product_of = {**{p: p for p in known}, **local}
        ids = [r["id"] for r in rows]
        codes = [scan_code(r) for r in rows]
        found = session.scalars(select(Variant).where(
            Variant.id.in_(ids) | Variant.upc.in_(codes)
            | Variant.product_id.in_(set(self.product_of.values())))).all()
        self.by_id = {v.id: v for v in found}
        self.by_code = {v.upc: v for v in found}
        self.by_shoe: dict[Shoe, Variant] = {(v.product_id, v.colour, v.size): v for v in found}

    def apply(self) -> int:
        applied = sum(self._one(row) for row in self.rows)
        self.session.flush()
        return applied

    def _one(self, row: dict[str, Any]) -> int:
        product_id = self.product_of.get(row["product_id"])
        if product_id is None:
            log.warning("catalogue variant %s not applied: its product is not here", row["id"])
            return 0
        code, shoe = scan_code(row), (product_id, row["colour"], row["size"])
        variant = (self.by_id.get(row["id"]) or self.by_code.get(code)
                   or self.by_shoe.get(shoe))
        if any(holder is not None and holder is not variant
               for holder in (self.by_code.get(code), self.by_shoe.get(shoe))):
            log.warning("catalogue variant %s not applied: its code or size is another's here",
                        row["id"])
            return 0
        if variant is None:
            variant = Variant(id=row["id"], product_id=product_id, colour=row["colour"],
                              size=row["size"], upc=code, list_price=row["price"],
                              tags=list(row["tags"]))
            self.session.add(variant)
            self.by_id[variant.id] = variant
        else:
            moved = (variant.upc, (variant.product_id, variant.colour, variant.size))
            if moved != (code, shoe):
                self.by_code.pop(moved[0], None)
                self.by_shoe.pop(moved[1], None)
            variant.product_id, variant.colour, variant.size = shoe
            variant.upc, variant.list_price, variant.tags = code, row["price"], list(row["tags"])
            if moved != (code, shoe):
                # written at once: a later row of the batch may take the code or size it left
                self.session.flush()
        self.by_code[code] = self.by_shoe[shoe] = variant
        return 1
