"""Catalogue import of a Shopify product export with 50,000 variants (issue 13): wall time and
peak memory, next to a floor in the same run.

The CSV is generated (5,000 products x 10 sizes, Shopify's full 40-column export layout, product
fields on each handle's first row only, one image row per product). Each measurement runs in its
own fresh process (so ru_maxrss is that run's peak), on a fresh PostgreSQL database:

- floor: psycopg COPY of the same products and variants (already parsed, as tuples) into the
  empty tables, in one transaction: what writing the rows costs with nothing checked;
- import: `import_catalogue` into the empty tables (parse, check every row, upsert, log changes);
- re-import, nothing changed (every row compared, none written);
- re-import, every price changed (every variant updated and logged);
- the same import on SQLite (the embedded central);
- a till (SQLite) pulling all of it from that SQLite central and applying it (not against the
  floor: a till's side, for scale).
Wall time is what head office waits; "our CPU" is this process's CPU time (the database
server's work is in the wall time only). Peak memory: ru_maxrss of the process (the interpreter
and its imports included; the "idle" line is a process that imports everything and does
nothing), and the Python heap's peak during the import (tracemalloc, in a separate run as it
slows the code down).

Run: python benchmarks/catalogue_bench.py [--variants 50000] [--pg URL]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine

PG = os.environ.get("STOREPOS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SIZES = ("5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "10")
HEADER = [  # Shopify's product export, as it comes
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option1 Linked To", "Option2 Name", "Option2 Value",
    "Option2 Linked To", "Option3 Name", "Option3 Value", "Option3 Linked To", "Variant SKU",
    "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
    "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price",
    "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable", "Variant Barcode",
    "Image Src", "Image Position", "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
    "Google Shopping / Google Product Category", "Variant Image", "Variant Weight Unit",
    "Variant Tax Code", "Cost per item", "Status",
]


def ean13(n: int) -> str:
    body = f"40{n:010d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def write_csv(path: Path, variants: int, price: str = "129.95") -> None:
    col = {name: i for i, name in enumerate(HEADER)}
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        n = 0
        for p in range(variants // len(SIZES)):
            handle = f"style-{p:05d}-leather-chelsea-boot"
            for i, size in enumerate(SIZES):
                row = [""] * len(HEADER)
                row[col["Handle"]] = handle
                if i == 0:
                    row[col["Title"]] = f"Leather Chelsea Boot {p}"
                    row[col["Body (HTML)"]] = "<p>Full-grain leather, elastic sides, " \
                                              "a Goodyear-welted sole.</p>"
                    row[col["Vendor"]] = ("Blundstone", "Birkenstock", "Clarks", "Ecco")[p % 4]
                    row[col["Type"]] = "Boots"
                    row[col["Tags"]] = "Boots, Winter, " + ("Final Sale" if p % 10 == 0
                                                           else "New arrivals")
                    row[col["Published"]] = "TRUE"
                    row[col["Option1 Name"]] = "Size"
                    row[col["Option2 Name"]] = "Color"
                    row[col["Status"]] = "active"
                row[col["Option1 Value"]] = size
                row[col["Option2 Value"]] = "Black"
                row[col["Variant SKU"]] = f"SKU-{p:05d}-{size}"
                row[col["Variant Grams"]] = "1200"
                row[col["Variant Inventory Tracker"]] = "shopify"
                row[col["Variant Inventory Qty"]] = "3"
                row[col["Variant Inventory Policy"]] = "deny"
                row[col["Variant Fulfillment Service"]] = "manual"
                row[col["Variant Price"]] = price
                row[col["Variant Requires Shipping"]] = "TRUE"
                row[col["Variant Taxable"]] = "TRUE"
                row[col["Variant Barcode"]] = ean13(n)
                row[col["Variant Weight Unit"]] = "kg"
                out.writerow(row)
                n += 1
            image = [""] * len(HEADER)
            image[col["Handle"]] = handle
            image[col["Image Src"]] = f"https://cdn.shopify.com/s/files/1/0000/0001/files/{handle}.jpg"
            image[col["Image Position"]] = "2"
            out.writerow(image)


# -- the measured runs, each in its own process ---------------------------------------------------

def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(url: str, path: str, traced: bool) -> dict[str, float]:
    from storepos.central.catalogue.importer import import_catalogue
    from storepos.central.catalogue.tag_mapping import load_mapping
    from storepos.central.engine import make_central_engine

    engine = make_central_engine(url)
    if traced:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as stream:
        report = import_catalogue(engine, stream, load_mapping())
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    engine.dispose()
    assert not report.bad
    return {"seconds": seconds, "cpu": cpu, "maxrss_mb": _maxrss_mb(), "heap_peak_mb": peak,
            "variants_written": report.variants_written, "variants": report.variants}


def child_floor(url: str, path: str) -> dict[str, float]:
    """COPY of the same rows, parsed beforehand (untimed) into tuples."""
    from datetime import UTC, datetime

    import psycopg
    from sqlalchemy.engine import make_url

    from storepos.central.catalogue.importer import product_id_for, variant_id_for

    now = datetime.now(UTC)
    products, variants = [], []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        pid = {}
        for row in reader:
            if row["Title"]:
                pid[row["Handle"]] = product_id_for(row["Handle"])
                products.append((pid[row["Handle"]], row["Handle"], row["Vendor"], row["Title"],
                                 "[]", now))
            if row["Variant SKU"]:
                variants.append((variant_id_for(row["Variant SKU"]), pid[row["Handle"]],
                                 row["Variant SKU"], row["Variant Barcode"],
                                 row["Option2 Value"], row["Option1 Value"],
                                 row["Variant Price"], "[]", False, now))
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    start, cpu = time.perf_counter(), time.process_time()
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        with cur.copy("COPY catalogue_products (id, handle, brand, name, tags, updated_at) "
                      "FROM STDIN") as copy:
            for p in products:
                copy.write_row(p)
        with cur.copy("COPY catalogue_variants (id, product_id, sku, barcode, colour, size, "
                      "price, tags, from_order, updated_at) FROM STDIN") as copy:
            for v in variants:
                copy.write_row(v)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "maxrss_mb": _maxrss_mb(),
            "variants": len(variants)}


def child_pull(central_url: str, till_path: str) -> dict[str, float]:
    """A till (SQLite) pulls the whole catalogue from the central database and applies it, in
    batches of 500 changes, each through the JSON form it travels in."""
    from datetime import UTC, datetime

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests: make_till
    from storepos.central.engine import make_central_engine
    from storepos.central.pull import pull_changes
    from storepos.sync.protocol import ChangeBatch, Cursor
    from tests.integration.sync_world import make_till

    central = make_central_engine(central_url)
    till = make_till(till_path)
    start, cpu = time.perf_counter(), time.process_time()
    cursor, variants = Cursor(), 0
    while True:
        batch = ChangeBatch.from_json(
            pull_changes(central, till.actor.store_id, cursor).to_json())
        till.local.apply_changes(batch, datetime.now(UTC))
        variants += len(batch.variants)
        cursor = batch.cursor
        if not batch.more:
            break
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "maxrss_mb": _maxrss_mb(), "variants": variants}


def child_idle() -> dict[str, float]:
    import psycopg  # noqa: F401

    import storepos.central.catalogue.importer  # noqa: F401
    from storepos.central.engine import make_central_engine  # noqa: F401
    return {"maxrss_mb": _maxrss_mb()}


def run_child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- databases ------------------------------------------------------------------------------------

def fresh_pg(base: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from storepos.central.migrate import upgrade

    name = "storepos_bench_catalogue_" + uuid.uuid4().hex[:8]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def drop_pg(base: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, default=50_000)
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {"import": lambda: child_import(rest[0], rest[1], rest[2] == "traced"),
                  "floor": lambda: child_floor(rest[0], rest[1]),
                  "pull": lambda: child_pull(rest[0], rest[1]),
                  "idle": child_idle}[kind]()
        print(json.dumps(result))
        return

    from storepos.central.migrate import upgrade

    work = Path(tempfile.mkdtemp(prefix="catalogue-bench-"))
    first, changed = work / "export.csv", work / "export-new-prices.csv"
    write_csv(first, args.variants)
    write_csv(changed, args.variants, price="119.95")
    size_mb = first.stat().st_size / 2**20
    print(f"# {describe_machine()}")
    print(f"# {args.variants} variants, {args.variants // len(SIZES)} products, CSV "
          f"{size_mb:.1f} MB")
    rows: list[tuple[str, dict[str, float]]] = []
    idle = run_child("idle")
    rows.append(("idle process (imports only)", idle))
    dbs = [fresh_pg(args.pg) for _ in range(3)]
    try:
        rows.append(("floor: psycopg COPY, PostgreSQL", run_child("floor", dbs[0], str(first))))
        rows.append(("import, PostgreSQL (empty catalogue)",
                     run_child("import", dbs[1], str(first), "plain")))
        rows.append(("re-import, nothing changed", run_child("import", dbs[1], str(first),
                                                            "plain")))
        rows.append(("re-import, every price changed",
                     run_child("import", dbs[1], str(changed), "plain")))
        rows.append(("import traced (tracemalloc), PostgreSQL",
                     run_child("import", dbs[2], str(first), "traced")))
    finally:
        for url in dbs:
            drop_pg(args.pg, url)
    lite = str(work / "central.db")
    upgrade(lite)
    rows.append(("import, SQLite (empty catalogue)", run_child("import", lite, str(first),
                                                            "plain")))
    rows.append(("a till pulls and applies it all (SQLite central and till)",
                 run_child("pull", lite, str(work / "till.db"))))
    floor = rows[1][1]["seconds"]
    print(f"# load average before: {os.getloadavg()[0]:.1f} (other work on the machine)")
    print("| run | wall s | our CPU s | variants/s | x floor | maxrss MB | heap peak MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        secs = r.get("seconds")
        rate = f"{r.get('variants', 0) / secs:,.0f}" if secs else ""
        ratio = f"{floor / secs:.2f}x" if secs and "pulls" not in name else ""
        heap = f"{r['heap_peak_mb']:.1f}" if r.get("heap_peak_mb") else ""
        print(f"| {name} | {secs:.2f} | {r['cpu']:.2f} | {rate} | {ratio} | "
              f"{r['maxrss_mb']:.0f} | {heap} |"
              if secs else f"| {name} | | | | | {r['maxrss_mb']:.0f} | |")


if __name__ == "__main__":
    main()
