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
    for row in variants:
        applied += _variant(session, row, local)
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


def _variant(session: Session, row: dict[str, Any], local: dict[uuid.UUID, uuid.UUID]) -> int:
    product_id = local.get(row["product_id"])
    if product_id is None:
        product_id = row["product_id"] if session.get(Product, row["product_id"]) else None
    if product_id is None:
        log.warning("catalogue variant %s not applied: its product is not here", row["id"])
        return 0
    code = scan_code(row)
    same_shoe = (Variant.product_id == product_id) & (Variant.colour == row["colour"]) & (
        Variant.size == row["size"])
    variant = (session.get(Variant, row["id"])
               or session.scalars(select(Variant).where(Variant.upc == code)).first()
               or session.scalars(select(Variant).where(same_shoe)).first())
    taken = session.scalars(select(Variant.id).where(
        (Variant.upc == code) | same_shoe)).all()
    if any(other != (variant.id if variant else None) for other in taken):
        log.warning("catalogue variant %s not applied: its code or size is another's here",
                    row["id"])
        return 0
    if variant is None:
        session.add(Variant(id=row["id"], product_id=product_id, colour=row["colour"],
                            size=row["size"], upc=code, list_price=row["price"],
                            tags=list(row["tags"])))
    else:
        variant.product_id, variant.colour, variant.size = product_id, row["colour"], row["size"]
        variant.upc, variant.list_price, variant.tags = code, row["price"], list(row["tags"])
    session.flush()
    return 1
