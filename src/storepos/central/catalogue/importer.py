"""Write the Shopify export into the central catalogue: products by Handle, variants by SKU.

Re-importing updates, never duplicates: a product is upserted on its handle and a variant on its
SKU, and a row that exists keeps its id (new ones get uuid5 of the handle or SKU, so the same
file gives the same ids anywhere and the tills' references hold). Only rows that really changed
are written and logged for the tills' pull (kind "product" / "variant", scope everyone).

One policy for wrong rows: the whole import is one transaction, and when any row is wrong nothing
is imported (the rows are listed by line); `skip_bad_rows` imports the good ones and still lists
the others. The file is streamed and written in chunks: memory holds one chunk, plus the SKUs and
barcodes seen (to find one twice in the file) and the handles' product ids.

On PostgreSQL a chunk is COPYed into a temporary table, then upserted and logged in one statement
(a multi-row INSERT with a dozen parameters a row spent most of its time having its text parsed
by the driver); SQLite takes the same upsert as an executemany.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    Text,
    any_,
    bindparam,
    cast,
    or_,
    select,
    text,
)
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


@dataclass(frozen=True, slots=True)
class _Upsert:
    """How one table is upserted: on `key`, writing `moving` (+ tags) when any differs."""

    table: Table
    key: str
    moving: tuple[str, ...]
    kind: str  # the change log's kind
    extra: tuple[str, ...] = ()  # set on every write, never compared

    @property
    def columns(self) -> tuple[str, ...]:
        return ("id", self.key, *self.moving, "tags", *self.extra, "updated_at")

    def staged_sql(self) -> str:
        """PostgreSQL: upsert the staged chunk, log each written row, return (id, key) of each."""
        cols = ", ".join(self.columns)
        sets = ", ".join(f"{c} = excluded.{c}" for c in (*self.moving, "tags", "updated_at"))
        sets += "".join(f", {c} = false" for c in self.extra)  # from_order: the import's now
        differs = " OR ".join([*(f"t.{c} IS DISTINCT FROM excluded.{c}" for c in self.moving),
                               "t.tags::text IS DISTINCT FROM excluded.tags::text",
                               *(f"t.{c}" for c in self.extra)])
        return f"""
WITH written AS (
    INSERT INTO {self.table.name} AS t ({cols}) SELECT {cols} FROM staged_{self.table.name}
    ON CONFLICT ({self.key}) DO UPDATE SET {sets} WHERE {differs}
    RETURNING t.id, t.{self.key}),
logged AS (
    INSERT INTO changes (tx, scope, kind, entity_id)
    SELECT :tx, :scope, '{self.kind}', id FROM written)
SELECT id, {self.key} FROM written"""


PRODUCTS = _Upsert(catalogue_products, "handle", ("brand", "name"), "product")
VARIANTS = _Upsert(catalogue_variants, "sku",
                   ("product_id", "barcode", "colour", "size", "price", "compare_at_price"),
                   "variant", extra=("from_order",))


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


class _Writer:
    def __init__(self, conn: Connection, mapping: TagMapping, export: ShopifyExport,
                 report: ImportReport) -> None:
        self.conn, self.mapping, self.export, self.report = conn, mapping, export, report
        self.pg = conn.dialect.name == "postgresql"
        self.product_of: dict[str, uuid.UUID] = {}  # handle -> product id (as stored)
        self.now = datetime.now(UTC)
        self._staged: set[str] = set()  # PostgreSQL: the temporary tables made so far

    def _in(self, column: Any, values: Sequence[str]) -> ColumnElement[bool]:
        """column IN values; on PostgreSQL one array parameter (= ANY), not one per value."""
        if self.pg:
            return column == any_(bindparam(None, list(values),  # type: ignore[no-any-return]
                                            type_=postgresql.ARRAY(column.type)))
        return column.in_(values)  # type: ignore[no-any-return]

    def _upsert(self, how: _Upsert, values: list[dict[str, Any]]) -> Sequence[Any]:
        """Write the rows that are new or differ; log them; (id, key) of each written."""
        if self.pg:
            return self._upsert_staged(how, values)
        t = how.table
        insert = sqlite.insert(t)
        ex = insert.excluded
        stmt = insert.on_conflict_do_update(
            index_elements=[t.c[how.key]],
            set_={**{c: ex[c] for c in (*how.moving, "tags", "updated_at")},
                  **dict.fromkeys(how.extra, False)},
            where=or_(*(t.c[c].is_distinct_from(ex[c]) for c in how.moving),
                      cast(t.c.tags, Text).is_distinct_from(cast(ex.tags, Text)),
                      *(t.c[c] for c in how.extra)),
        ).returning(t.c.id, t.c[how.key])
        written = self.conn.execute(stmt, values).all()
        record_changes(self.conn, [(EVERYONE, how.kind, r[0]) for r in written])
        return written

    def _upsert_staged(self, how: _Upsert, values: list[dict[str, Any]]) -> Sequence[Any]:
        name = f"staged_{how.table.name}"
        if name in self._staged:
            self.conn.exec_driver_sql(f"TRUNCATE {name}")
        else:
            self.conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} (LIKE {how.table.name}) "
                                      "ON COMMIT DROP")
            self._staged.add(name)
        raw: Any = self.conn.connection.dbapi_connection
        with raw.cursor() as cur, cur.copy(f"COPY {name} ({', '.join(how.columns)}) "
                                           "FROM STDIN") as copy:
            for v in values:
                copy.write_row([json.dumps(v[c]) if c == "tags" else v[c]
                                for c in how.columns])
        return self.conn.execute(text(how.staged_sql()), {
            "tx": current_tx(self.conn), "scope": EVERYONE}).all()

    def products(self, rows: list[ProductRow]) -> None:
        if not rows:
            return
        written = self._upsert(PRODUCTS, [
            {"id": product_id_for(r.handle), "handle": r.handle, "brand": r.brand,
             "name": r.name, "tags": self.mapping.policy_tags(r.shop_tags),
             "updated_at": self.now} for r in rows])
        self.product_of.update({handle: pid for pid, handle in written})
        self.report.products_written += len(written)

    def _resolve_handles(self, handles: Iterable[str]) -> None:
        wanted = [h for h in dict.fromkeys(handles) if h not in self.product_of]
        if wanted:
            t = catalogue_products
            self.product_of.update(
                {r.handle: r.id for r in self.conn.execute(
                    select(t.c.handle, t.c.id).where(self._in(t.c.handle, wanted)))})

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
                select(v.c.barcode, v.c.sku).where(self._in(v.c.barcode, list(codes)))):
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
                    r.line, f"the product {r.handle!r} has no good row with its Title, here or "
                            "in the catalogue"))
            elif r.barcode and r.barcode in taken:
                self.report.bad.append(BadRow(
                    r.line, f"the barcode {r.barcode!r} is on SKU {taken[r.barcode]!r} in the "
                            "catalogue already"))
            else:
                good.append(r)
        self.report.variants += len(good)
        if not good:
            return
        written = self._upsert(VARIANTS, [
            {"id": variant_id_for(r.sku), "product_id": self.product_of[r.handle],
             "sku": r.sku, "barcode": r.barcode, "colour": r.colour, "size": r.size,
             "price": r.price, "compare_at_price": r.compare_at_price,
             # A compare-at price above the price is a reduced list price: the policy's "sale".
             "tags": ["sale"] if r.compare_at_price and r.compare_at_price > r.price else [],
             "from_order": False, "updated_at": self.now} for r in good])
        self.report.variants_written += len(written)


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
