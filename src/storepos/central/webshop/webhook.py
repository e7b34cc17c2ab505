"""POST /v1/webhooks/shopify: Shopify's order webhooks into the feed.

In this order, so nothing unverified is read: the shop by X-Shopify-Shop-Domain (unknown: 401),
the signature X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(secret, raw body)) compared in constant
time (missing or wrong: 401), and only then the JSON (not JSON: 400). Each delivery is taken once:
its receipt (X-Shopify-Webhook-Id, and X-Shopify-Event-Id where sent: two deliveries of one event)
is written in the same transaction as what it changes, so a retry finds it and changes nothing.
An unknown topic is answered 200, kept as ignored and logged. An order the feed refuses (no
lines, an unknown pickup store ...) is answered 200 too (a retry would send the same payload) and
its receipt says why; `storepos central orders warnings` shows it. No body is ever stored.

The work is head office's: the service's own engine, never a store's context (store_context).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Insert, bindparam
from sqlalchemy.dialects import postgresql, sqlite

from storepos.central.schema import webshop_receipts
from storepos.central.sql import Batch
from storepos.sync.retry import in_transaction

from . import shopify
from .feed import ingest
from .ids import order_uuid
from .model import OrderRefused
from .refunds import apply_pending, lock_order, record_refund
from .shops import Shop, shop_by_domain

log = logging.getLogger("storepos.central.webshop")
ORDER_TOPICS = ("orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled",
                "orders/paid", "orders/edited")
REFUND_TOPIC = "refunds/create"
MAX_BODY = 5 * 1024 * 1024  # bytes; an order of hundreds of lines is well under 1 MB


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict[str, Any]


def signature_ok(secret: str, raw: bytes, sent: str | None) -> bool:
    if not sent:
        return False
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest), sent.strip().encode())


def sign(secret: str, raw: bytes) -> str:
    """What Shopify sends as X-Shopify-Hmac-Sha256 for this body (tests, benchmarks)."""
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


class _Duplicate(Exception):
    """This delivery was taken already: what this transaction did is rolled back."""


def receive(engine: Engine, headers: Mapping[str, str], raw: bytes) -> Answer:
    """The delivery's answer; one transaction for all of it (the shop's lookup included), which
    writes nothing unless the signature holds."""
    try:
        return in_transaction(engine, lambda conn: _receive(conn, headers, raw))
    except _Duplicate:
        return Answer(200, {"status": "duplicate"})


def _receive(conn: Connection, headers: Mapping[str, str], raw: bytes) -> Answer:
    domain = headers.get("x-shopify-shop-domain") or ""
    shop = shop_by_domain(conn, domain) if domain else None
    if shop is None or not signature_ok(shop.secret, raw, headers.get("x-shopify-hmac-sha256")):
        # One answer for an unknown shop and a bad signature: it tells a prober nothing.
        return Answer(401, {"message": "The webhook's shop or signature is not recognised."})
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return Answer(400, {"message": "The webhook's body is not JSON."})
    if not isinstance(body, dict):
        return Answer(400, {"message": "The webhook's body must be a JSON object."})
    webhook_id = (headers.get("x-shopify-webhook-id") or "").strip()[:100]
    if not webhook_id:
        return Answer(400, {"message": "The webhook has no X-Shopify-Webhook-Id."})
    topic = (headers.get("x-shopify-topic") or "").strip()[:60]
    event_id = (headers.get("x-shopify-event-id") or "").strip()[:100] or None
    return _take(conn, shop, topic, webhook_id, event_id, body)


def _take(conn: Connection, shop: Shop, topic: str, webhook_id: str, event_id: str | None,
          body: dict[str, Any]) -> Answer:
    now = datetime.now(UTC)
    batch = Batch(conn)  # the order's writes and the receipt: one round trip
    if topic in ORDER_TOPICS:
        outcome, order_id = _order(conn, body, now, batch)
    elif topic == REFUND_TOPIC:
        outcome, order_id = _refund(conn, body, now)
    else:
        outcome, order_id = "ignored: a topic the feed does not take", None
    # The receipt is written last, in the same transaction: when the delivery (or its event)
    # was taken already, the insert finds it (a concurrent one waits for the first to commit)
    # and everything this one did is rolled back. RETURNING, not rowcount: psycopg reports -1.
    at = batch.add(_receipt(conn.dialect.name), {
        "shop_id": shop.id, "webhook_id": webhook_id, "event_id": event_id, "topic": topic,
        "order_id": order_id, "outcome": outcome[:500], "received_at": now})
    if not batch.run()[at]:
        raise _Duplicate
    if outcome.startswith("ignored"):
        log.warning("webhook from %s: topic %r is not one the feed takes; ignored (delivery %s)",
                    shop.domain, topic, webhook_id)
    return Answer(200, {"status": outcome.split(":")[0]})


@cache
def _receipt(dialect: str) -> Insert:
    """The receipt's INSERT ... ON CONFLICT DO NOTHING RETURNING, built once."""
    t = webshop_receipts
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(t)
    return insert.on_conflict_do_nothing().values(
        {c.key: bindparam(c.key, type_=c.type) for c in t.columns}).returning(t.c.webhook_id)


def _order(conn: Connection, body: dict[str, Any], now: datetime,
           batch: Batch) -> tuple[str, Any]:
    try:
        order = shopify.read_order(body)
    except OrderRefused as exc:
        log.warning("webhook order refused: %s", exc)
        return f"refused: {exc}", None
    try:
        # A refusal found in the database (an unknown pickup store) comes before any write.
        done = ingest(conn, order, now=now, batch=batch)
    except OrderRefused as exc:
        log.warning("webhook order refused: %s", exc)
        return f"refused: {exc}", order_uuid(order.source, order.source_id)
    return done.outcome, done.order_id


def _refund(conn: Connection, body: dict[str, Any], now: datetime) -> tuple[str, Any]:
    refund = shopify.read_refund(body)
    source_order = body.get("order_id")
    if source_order in (None, "") or isinstance(source_order, (dict, list, bool)):
        return "refused: the refund names no order_id", None
    order_id = order_uuid(shopify.SOURCE, str(source_order))
    if refund is None:
        return "applied: a refund of no line units (shipping or an amount only)", order_id
    lock_order(conn, order_id)
    record_refund(conn, shopify.SOURCE, order_id, refund, now)
    applied = apply_pending(conn, order_id, now)
    return ("applied" if applied else "applied: kept until its order arrives"), order_id
