"""The storepos order JSON (docs/order-format.md): any other platform's orders, in the same
WebOrder the Shopify mapping makes. Pure: no database."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storepos.i18n import _

from .model import OrderRefused, WebCustomer, WebLine, WebOrder, WebRefund, WebTender
from .money import ZERO, amount, spread
from .text import Fields

TENDER_KINDS = ("card", "paypal", "gift_card", "store_credit", "cash", "interac", "cheque",
                "money_order", "pay_offline")
FULFILLMENTS = ("ship_to_home", "ship_to_store")


def order_name(raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("number"), (str, int)):
        return _("order {number}").format(number=str(raw["number"])[:40])
    if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)):
        return _("order id {id}").format(id=str(raw["id"])[:40])
    return _("an order with no number")


def _date(value: Any, what: str, required: bool = False) -> date | None:
    if value in (None, "") and not required:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(_("{what} {value} is not a date like 2025-01-31").format(
            what=what, value=repr(value))) from None


def _moment(value: Any, what: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("{what} {value} is not a date and time").format(
            what=what, value=repr(value))) from None


def read_order(raw: Any) -> WebOrder:
    f = Fields(order_name(raw))
    if not isinstance(raw, dict):
        raise f.refuse(_("it is not a JSON object"))
    try:
        return _read(raw, f)
    except OrderRefused:
        raise
    except ValueError as exc:
        raise f.refuse(str(exc)) from None


def _read(raw: dict[str, Any], f: Fields) -> WebOrder:
    source_id = f.text(raw.get("id"), _("the id"), 100)
    number = f.text(raw.get("number"), _("the number"), 100).lstrip("#").replace(" ", "")
    if not source_id or not number:
        raise f.refuse(_("it needs an id and a number"))
    if len(number) > 24:
        raise f.refuse(_("its number {number} is longer than 24 characters").format(
            number=repr(number)))
    platform = f.text(raw.get("platform") or "storepos", _("the platform"), 30).lower()
    last_name = f.text(raw.get("billing_last_name"), _("the billing last name"), 80)
    if not last_name:
        raise f.refuse(_("it has no billing_last_name to look it up by"))
    fulfillment = raw.get("fulfillment") or "ship_to_home"
    if fulfillment not in FULFILLMENTS:
        raise f.refuse(_("fulfillment {value} is not one of {known}").format(
            value=repr(fulfillment), known=", ".join(FULFILLMENTS)))
    pickup = f.text(raw.get("pickup_store"), _("the pickup store"), 16).upper() or None
    if (fulfillment == "ship_to_store") != bool(pickup):
        raise f.refuse(_("a ship_to_store order names its pickup_store, and only it does"))
    lines = _lines(raw, source_id, f)
    c = raw.get("customer")
    customer = None
    if isinstance(c, dict):
        customer = WebCustomer(
            source_id=f.text(c.get("id"), _("the customer's id"), 100) or f"order:{source_id}",
            first_name=f.text(c.get("first_name"), _("the customer's first name"), 80),
            last_name=f.text(c.get("last_name"), _("the customer's last name"), 80),
            email=f.text(c.get("email"), _("the customer's email"), 254),
            phone=f.text(c.get("phone"), _("the customer's phone"), 20))
    shipping = raw.get("shipping_charged") or "0.00"
    return WebOrder(
        source=f"storepos:{platform}", source_id=source_id, number=number,
        billing_last_name=last_name,
        placed_on=_date(raw.get("placed_on"), "placed_on", required=True) or date.min,
        lines=lines, updated_at=_moment(raw.get("updated_at"), "updated_at"),
        customer=customer, fulfillment=fulfillment, pickup_store_code=pickup,
        dispatched_on=_date(raw.get("dispatched_on"), "dispatched_on"),
        received_on=_date(raw.get("delivered_on"), "delivered_on") if not pickup else None,
        shipping_charged=amount(shipping, "shipping_charged"),
        free_shipping=bool(raw.get("free_shipping")), cancelled=bool(raw.get("cancelled")),
        tax_lines=[{"title": f.text(t.get("title"), _("a tax line's title"), 60),
                    "rate": f.text(t.get("rate"), _("a tax line's rate"), 20),
                    "amount": str(amount(t.get("amount"), _("a tax line's amount")))}
                   for t in raw.get("tax_lines") or [] if isinstance(t, dict)],
        tenders=_tenders(raw, source_id, f), refunds=_refunds(raw, source_id),
        warnings=f.warnings)


def _lines(raw: dict[str, Any], order_id: str, f: Fields) -> list[WebLine]:
    items = [i for i in raw.get("lines") or [] if isinstance(i, dict)]
    if not items:
        raise f.refuse(_("it has no lines"))
    read = []
    for n, item in enumerate(items, 1):
        quantity = item.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise f.refuse(_("line {n} has quantity {quantity}, not a whole number of 1 or more")
                           .format(n=n, quantity=repr(quantity)))
        price = amount(item.get("price"), _("line {n}'s price").format(n=n))
        off = amount(item.get("discount") or "0", _("line {n}'s discount").format(n=n))
        if off > price * quantity:
            raise f.refuse(_("line {n}'s discount ({off}) is more than its price x quantity")
                           .format(n=n, off=off))
        read.append((n, item, quantity, price, off))
    order_off = amount(raw.get("order_discount") or "0", "order_discount")
    gross = [price * q - off for _n, _i, q, price, off in read]
    if order_off > sum(gross, ZERO):
        raise f.refuse(_("its order_discount ({off}) is more than its lines cost").format(
            off=order_off))
    extra = spread(order_off, gross) if order_off else [ZERO] * len(read)
    return [WebLine(
        source_id=f"{order_id}:" + (f.text(item.get("id"), _("line {n} id").format(n=n), 60) or str(n)),
        sku=f.text(item.get("sku"), _("line {n}'s SKU").format(n=n), 64),
        title=f.text(item.get("title"), _("line {n}'s title").format(n=n), 255),
        variant_title=f.text(item.get("variant_title"), _("line {n}'s variant title").format(n=n), 120),
        vendor=f.text(item.get("brand"), _("line {n}'s brand").format(n=n), 60), quantity=quantity,
        price=price, paid=price * quantity - off - more,
        tax=amount(item.get("tax") or "0", _("line {n}'s tax").format(n=n)), discounted=off + more > 0)
        for (n, item, quantity, price, off), more in zip(read, extra, strict=True)]


def _tenders(raw: dict[str, Any], order_id: str, f: Fields) -> list[WebTender]:
    tenders = []
    for n, t in enumerate([t for t in raw.get("tenders") or [] if isinstance(t, dict)], 1):
        kind = t.get("kind")
        if kind not in TENDER_KINDS:
            raise f.refuse(_("tender {n}'s kind {kind} is not one of {known}").format(
                n=n, kind=repr(kind), known=", ".join(TENDER_KINDS)))
        last4 = f.text(t.get("card_last4"), _("tender {n}'s card_last4").format(n=n), 4) or None
        if last4 is not None and not (len(last4) == 4 and last4.isdecimal()):
            raise f.refuse(_("tender {n}'s card_last4 is not 4 digits").format(n=n))
        tenders.append(WebTender(
            source_id=f"{order_id}:" + (f.text(t.get("id"), _("tender {n} id").format(n=n), 60)
                                        or str(n)),
            kind=kind,
            amount=amount(t.get("amount"), _("tender {n}'s amount").format(n=n)),
            card_brand=f.text(t.get("card_brand"), _("tender {n}'s card_brand").format(n=n), 20) or None,
            card_last4=last4,
            auth_ref=f.text(t.get("auth_ref"), _("tender {n}'s auth_ref").format(n=n), 40) or None,
            reference=f.text(t.get("reference"), _("tender {n}'s reference").format(n=n), 40)
            or None))
    return tenders


def _refunds(raw: dict[str, Any], order_id: str) -> list[WebRefund]:
    out = []
    for r in raw.get("refunds") or []:
        if not isinstance(r, dict) or r.get("id") in (None, ""):
            continue
        lines = tuple((f"{order_id}:{x.get('line')}", int(x["quantity"]))
                      for x in r.get("lines") or [] if isinstance(x, dict)
                      and isinstance(x.get("quantity"), int) and x["quantity"] > 0)
        if lines:
            out.append(WebRefund(str(r["id"]), lines))
    return out


__all__ = ["read_order"]
