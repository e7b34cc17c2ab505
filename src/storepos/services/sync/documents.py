"""Order documents: an order with its customer, lines (and their variants) and tenders as one
JSON-safe dict, the shape the web shop publishes centrally and tills pull.

    doc = order_document(session, order_id)    # from the local rows (the web shop, tests, demo)
    apply_order_document(session, doc)         # into a till's database: insert, or bring forward
    apply_order_documents(session, docs)       # many at once: orders already here in bulk

Applying never moves a till backwards: returned quantities only grow (the larger of the till's and
the central count), received and dispatched dates fill in but never change, and rows the till
already has keep their own ids. References to stores or
cards this till does not know are left empty rather than invented. Many documents are applied
with a handful of bulk statements (a till's first sync brings every online order).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, bindparam, case, insert, select, update
from sqlalchemy.orm import Session

from storepos.domain.text import fold
from storepos.persistence.base import table_of
from storepos.persistence.models import (
    Customer,
    Order,
    OrderLine,
    Product,
    Store,
    Tender,
    ValueAccount,
    Variant,
)


def _s(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _row(obj: Any, *keys: str) -> dict[str, Any]:
    return {k: _s(getattr(obj, k)) for k in keys}


def order_document(session: Session, order_id: uuid.UUID) -> dict[str, Any]:
    order = session.get(Order, order_id)
    if order is None:
        raise LookupError(f"no order {order_id}")
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    doc = _row(order, "id", "number", "channel", "fulfillment", "store_id", "pickup_store_id",
               "customer_id", "billing_last_name", "placed_on", "dispatched_on", "received_on",
               "shipping_charged", "free_shipping")
    doc["customer"] = _row(customer, "id", "first_name", "last_name", "email", "phone") \
        if customer else None
    doc["lines"] = []
    for line in order.lines:
        variant = session.get(Variant, line.variant_id)
        assert variant is not None
        product = session.get(Product, variant.product_id)
        assert product is not None
        doc["lines"].append({
            **_row(line, "id", "line_no", "quantity", "list_price", "paid", "quantity_returned"),
            "tags": list(line.tags),
            "variant": {**_row(variant, "id", "colour", "size", "upc", "list_price"),
                        "tags": list(variant.tags),
                        "product": {**_row(product, "id", "style_code", "brand", "name"),
                                    "tags": list(product.tags)}},
        })
    doc["tenders"] = [_row(t, "id", "kind", "amount", "card_brand", "card_last4", "auth_ref",
                           "reference", "account_id") for t in order.tenders]
    return doc


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _existing(session: Session, column: Any, values: set[Any]) -> set[Any]:
    if not values:
        return set()
    found: set[Any] = set()
    chunk = list(values)
    for start in range(0, len(chunk), 500):
        found |= set(session.scalars(select(column).where(column.in_(chunk[start:start + 500]))))
    return found


def _by(session: Session, key: Any, value: Any, wanted: set[Any]) -> dict[Any, Any]:
    """{key: value} of the rows whose key is in `wanted`."""
    out: dict[Any, Any] = {}
    chunk = list(wanted)
    for start in range(0, len(chunk), 500):
        out.update(session.execute(select(key, value).where(
            key.in_(chunk[start:start + 500]))).all())
    return out


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(table), rows)


def apply_order_document(session: Session, doc: dict[str, Any]) -> bool:
    """Insert the order, or bring the till's copy forward; False when a different order already
    has its number here (left alone)."""
    return apply_order_documents(session, [doc]) == 1


def apply_order_documents(session: Session, docs: list[dict[str, Any]]) -> int:
    """Apply many documents; how many orders the till now has from them."""
    if not docs:
        return 0
    docs = list({doc["id"]: doc for doc in docs}.values())
    known = _existing(session, Order.id, {uuid.UUID(d["id"]) for d in docs})
    _bring_forward(session, [d for d in docs if uuid.UUID(d["id"]) in known])
    return len(known) + _insert_new(session, [d for d in docs if uuid.UUID(d["id"]) not in known])


def _bring_forward(session: Session, docs: list[dict[str, Any]]) -> None:
    """Orders already here: returned quantities only grow (never past what was sold); received
    and dispatched dates fill in. Three statements for all of them."""
    t = table_of(OrderLine)
    counts = [{"b_id": uuid.UUID(ln["id"]), "b_back": int(ln.get("quantity_returned") or 0)}
              for doc in docs for ln in doc.get("lines") or []]
    conn = session.connection()
    if counts:
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("b_id"), t.c.quantity_returned < bindparam("b_back"))
            .values(quantity_returned=case((t.c.quantity < bindparam("b_back"), t.c.quantity),
                                           else_=bindparam("b_back"))),
            counts)
    o = table_of(Order)
    # Dates the web shop learns later (a parcel dispatched, delivered) fill in; never change.
    for column in (o.c.received_on, o.c.dispatched_on):
        dated = [{"b_id": uuid.UUID(doc["id"]), "b_on": _day(doc[column.name])}
                 for doc in docs if doc.get(column.name)]
        if dated:
            conn.execute(update(o).where(and_(o.c.id == bindparam("b_id"), column.is_(None)))
                         .values({column.name: bindparam("b_on")}), dated)


def _insert_new(session: Session, docs: list[dict[str, Any]]) -> int:
    session.flush()
    taken = _existing(session, Order.number, {d["number"] for d in docs})
    docs = [d for d in docs if d["number"] not in taken]  # another order has that number here
    if not docs:
        return 0
    lines = [ln for d in docs for ln in d.get("lines") or []]
    stores = _existing(session, Store.id, {sid for d in docs for sid in (
        _uuid(d.get("store_id")), _uuid(d.get("pickup_store_id"))) if sid})
    accounts = _existing(session, ValueAccount.id, {
        aid for d in docs for t in d.get("tenders") or [] if (aid := _uuid(t.get("account_id")))})
    customers = {uuid.UUID(d["customer"]["id"]): d["customer"] for d in docs if d.get("customer")}
    new_customers = set(customers) - _existing(session, Customer.id, set(customers))
    _insert(session, table_of(Customer), [{
        "id": cid, "first_name": c["first_name"], "last_name": c["last_name"],
        "email": (c.get("email") or "").strip().lower() or None,
        "phone": "".join(ch for ch in c.get("phone") or "" if ch.isdigit()) or None,
        "created_at": datetime.now(UTC)} for cid, c in customers.items()
        if cid in new_customers])
    variant_of = _variants(session, [ln["variant"] for ln in lines])
    _insert(session, table_of(Order), [{
        "id": uuid.UUID(d["id"]), "number": d["number"], "channel": d["channel"],
        "fulfillment": d["fulfillment"],
        "store_id": sid if (sid := _uuid(d.get("store_id"))) in stores else None,
        "pickup_store_id": pid if (pid := _uuid(d.get("pickup_store_id"))) in stores else None,
        "customer_id": _uuid(d.get("customer_id")) or (
            _uuid(d["customer"]["id"]) if d.get("customer") else None),
        "billing_last_name": d["billing_last_name"],
        "billing_last_name_key": fold(d["billing_last_name"]),
        "placed_on": _day(d["placed_on"]), "dispatched_on": _day(d.get("dispatched_on")),
        "received_on": _day(d.get("received_on")),
        "shipping_charged": Decimal(d.get("shipping_charged") or "0.00"),
        "free_shipping": bool(d.get("free_shipping")), "created_at": datetime.now(UTC),
    } for d in docs])
    _insert(session, table_of(OrderLine), [{
        "id": uuid.UUID(ln["id"]), "order_id": uuid.UUID(d["id"]), "line_no": ln["line_no"],
        "variant_id": variant_of[uuid.UUID(ln["variant"]["id"])], "quantity": ln["quantity"],
        "list_price": Decimal(ln["list_price"]), "paid": Decimal(ln["paid"]),
        "tags": list(ln.get("tags") or []),
        "quantity_returned": min(int(ln.get("quantity_returned") or 0), ln["quantity"]),
    } for d in docs for ln in d.get("lines") or []])
    _insert(session, table_of(Tender), [{
        "id": uuid.UUID(t["id"]), "order_id": uuid.UUID(d["id"]), "kind": t["kind"],
        "amount": Decimal(t["amount"]), "card_brand": t.get("card_brand"),
        "card_last4": t.get("card_last4"), "auth_ref": t.get("auth_ref"),
        "reference": t.get("reference"),
        "account_id": aid if (aid := _uuid(t.get("account_id"))) in accounts else None,
    } for d in docs for t in d.get("tenders") or []])
    return len(docs)


def _variants(session: Session, wanted: list[dict[str, Any]]) -> dict[uuid.UUID, uuid.UUID]:
    """The till's variant id for each document variant: the same id, the same UPC, or a new row
    (with its product, found by id or style code, or new)."""
    by_id = {uuid.UUID(v["id"]): v for v in wanted}
    have = _existing(session, Variant.id, set(by_id))
    upc_to_id = _by(session, Variant.upc, Variant.id, {v["upc"] for v in by_id.values()})
    out = {vid: vid for vid in have}
    missing = {vid: v for vid, v in by_id.items() if vid not in have}
    for vid, v in list(missing.items()):
        if v["upc"] in upc_to_id:
            out[vid] = upc_to_id[v["upc"]]
            del missing[vid]
    products = {uuid.UUID(v["product"]["id"]): v["product"] for v in missing.values()}
    have_products = _existing(session, Product.id, set(products))
    style_to_id = _by(session, Product.style_code, Product.id,
                      {p["style_code"] for p in products.values()})
    product_of: dict[uuid.UUID, uuid.UUID] = {}
    new_products = []
    for pid, p in products.items():
        if pid in have_products:
            product_of[pid] = pid
        elif p["style_code"] in style_to_id:
            product_of[pid] = style_to_id[p["style_code"]]
        else:
            product_of[pid] = pid
            style_to_id[p["style_code"]] = pid
            new_products.append({"id": pid, "style_code": p["style_code"], "brand": p["brand"],
                                 "name": p["name"], "tags": list(p.get("tags") or [])})
    _insert(session, table_of(Product), new_products)
    new_variants, upcs = [], set(upc_to_id)
    for vid, v in missing.items():
        if v["upc"] in upcs:  # two documents bring the same new shoe under two ids
            out[vid] = next(o for o, x in missing.items() if x["upc"] == v["upc"] and o in out)
            continue
        upcs.add(v["upc"])
        out[vid] = vid
        new_variants.append({
            "id": vid, "product_id": product_of[uuid.UUID(v["product"]["id"])],
            "colour": v["colour"], "size": v["size"], "upc": v["upc"],
            "list_price": Decimal(v["list_price"]), "tags": list(v.get("tags") or [])})
    _insert(session, table_of(Variant), new_variants)
    return out
