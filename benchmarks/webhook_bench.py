"""Shopify order webhooks through the running service (`storepos central serve` on loopback ->
POST /v1/webhooks/shopify -> PostgreSQL: shop, signature, receipt, mapping, catalogue lookup,
order, lines, change log, feed record) next to a raw psycopg insert of the same rows (receipt,
order with its document, lines, change-log row, feed record: one transaction per order, the
documents mapped beforehand) in the same run, in alternating blocks.

Each webhook is a new orders/create of a two-line order (the hand-written fixture under new ids)
whose SKUs the catalogue knows. One client, one request at a time (each answer's latency), then
four clients at once (throughput).

Run: python benchmarks/webhook_bench.py [--orders 1000] [--block 100]
(STOREPOS_BENCH_PG_URL names the server.)
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import orjson
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import describe_machine
from sync_events import central_database

from storepos.central.engine import make_central_engine
from storepos.central.enrolment import add_store
from storepos.central.schema import catalogue_products, catalogue_variants
from storepos.central.webshop import shopify
from storepos.central.webshop.catalogue import variants_for
from storepos.central.webshop.feed import _document
from storepos.central.webshop.ids import order_uuid
from storepos.central.webshop.shops import add_shop
from storepos.central.webshop.webhook import sign

DOMAIN, SECRET = "bench.myshopify.com", "bench-secret"
WARM_UP = 20


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _orders(count: int, start: int) -> list[dict[str, Any]]:
    data = json.loads((ROOT / "tests/data/shopify/order_1001.json").read_text(encoding="utf-8"))
    out = []
    for n in range(start, start + count):
        raw = copy.deepcopy(data["order"])
        base = 10_000_000_000 + n * 10
        raw.update(id=base, name=f"#B{n}", order_number=n)
        for i, item in enumerate(raw["line_items"], 1):
            item["id"] = base + i
        raw["transactions"][0]["id"] = base + 5
        out.append(raw)
    return out


def _stats(ms: list[float], seconds: float) -> dict[str, float]:
    cuts = statistics.quantiles(ms, n=100)
    return {"rate": len(ms) / seconds, "p50": cuts[49], "p99": cuts[98], "max": max(ms)}


def _words(name: str, s: dict[str, float]) -> str:
    return (f"{name}: {s['rate']:.0f} orders/s, p50 {s['p50']:.2f} ms, p99 {s['p99']:.2f} ms, "
            f"max {s['max']:.2f} ms")


class Raw:
    """The floor: the same rows written by psycopg, one transaction per order."""

    def __init__(self, url: str, shop_id: uuid.UUID, engine: Any) -> None:
        self.conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        self.shop_id, self.engine = shop_id, engine

    def prepare(self, raws: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
        """Each order's document, mapped beforehand (the floor is only the writes)."""
        out = []
        with self.engine.begin() as conn:
            for raw in raws:
                order = shopify.read_order(raw)
                found = variants_for(conn, order.lines, order.source, datetime.now(UTC))
                doc = _document(order, order_uuid(order.source, order.source_id), None, found)
                out.append((doc, order.source_id))
        return out

    def insert(self, doc: dict[str, Any], source_id: str, n: int) -> None:
        now = datetime.now(UTC)
        order_id = uuid.UUID(doc["id"])
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("INSERT INTO webshop_receipts (shop_id, webhook_id, event_id, topic, "
                        "order_id, outcome, received_at) VALUES (%s, %s, NULL, %s, %s, %s, %s)",
                        (self.shop_id, f"raw-{n}", "orders/create", order_id, "applied", now))
            cur.execute("INSERT INTO orders (id, number, channel, store_id, pickup_store_id, "
                        "received_on, document, updated_at) VALUES (%s, %s, 'online', NULL, "
                        "NULL, %s, %s, %s)", (order_id, doc["number"], doc["received_on"],
                                              orjson.dumps(doc).decode(), now))
            cur.executemany("INSERT INTO order_lines (order_id, id, line_no, channel, store_id, "
                            "quantity, quantity_returned) VALUES (%s, %s, %s, 'online', NULL, "
                            "%s, 0)", [(order_id, uuid.UUID(ln["id"]), ln["line_no"],
                                        ln["quantity"]) for ln in doc["lines"]])
            cur.execute("INSERT INTO changes (tx, scope, kind, entity_id) VALUES "
                        "(pg_current_xact_id()::text::bigint, %s, 'order', %s)",
                        (uuid.UUID(int=0), order_id))
            cur.execute("INSERT INTO webshop_orders (order_id, source, source_id, number, "
                        "source_updated_at, imported_at, warnings) VALUES (%s, 'shopify', %s, "
                        "%s, NULL, %s, '[]')", (order_id, source_id, doc["number"], now))


def _post(http: httpx.Client, raw: dict[str, Any], webhook_id: str) -> None:
    body = orjson.dumps(raw)
    answer = http.post("/v1/webhooks/shopify", content=body, headers={
        "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": webhook_id,
        "X-Shopify-Shop-Domain": DOMAIN, "X-Shopify-Hmac-Sha256": sign(SECRET, body),
        "Content-Type": "application/json"})
    if answer.status_code != 200 or answer.json() != {"status": "applied"}:
        raise SystemExit(f"webhook answered {answer.status_code} {answer.text}")


def _seed(engine: Any) -> uuid.UUID:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        shop = add_shop(conn, "Bench", DOMAIN, SECRET)
        for sku, name, price in (("BLU-585-BRN-8", "Blundstone 585", "240.00"),
                                 ("SOCK-MER-GRY-M", "Merino Socks", "15.00")):
            product = uuid.uuid4()
            conn.execute(catalogue_products.insert(), {
                "id": product, "handle": sku.lower(), "brand": "", "name": name, "tags": [],
                "updated_at": now})
            conn.execute(catalogue_variants.insert(), {
                "id": uuid.uuid4(), "product_id": product, "sku": sku, "barcode": None,
                "colour": "", "size": "", "price": Decimal(price), "tags": [],
                "updated_at": now})
    add_store(engine, code="TOR1", name="Bench", locale="en_CA", currency="CAD",
              timezone="America/Toronto", policy="softmoc")
    return shop.id


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with central_database("storepos_webhooks") as url:
        engine = make_central_engine(url)
        shop_id = _seed(engine)
        raw = Raw(url, shop_id, engine)
        floor_docs = raw.prepare(_orders(args.orders + WARM_UP, 1_000_000))
        hooks = _orders(args.orders + WARM_UP, 0)
        concurrent = _orders(args.orders, 2_000_000)
        port = _port()
        server = subprocess.Popen([sys.executable, "-m", "storepos.cli", "central", "serve",
                                   "--db", url, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            while True:
                try:
                    httpx.get(f"{base}/v1/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            http = httpx.Client(base_url=base)
            for n in range(WARM_UP):  # untimed
                _post(http, hooks[n], f"warm-{n}")
                raw.insert(*floor_docs[n], n)
            times: dict[str, list[float]] = {"webhook": [], "raw": []}
            spent = {"webhook": 0.0, "raw": 0.0}
            for start in range(WARM_UP, WARM_UP + args.orders, args.block):
                block = range(start, min(start + args.block, WARM_UP + args.orders))
                began = time.perf_counter()
                for n in block:
                    t = time.perf_counter()
                    _post(http, hooks[n], f"wh-{n}")
                    times["webhook"].append((time.perf_counter() - t) * 1000)
                spent["webhook"] += time.perf_counter() - began
                began = time.perf_counter()
                for n in block:
                    t = time.perf_counter()
                    raw.insert(*floor_docs[n], n)
                    times["raw"].append((time.perf_counter() - t) * 1000)
                spent["raw"] += time.perf_counter() - began
            http.close()

            lock, shared, many = threading.Lock(), iter(enumerate(concurrent)), []

            def client() -> None:
                with httpx.Client(base_url=base) as own:
                    while True:
                        with lock:
                            item = next(shared, None)
                        if item is None:
                            return
                        t = time.perf_counter()
                        _post(own, item[1], f"many-{item[0]}")
                        took = (time.perf_counter() - t) * 1000
                        with lock:
                            many.append(took)

            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            began = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            many_seconds = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait()
            raw.conn.close()
            engine.dispose()
    hook, floor = _stats(times["webhook"], spent["webhook"]), _stats(times["raw"], spent["raw"])
    print(f"{describe_machine()}; load average (1 min) {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end")
    print(_words(f"{args.orders} webhooks, one client", hook))
    print(_words(f"{args.orders} raw psycopg inserts of the same rows", floor))
    print(f"ratio webhook/raw: {hook['rate'] / floor['rate']:.2f}x")
    print(_words(f"{args.orders} webhooks, {args.clients} clients at once",
                 _stats(many, many_seconds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
