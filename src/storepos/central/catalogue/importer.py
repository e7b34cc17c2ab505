"""Write the Shopify export into the central catalogue: products by Handle, variants by SKU.

Re-importing updates, never duplicates: a product is upserted on its handle and a variant on its
SKU, and a row that exists keeps its id (new ones get uuid5 of the handle or SKU, so the same
file gives the same ids anywhere and the tills' references hold). Only rows that really changed
are written and logged for the tills' pull (kind "product" / "variant", scope everyone).

One policy for wrong rows: the whole import is one transaction, and when any row is wrong nothing
is imported (the rows are listed by line); `skip_bad_rows` imports the good ones and still lists
the others. The file is streamed and written in chunks: memory holds one chunk, plus the SKUs and
barcodes seen (to find one twice in the file) and the handles' product ids.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine, Text, cast, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite

from storepos.central.catalogue.shopify_csv import (
    BadRow,
    ProductRow,
    ShopifyExport,
    VariantRow,
)
from storepos.central.catalogue.tag_mapping import TagMapping
from storepos.central.changes import record_changes
from storepos.central.schema import catalogue_products, catalogue_variants
from storepos.central.sql import current_tx
from storepos.sync.protocol import EVERYONE

# Fixed forever: the ids of products and variants made by the import are uuid5 under it.
CATALOGUE_NAMESPACE = uuid.UUID("6f1d3c2e-5b7a-4e0f-9a41-3c8e2b7d9f10")
CHUNK = 1000
MOVING = ("product_id", "barcode", "colour", "size", "price", "compare_at_price")
COLUMNS = ("id", "sku", *MOVING, "tags", "from_order", "updated_at")
# Upsert the staged chunk on SKU (a row that exists keeps its id; one that did not change is not
# written) and log each written variant for the tills' pull, in one statement.
_STAGED_UPSERT = f"""
WITH written AS (
    INSERT INTO catalogue_variants AS t ({', '.join(COLUMNS)})
    SELECT {', '.join(COLUMNS)} FROM catalogue_import
    ON CONFLICT (sku) DO UPDATE SET
        {', '.join(f"{c} = excluded.{c}" for c in MOVING)},
        tags = excluded.tags, from_order = false, updated_at = excluded.updated_at
    WHERE {' OR '.join(f"t.{c} IS DISTINCT FROM excluded.{c}" for c in MOVING)}
        OR t.tags::text IS DISTINCT FROM excluded.tags::text OR t.from_order
    RETURNING t.id)
INSERT INTO changes (tx, scope, kind, entity_id)
SELECT :tx, :scope, 'variant', id FROM written
"""


def product_id_for(handle: str) -> uuid.UUID:
    return uuid.uuid5(CATALOGUE_NAMESPACE, "handle:" + handle)


def variant_id_for(sku: str) -> uuid.UUID:
    return uuid.uuid5(CATALOGUE_NAMESPACE, "sku:" + sku)


class NothingImported(Exception):
    """Rows were wrong and the import was all or nothing: the transaction was rolled back."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.bad)} row(s) are wrong; nothing was imported")
        self.report = report


@dataclass(slots=True)
class ImportReport:
    rows: int = 0  # data rows read (blank lines aside)
    image_rows: int = 0  # rows with no variant (extra images), passed over
    products: int = 0  # products in the file that are good
    variants: int = 0  # variants in the file that are good
    products_written: int = 0  # added or changed
    variants_written: int = 0
    unmapped_tags: list[str] = field(default_factory=list)  # shop tags that are no policy tag
    bad: list[BadRow] = field(default_factory=list)
    imported: bool = False


def _insert(conn: Connection, table: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (PostgreSQL's and SQLite's differ in type)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class _Writer:
    def __init__(self, conn: Connection, mapping: TagMapping, export: ShopifyExport,
                 report: ImportReport) -> None:
        self.conn, self.mapping, self.export, self.report = conn, mapping, export, report
        self.product_of: dict[str, uuid.UUID] = {}  # handle -> product id (as stored)
        self.now = datetime.now(UTC)
        self._staged = False  # PostgreSQL: the temporary table for the chunks is made

    def products(self, rows: list[ProductRow]) -> None:
        if not rows:
            return
        t = catalogue_products
        stmt = _insert(self.conn, t)
        ex = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.handle],
            set_={"brand": ex.brand, "name": ex.name, "tags": ex.tags, "updated_at": ex.updated_at},
            where=or_(t.c.brand.is_distinct_from(ex.brand), t.c.name.is_distinct_from(ex.name),
                      cast(t.c.tags, Text).is_distinct_from(cast(ex.tags, Text))),
        ).returning(t.c.id, t.c.handle)
        changed = self.conn.execute(stmt, [
            {"id": product_id_for(r.handle), "handle": r.handle, "brand": r.brand,
             "name": r.name, "tags": self.mapping.policy_tags(r.shop_tags),
             "updated_at": self.now} for r in rows]).all()
        self.product_of.update({r.handle: r.id for r in changed})
        record_changes(self.conn, [(EVERYONE, "product", r.id) for r in changed])
        self.report.products_written += len(changed)

    def _resolve_handles(self, handles: Iterable[str]) -> None:
        wanted = [h for h in dict.fromkeys(handles) if h not in self.product_of]
        if wanted:
            t = catalogue_products
            self.product_of.update(
                {r.handle: r.id for r in self.conn.execute(
                    select(t.c.handle, t.c.id).where(t.c.handle.in_(wanted)))})

    def _barcodes_taken(self, rows: list[VariantRow]) -> dict[str, str]:
        """Barcode -> the other SKU holding it in the catalogue, for this chunk's barcodes. A
        holder whose row came earlier in this file has its new barcode already (or gives this
        one up in this chunk): not a conflict."""
        codes = {r.barcode: r.sku for r in rows if r.barcode}
        if not codes:
            return {}
        v = catalogue_variants
        taken = {}
        for code, holder in self.conn.execute(
                select(v.c.barcode, v.c.sku).where(v.c.barcode.in_(list(codes)))):
            if holder != codes[code] and holder not in self.export.skus:
                taken[code] = holder
        return taken

    def variants(self, rows: list[VariantRow]) -> None:
        if not rows:
            return
        self._resolve_handles(r.handle for r in rows)
        taken = self._barcodes_taken(rows)
        good = []
        for r in rows:
            if r.handle not in self.product_of:
                self.report.bad.append(BadRow(
                    r.line, f"the product {r.handle!r} has no row with its Title, here or in "
                            "the catalogue"))
            elif r.barcode and r.barcode in taken:
                self.report.bad.append(BadRow(
                    r.line, f"the barcode {r.barcode!r} is on SKU {taken[r.barcode]!r} in the "
                            "catalogue already"))
            else:
                good.append(r)
        self.report.variants += len(good)
        if not good:
            return
        values = [
            {"id": variant_id_for(r.sku), "product_id": self.product_of[r.handle],
             "sku": r.sku, "barcode": r.barcode, "colour": r.colour, "size": r.size,
             "price": r.price, "compare_at_price": r.compare_at_price,
             # A compare-at price above the price is a reduced list price: the policy's "sale".
             "tags": ["sale"] if r.compare_at_price and r.compare_at_price > r.price else [],
             "from_order": False, "updated_at": self.now} for r in good]
        if self.conn.dialect.name == "postgresql":
            self.report.variants_written += self._upsert_staged(values)
            return
        t = catalogue_variants
        stmt = _insert(self.conn, t)
        ex = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.c.sku],
            set_={**{c: ex[c] for c in MOVING}, "tags": ex.tags, "from_order": False,
                  "updated_at": ex.updated_at},
            where=or_(*(t.c[c].is_distinct_from(ex[c]) for c in MOVING),
                      cast(t.c.tags, Text).is_distinct_from(cast(ex.tags, Text)),
                      t.c.from_order),
        ).returning(t.c.id)
        changed = self.conn.execute(stmt, values).scalars().all()
        record_changes(self.conn, [(EVERYONE, "variant", i) for i in changed])
        self.report.variants_written += len(changed)

    def _upsert_staged(self, values: list[dict[str, Any]]) -> int:
        """PostgreSQL: the chunk is COPYed into a temporary table, then upserted and logged in
        one statement (a multi-row INSERT with 11 parameters a row spent most of its time having
        its text parsed by the driver)."""
        if self._staged:
            self.conn.exec_driver_sql("TRUNCATE catalogue_import")
        else:
            self.conn.exec_driver_sql(
                "CREATE TEMPORARY TABLE catalogue_import (LIKE catalogue_variants) "
                "ON COMMIT DROP")
            self._staged = True
        raw: Any = self.conn.connection.dbapi_connection
        with raw.cursor() as cur, cur.copy(f"COPY catalogue_import ({', '.join(COLUMNS)}) "
                                           "FROM STDIN") as copy:
            for v in values:
                copy.write_row([json.dumps(v[c]) if c == "tags" else v[c] for c in COLUMNS])
        return self.conn.execute(text(_STAGED_UPSERT), {
            "tx": current_tx(self.conn), "scope": EVERYONE}).rowcount


def import_catalogue(engine: Engine, stream: BinaryIO, mapping: TagMapping, *,
                     skip_bad_rows: bool = False, chunk: int = CHUNK) -> ImportReport:
    """Import the export in one transaction. NothingImported (with the report) when a row is
    wrong and `skip_bad_rows` is not set; CatalogueFileError when the file is no export at all."""
    report = ImportReport()
    export = ShopifyExport(stream)
    with engine.connect() as conn:
        tx = conn.begin()
        try:
            writer = _Writer(conn, mapping, export, report)
            products: list[ProductRow] = []
            variants: list[VariantRow] = []
            for row in export:
                if isinstance(row, BadRow):
                    report.bad.append(row)
                elif isinstance(row, ProductRow):
                    products.append(row)
                    report.products += 1
                else:
                    variants.append(row)
                    if len(variants) >= chunk:
                        writer.products(products)  # a variant's product first
                        writer.variants(variants)
                        products, variants = [], []
            writer.products(products)
            writer.variants(variants)
            report.rows, report.image_rows = export.rows_read, export.image_rows
            report.unmapped_tags = sorted(mapping.unmapped)
            report.bad.sort(key=lambda b: b.line)
            if report.bad and not skip_bad_rows:
                tx.rollback()
                raise NothingImported(report)
            tx.commit()
            report.imported = True
            return report
        finally:
            if tx.is_active:
                tx.rollback()
