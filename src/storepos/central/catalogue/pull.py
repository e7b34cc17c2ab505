"""The catalogue's rows as a till pulls them (every store reads the whole catalogue)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, select

from storepos.central.schema import catalogue_products, catalogue_variants


def products(conn: Connection, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    if not ids:
        return []
    p = catalogue_products
    return [{"id": r.id, "handle": r.handle, "brand": r.brand, "name": r.name,
             "tags": list(r.tags or [])}
            for r in conn.execute(select(p.c.id, p.c.handle, p.c.brand, p.c.name, p.c.tags)
                                  .where(p.c.id.in_(ids)))]


def variants(conn: Connection, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    if not ids:
        return []
    v = catalogue_variants
    return [{"id": r.id, "product_id": r.product_id, "sku": r.sku, "barcode": r.barcode,
             "colour": r.colour, "size": r.size, "price": r.price, "tags": list(r.tags or [])}
            for r in conn.execute(select(v.c.id, v.c.product_id, v.c.sku, v.c.barcode,
                                         v.c.colour, v.c.size, v.c.price, v.c.tags)
                                  .where(v.c.id.in_(ids)))]
