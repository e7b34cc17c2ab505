"""Order lines meet the chain's catalogue by SKU (central catalogue_products / _variants). A SKU
the catalogue does not have becomes a product and variant made from the line (from_order = true)
and a warning for head office, so the order still reaches the tills and can be returned."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, any_, bindparam, select
from sqlalchemy.dialects import postgresql

from storepos.central.schema import catalogue_products, catalogue_variants
from storepos.central.sql import insert_ignore

from .ids import NAMESPACE
from .model import WebLine

_SIZE = re.compile(r"^(\d{1,2}(?:[.,]5)?[A-Za-z]{0,2}|XXS|XS|S|M|L|XL|XXL|O/?S)$", re.IGNORECASE)
_SLUG = re.compile(r"[^a-z0-9]+")
# The till's columns (persistence/models/catalog.py): a longer value would not fit there.
TILL_STYLE, TILL_UPC = 30, 14


@dataclass(frozen=True, slots=True)
class Found:
    """A catalogue variant as an order document carries it to the tills."""

    variant: dict[str, Any]
    from_order: bool  # made from an order line (now or earlier), not from the catalogue import


def _short(value: str, limit: int) -> str:
    """`value`, or (too long for the till's column) a cut of it with a hash that keeps it unique."""
    if len(value) <= limit:
        return value
    return f"{value[:limit - 9]}-{hashlib.sha256(value.encode()).hexdigest()[:8]}"


def _document(v: Any) -> dict[str, Any]:
    return {"id": str(v.id), "colour": (v.colour or "")[:40], "size": (v.size or "")[:10],
            "upc": _short(v.barcode or v.sku, TILL_UPC), "list_price": f"{v.price:.2f}",
            "tags": list(v.tags or []), "sku": v.sku,
            "product": {"id": str(v.product_id), "style_code": _short(v.handle, TILL_STYLE),
                        "brand": (v.brand or "")[:60], "name": (v.name or "")[:120],
                        "tags": list(v.product_tags or [])}}


@cache
def variants_query(dialect: str) -> Select[Any]:
    """The catalogue's variants of the SKUs given as `skus`, built once (PostgreSQL: = ANY of
    one array parameter, so a batch sends it as compiled)."""
    p, v = catalogue_products, catalogue_variants
    skus = (v.c.sku == any_(bindparam("skus", type_=postgresql.ARRAY(v.c.sku.type)))
            if dialect == "postgresql" else v.c.sku.in_(bindparam("skus", expanding=True)))
    return (select(v.c.id, v.c.product_id, v.c.sku, v.c.barcode, v.c.colour, v.c.size, v.c.price,
                   v.c.tags, v.c.from_order, p.c.handle, p.c.brand, p.c.name,
                   p.c.tags.label("product_tags"))
            .join(p, p.c.id == v.c.product_id).where(skus))


def _select(conn: Connection, skus: list[str]) -> dict[str, Any]:
    rows = conn.execute(variants_query(conn.dialect.name), {"skus": skus}).all()
    return {r.sku: r for r in rows}


def colour_and_size(variant_title: str) -> tuple[str, str]:
    """Shopify's variant title joins the option values with " / " ("Black / 8")."""
    parts = [p.strip() for p in variant_title.split("/") if p.strip()]
    size = next((p for p in parts if _SIZE.match(p)), "")
    colour = next((p for p in parts if p != size), "")
    return colour, size


def line_sku(line: WebLine, source: str) -> str:
    """The line's SKU; a line with none is named by its source line id."""
    return line.sku or f"{source.split(':')[0].upper()}-{line.source_id}"[:64]


def skus_of(lines: list[WebLine], source: str) -> list[str]:
    """The lines' SKUs, each once (variants_query's `skus`)."""
    return list(dict.fromkeys(line_sku(line, source) for line in lines))


def variants_for(conn: Connection, lines: list[WebLine], source: str, now: datetime,
                 rows: list[Any] | None = None) -> list[Found]:
    """The catalogue variant of each line, made from the line when its SKU is unknown.
    `rows`: variants_query's answer for skus_of(lines), when the caller read it already."""
    skus = [line_sku(line, source) for line in lines]
    known = ({r.sku: r for r in rows} if rows is not None
             else _select(conn, list(dict.fromkeys(skus))))
    for line, sku in zip(lines, skus, strict=True):
        if sku not in known:
            _make(conn, line, sku, now)
            known.update(_select(conn, [sku]))
    return [Found(_document(known[sku]), bool(known[sku].from_order)) for sku in skus]


def _make(conn: Connection, line: WebLine, sku: str, now: datetime) -> None:
    title = line.title or sku
    handle = (_SLUG.sub("-", title.lower()).strip("-") or "order-line")[:255]
    product_id = uuid.uuid5(NAMESPACE, f"catalogue/product/{handle}")
    conn.execute(insert_ignore(conn, catalogue_products), {
        "id": product_id, "handle": handle, "brand": line.vendor[:120], "name": title[:255],
        "tags": [], "updated_at": now})
    found = conn.execute(select(catalogue_products.c.id).where(
        catalogue_products.c.handle == handle)).scalar_one()
    colour, size = colour_and_size(line.variant_title)
    conn.execute(insert_ignore(conn, catalogue_variants), {
        "id": uuid.uuid5(NAMESPACE, f"catalogue/variant/{sku}"), "product_id": found,
        "sku": sku, "barcode": None, "colour": colour[:60], "size": size[:30],
        "price": line.price, "compare_at_price": None, "tags": [], "from_order": True,
        "updated_at": now})
