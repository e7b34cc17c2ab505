"""A demo web order as the web shop records it: Shopify's Admin REST order JSON, the body of an
`orders/create` webhook, for head office's order feed (central/webshop) to take in.

Only what Shopify says goes in: the order's name, customer and billing name, each line's SKU,
price and discount allocations, shipping lines (a ship-to-store order's names its store,
`pickup:CODE`), fulfillments (dispatched; delivered), and the payment transactions with a card's
brand and masked number. What the till later shows of the order is what the feed made of this.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storepos.demo.reference import CustomerCtx, Row, VariantCtx
from storepos.domain.money import ZERO
from storepos.domain.vocabulary import TenderKind

GATEWAYS = {TenderKind.CARD: "shopify_payments", TenderKind.PAYPAL: "paypal",
            TenderKind.GIFT_CARD: "gift_card", TenderKind.PAY_OFFLINE: "manual"}


def _moment(day: date) -> str:
    return f"{day.isoformat()}T12:00:00+00:00"


def _transaction(web: int, n: int, tender: Row) -> dict[str, Any]:
    kind = TenderKind(tender["kind"])
    if kind not in GATEWAYS:
        raise ValueError(f"a web order is not paid by {kind.value}")
    tx: dict[str, Any] = {"id": web * 10 + n, "kind": "sale", "status": "success",
                          "amount": f"{tender['amount']:.2f}", "gateway": GATEWAYS[kind]}
    if kind is TenderKind.CARD:
        tx["authorization"] = tender["auth_ref"]
        tx["payment_details"] = {"credit_card_company": tender["card_brand"],
                                 "credit_card_number": f"•••• •••• •••• {tender['card_last4']}"}
    elif kind is TenderKind.PAYPAL:
        tx["authorization"] = tender["reference"]
    return tx


def shopify_order(
    web: int, order: Row, lines: list[tuple[Row, VariantCtx]], tenders: list[Row],
    customer: CustomerCtx, currency: str, pickup_code: str | None, dispatched: date | None,
    delivered: date | None,
) -> dict[str, Any]:
    """`web`: Shopify's order id; the line, transaction and customer ids are made from it and
    the customer's own, so the feed's uuid5 mapping gives the ids the demo used."""
    c = customer.row
    placed: date = order["placed_on"]
    items, discounts = [], ZERO
    for row, variant in lines:
        off = variant.price * row["quantity"] - row["paid"]
        discounts += off
        items.append({
            "id": web * 100 + row["line_no"], "sku": variant.sku, "title": variant.title,
            "variant_title": variant.variant_title, "vendor": variant.vendor,
            "quantity": row["quantity"], "price": f"{variant.price:.2f}",
            "discount_allocations": [{"amount": f"{off:.2f}"}] if off else [],
        })
    shipping = order["shipping_charged"]
    fulfillments = []
    if dispatched is not None:
        fulfillments.append({
            "status": "success", "created_at": _moment(dispatched),
            "shipment_status": "delivered" if delivered else "in_transit",
            "updated_at": _moment(delivered or dispatched)})
    name = {"first_name": c["first_name"], "last_name": c["last_name"]}
    return {
        "id": web, "name": f"#{order['number']}", "order_number": int(order["number"]),
        "created_at": _moment(placed), "updated_at": _moment(placed), "currency": currency,
        "email": c["email"],
        "customer": {"id": customer.source_id, **name, "email": c["email"], "phone": c["phone"]},
        "billing_address": name,
        "line_items": items,
        "total_discounts": f"{discounts:.2f}",
        "shipping_lines": [{
            "code": f"pickup:{pickup_code}" if pickup_code else "standard",
            "title": "Pick up in store" if pickup_code else "Standard shipping",
            "price": f"{shipping:.2f}", "discount_allocations": []}],
        "fulfillments": fulfillments,
        "transactions": [_transaction(web, n, t) for n, t in enumerate(tenders, 1)],
        "total_price": f"{sum((t['amount'] for t in tenders), ZERO):.2f}",
    }
