"""Shopify's webhooks through the running service (real uvicorn, real PostgreSQL): a signed order
reaches a till by pull and gets its return decision there; a refund made online makes its line
non-returnable after the next pull; a bad signature, an unknown shop, a body that is not JSON, a
replayed delivery and a card number in an order, each as a dishonest or broken sender would try."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import ProgrammingError

from storepos.central.engine import make_central_engine
from storepos.central.schema import changes, order_lines, orders, webshop_receipts, webshop_shops
from storepos.domain.cards import carries_card_number
from storepos.services.base.order_lookup import find_order
from storepos.services.returns.eligibility import evaluate_order, load_store
from tests.integration.central_service import Service, add_store, serving, storepos
from tests.integration.sync_world import central_pg, store_engine
from tests.integration.test_http_sync_faults import connect, set_up_till
from tests.integration.webshop_world import DOMAIN, add_shop, headers, post, shopify_order

__all__ = ["central_pg"]  # the fixture, used by name
pytestmark = pytest.mark.postgres
CARD = "4111 1111 1111 1111"


@pytest.fixture
def shop_service(central_pg: str) -> Iterator[Service]:
    done = storepos("central", "init", "--db", central_pg)
    assert done.returncode == 0, done.stderr
    added = add_shop(central_pg)
    assert added.returncode == 0, added.stderr
    add_store(central_pg, "TOR1")
    with serving(central_pg) as running:
        yield running


@pytest.fixture
def central(shop_service: Service) -> Iterator[Engine]:
    engine = make_central_engine(shop_service.db)
    yield engine
    engine.dispose()


def _count(engine: Engine, table: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table).where(*where)) or 0)


def _returned(engine: Engine, number: str) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(
            select(order_lines.c.quantity_returned)
            .join(orders, orders.c.id == order_lines.c.order_id)
            .where(orders.c.number == number).order_by(order_lines.c.line_no)))


def test_a_signed_order_reaches_the_till_and_a_refund_online_makes_its_line_non_returnable(
        shop_service: Service, central: Engine, tmp_path: Path) -> None:
    raw = shopify_order()
    number = raw["name"][1:]
    till = set_up_till(shop_service, tmp_path / "till", "TOR1", "Till 1")
    http_till = connect(till)
    try:
        fulfilled = raw.pop("fulfillments")
        with shop_service.client() as http:
            answer = post(http, "orders/create", dict(raw, fulfillments=[],
                                                      updated_at="2025-05-02T21:12:41-04:00"),
                          "wh-create-1")
        assert (answer.status_code, answer.json()) == (200, {"status": "applied"})
        sync = till.service(http_till)
        sync.sync_once()
        with till.sessions() as s:
            order = find_order(s, f"#{number}", "cote")
        assert (order.dispatched_on, order.received_on) == (None, None)
        raw["fulfillments"] = fulfilled
        with shop_service.client() as http:  # dispatched on the 3rd, delivered on the 6th
            assert post(http, "orders/fulfilled", raw, "wh-fulfilled-1").status_code == 200
        sync.sync_once()
        today = date(2025, 5, 10)  # four days after delivery
        with till.sessions() as s:
            order = find_order(s, f"#{number}", "cote")
            assert (order.dispatched_on, order.received_on) == (date(2025, 5, 3),
                                                                date(2025, 5, 6))
            decided = evaluate_order(order, load_store(s, till.actor.store_id), today=today)
        assert [(ln.line.quantity, ln.line.paid) for ln in decided.lines] == \
            [(1, order.lines[0].paid), (2, order.lines[1].paid)]
        assert [str(ln.line.paid) for ln in decided.lines] == ["216.00", "27.00"]
        assert all("refund" in ln.allowed for ln in decided.lines), [
            ln.message for ln in decided.lines]

        refund = {"id": 77001, "order_id": raw["id"], "created_at": "2025-05-08T10:00:00-04:00",
                  "refund_line_items": [{"id": 1, "line_item_id": raw["line_items"][1]["id"],
                                         "quantity": 2, "restock_type": "return"}]}
        with shop_service.client() as http:
            assert post(http, "refunds/create", refund, "wh-refund-1").status_code == 200
            # The same refund again under another delivery (a shop that resent it): once.
            assert post(http, "refunds/create", refund, "wh-refund-2").status_code == 200
            # An orders/updated that carries the refund too changes nothing more.
            raw["refunds"] = [refund]
            assert post(http, "orders/updated", raw, "wh-update-1").status_code == 200
        assert _returned(central, number) == [0, 2]
        sync.sync_once()
        with till.sessions() as s:
            order = find_order(s, number, "Côté")
            decided = evaluate_order(order, load_store(s, till.actor.store_id), today=today)
        first, second = decided.lines
        assert "refund" in first.allowed
        assert second.fully_returned and second.allowed == ()
        assert second.message == "Already returned: all 2 of this line came back earlier."
    finally:
        http_till.close()
        till.close()


def test_unsigned_wrong_or_unknown_shop_is_401_and_writes_nothing(
        shop_service: Service, central: Engine) -> None:
    raw = shopify_order()
    body = json.dumps(raw).encode()
    with shop_service.client() as http:
        assert post(http, "orders/create", raw, "w1", secret="not-the-secret").status_code == 401
        assert post(http, "orders/create", raw, "w2",
                    domain="other-shop.myshopify.com").status_code == 401
        unsigned = http.post("/v1/webhooks/shopify", content=body, headers={
            "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "w3",
            "X-Shopify-Shop-Domain": DOMAIN})
        assert unsigned.status_code == 401
        # Signed, then changed on the way: the HMAC is over the raw bytes as sent.
        signed = headers("orders/create", "w4", body)
        tampered = body.replace(b'"240.00"', b'"2.40"')
        assert tampered != body
        assert http.post("/v1/webhooks/shopify", content=tampered,
                         headers=signed).status_code == 401
        # A body past the cap (5 MB) is refused before anything else, signed or not.
        huge = b'{"x": "' + b"a" * (5 * 1024 * 1024) + b'"}'
        assert post(http, "orders/create", huge, "w7").status_code == 413
        # Signed but not JSON: 400, still nothing kept.
        assert post(http, "orders/create", b"{not json", "w5").status_code == 400
        assert post(http, "orders/create", b"[1, 2]", "w6").status_code == 400
    assert (_count(central, orders), _count(central, webshop_receipts),
            _count(central, changes)) == (0, 0, 0)


def test_a_replayed_delivery_is_stored_once_and_an_unknown_topic_is_ignored(
        shop_service: Service, central: Engine) -> None:
    raw = shopify_order()
    with shop_service.client() as http:
        assert post(http, "orders/create", raw, "wh-1", event_id="ev-1").json() == \
            {"status": "applied"}
        logged = _count(central, changes)
        assert post(http, "orders/create", raw, "wh-1", event_id="ev-1").json() == \
            {"status": "duplicate"}
        # One event delivered twice under two webhook ids: the event id stops the second.
        assert post(http, "orders/create", raw, "wh-2", event_id="ev-1").json() == \
            {"status": "duplicate"}
        assert _count(central, changes) == logged

        results: list[str] = []

        def replay() -> None:
            with httpx.Client(base_url=shop_service.url) as client:
                results.append(post(client, "orders/updated", raw, "wh-3").json()["status"])

        threads = [threading.Thread(target=replay) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["applied"] + ["duplicate"] * 5

        assert post(http, "products/update", {"id": 1}, "wh-4").json() == {"status": "ignored"}
    assert (_count(central, orders), _count(central, order_lines)) == (1, 2)
    with central.connect() as conn:
        kept = conn.execute(select(webshop_receipts.c.webhook_id, webshop_receipts.c.topic,
                                   webshop_receipts.c.outcome)
                            .order_by(webshop_receipts.c.webhook_id)).all()
    assert [tuple(r) for r in kept] == [
        ("wh-1", "orders/create", "applied"), ("wh-3", "orders/updated", "applied"),
        ("wh-4", "products/update", "ignored: a topic the feed does not take")]


def test_a_full_card_number_is_refused_in_its_field_and_stored_nowhere(
        shop_service: Service, central: Engine) -> None:
    raw = shopify_order()
    raw["billing_address"]["last_name"] = CARD
    raw["line_items"][0]["title"] = f"Boot {CARD}"
    raw["line_items"][0]["sku"] = "4111-1111-1111-1111"
    raw["note"] = f"card {CARD}"
    raw["note_attributes"] = [{"name": "gift message", "value": CARD}]
    raw["transactions"][0]["payment_details"]["credit_card_number"] = CARD
    refused = shopify_order()
    refused["line_items"] = []
    refused["customer"]["last_name"] = CARD
    with shop_service.client() as http:
        assert post(http, "orders/create", raw, "wh-card").json() == {"status": "applied"}
        assert post(http, "orders/create", refused, "wh-refused").json() == {"status": "refused"}
    with central.connect() as conn:
        doc = conn.scalar(select(orders.c.document))
        tables = list(conn.scalars(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
        rows = [(t, row) for t in tables for (row,) in conn.execute(
            text(f'SELECT row_to_json(x)::text FROM "{t}" x'))]  # table names from pg_tables
    assert doc["billing_last_name"] == "Côté"  # the customer's: the billing field was refused
    # Its SKU and title refused, the line is named by Shopify's line id instead.
    named = f"SHOPIFY-{raw['line_items'][0]['id']}"
    assert doc["lines"][0]["variant"]["sku"] == named
    assert doc["lines"][0]["variant"]["product"]["name"] == named
    assert doc["tenders"][0]["card_last4"] is None
    assert len(rows) > 10
    holding = [t for t, row in rows if carries_card_number(json.loads(row))
               or "1111" in row]
    assert holding == []
    warned = storepos("central", "orders", "warnings", "--db", shop_service.db)
    assert "the billing last name held what looks like a full card number" in warned.stdout
    assert "line 1's SKU held what looks like a full card number" in warned.stdout
    assert "webhook orders/create (wh-refused" in warned.stdout
    assert "1111" not in warned.stdout


def test_a_store_cannot_read_the_shops_secrets_or_the_feeds_tables(
        shop_service: Service, central: Engine) -> None:
    with central.connect() as conn:
        store_id = conn.scalar(text("SELECT id FROM stores"))
    walled = store_engine(shop_service.db, store_id)
    try:
        for table in (webshop_shops, webshop_receipts):
            with walled.connect() as conn, pytest.raises(ProgrammingError,
                                                          match="permission denied"):
                conn.execute(select(table))
    finally:
        walled.dispose()


def test_a_create_and_its_update_at_once_leave_the_newer_order(
        shop_service: Service, central: Engine) -> None:
    """Shopify sends orders/create, orders/updated and refunds/create moments apart, in any
    order: when they arrive at once the newer payload (its updated_at) stays and the refund
    counts (neither waits forever for an order that was being written)."""
    rounds = 6
    for n in range(rounds):
        raw = shopify_order()
        newer = dict(raw, updated_at="2025-05-07T09:00:00-04:00",
                     billing_address={**raw["billing_address"], "last_name": "Newer"})
        refund = {"id": 88000 + n, "order_id": raw["id"], "refund_line_items": [
            {"line_item_id": raw["line_items"][1]["id"], "quantity": 1}]}
        gate = threading.Barrier(3)

        def send(body: dict[str, Any], topic: str, webhook_id: str,
                 gate: threading.Barrier = gate) -> None:
            with httpx.Client(base_url=shop_service.url) as client:
                gate.wait()
                assert post(client, topic, body, webhook_id).status_code == 200

        threads = [threading.Thread(target=send, args=(raw, "orders/create", f"c-{n}")),
                   threading.Thread(target=send, args=(newer, "orders/updated", f"u-{n}")),
                   threading.Thread(target=send, args=(refund, "refunds/create", f"r-{n}"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with central.connect() as conn:
            kept = conn.scalar(select(orders.c.document).where(
                orders.c.number == raw["name"][1:]))
        assert kept["billing_last_name"] == "Newer", f"round {n}"
        assert _returned(central, raw["name"][1:]) == [0, 1], f"round {n}"
