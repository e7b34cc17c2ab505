"""Web shop test helpers: Shopify orders made from the hand-written fixture with fresh ids, and
webhooks signed as Shopify signs them, posted to a running service."""

from __future__ import annotations

import copy
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import orjson

from storepos.central.webshop.webhook import sign

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "softmoc-test.myshopify.com"
SECRET = "shpss_test_secret_5f2b9c"  # a test shop's signing secret, made up here
_ids = itertools.count(1)


def shopify_order(number: int | None = None, **changes: Any) -> dict[str, Any]:
    """The fixture order under new ids (order, lines, transactions), changed by `changes`."""
    data = json.loads((ROOT / "tests/data/shopify/order_1001.json").read_text(encoding="utf-8"))
    raw: dict[str, Any] = copy.deepcopy(data["order"])
    n = next(_ids)
    base = 9_000_000_000 + os.getpid() * 10_000 + n * 10
    number = number or 2000 + n
    raw.update(id=base, name=f"#{number}", order_number=number)
    for i, item in enumerate(raw["line_items"], 1):
        item["id"] = base + i
    for t in raw["transactions"]:
        t["id"] = base + 5
    for f in raw["fulfillments"]:
        f["line_items"] = [{"id": item["id"], "quantity": item["quantity"]}
                           for item in raw["line_items"]]
    raw.update(changes)
    return raw


def headers(topic: str, webhook_id: str, raw: bytes, *, secret: str = SECRET,
            domain: str = DOMAIN, event_id: str | None = None) -> dict[str, str]:
    out = {"X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": webhook_id,
           "X-Shopify-Shop-Domain": domain, "X-Shopify-Hmac-Sha256": sign(secret, raw),
           "X-Shopify-API-Version": "2025-01", "Content-Type": "application/json"}
    if event_id:
        out["X-Shopify-Event-Id"] = event_id
    return out


def post(http: httpx.Client, topic: str, body: Any, webhook_id: str, **kw: Any) -> httpx.Response:
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    return http.post("/v1/webhooks/shopify", content=raw, headers=headers(topic, webhook_id, raw,
                                                                          **kw))


def add_shop(db: str, *, domain: str = DOMAIN, secret: str = SECRET) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storepos.cli", "central", "shop", "add", "--db",
                           db, "--name", "SoftMoc web", "--domain", domain, "--secret-env",
                           "TEST_SHOP_SECRET"], capture_output=True, text=True, check=False,
                          env={**os.environ, "TEST_SHOP_SECRET": secret})
