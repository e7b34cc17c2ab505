"""Shopify's REST order JSON (the webhook body of orders/*, or one of `{"orders": [...]}`) ->
WebOrder. Pure: no database. The rules are written down in README.md, "Web-shop orders".

Field names are Shopify's Admin REST Order and Refund resources: name, order_number,
billing_address, customer, line_items[].{id, sku, title, variant_title, vendor, quantity, price,
discount_allocations[].amount, total_discount, tax_lines[].price}, total_discounts,
shipping_lines[].{code, price, discounted_price, discount_allocations}, tax_lines,
note_attributes, fulfillments[].{status, created_at, updated_at, shipment_status},
transactions[].{kind, status, amount, gateway, authorization, payment_details}, payment_details,
payment_gateway_names, refunds[].{id, refund_line_items[].{line_item_id, quantity}}.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from storepos.domain.cards import mask_card_numbers
from storepos.i18n import _

from .model import OrderRefused, WebCustomer, WebLine, WebOrder, WebRefund, WebTender
from .money import ZERO, amount, spread
from .text import Fields

SOURCE = "shopify"
PICKUP_ATTRIBUTE = "pickup_store"  # note attribute naming the store code of a ship-to-store order
_PICKUP_CODE = re.compile(r"^pickup[\s:_-]+([A-Za-z0-9]{1,16})$", re.IGNORECASE)
_PAID = ("sale", "capture")
_UNSETTLED = ("cancelled", "error", "failure")


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _day(value: Any) -> date | None:
    """The date in the timestamp's own offset (the shop's time zone, as Shopify writes it)."""
    moment = _moment(value)
    return moment.date() if moment else None


def _sum(items: list[dict[str, Any]], key: str, what: str) -> Decimal:
    return sum((amount(i.get(key), what) for i in items), ZERO)


def order_name(raw: Any) -> str:
    """How an order is named in words before it is read: its name, number or id."""
    if not isinstance(raw, dict):
        return _("an order that is not a JSON object")
    for key in ("name", "order_number", "id"):
        if isinstance(raw.get(key), (str, int)) and not isinstance(raw.get(key), bool):
            return mask_card_numbers(_("order {number}").format(number=str(raw[key])[:40]))
    return _("an order with no id")


def read_order(raw: Any) -> WebOrder:
    """One Shopify order; OrderRefused (in words, naming the order) when it cannot be taken in."""
    fields = Fields(order_name(raw))
    if not isinstance(raw, dict):
        raise fields.refuse(_("it is not a JSON object"))
    try:
        return _read(raw, fields)
    except OrderRefused:
        raise
    except ValueError as exc:  # an amount that is not one: money.amount says which
        raise fields.refuse(str(exc)) from None


def _read(raw: dict[str, Any], f: Fields) -> WebOrder:
    if raw.get("id") in (None, "") or isinstance(raw.get("id"), (dict, list, bool)):
        raise f.refuse(_("it has no id"))
    number = f.text(raw.get("name"), _("the name"), 100).lstrip("#").replace(" ", "")
    if not number:
        number = f.text(raw.get("order_number"), _("the order number"), 100)
    if not number:
        raise f.refuse(_("it has neither a name nor an order number"))
    if len(number) > 24:
        raise f.refuse(_("its number {number} is longer than 24 characters").format(
            number=repr(number)))
    billing, customer_raw = _dict(raw.get("billing_address")), _dict(raw.get("customer"))
    last_name = (f.text(billing.get("last_name"), _("the billing last name"), 80)
                 or f.text(customer_raw.get("last_name"), _("the customer's last name"), 80)
                 or f.text(_dict(raw.get("shipping_address")).get("last_name"),
                           _("the shipping last name"), 80))
    if not last_name:
        raise f.refuse(_("it has no billing last name to look it up by"))
    placed_on = _day(raw.get("created_at")) or _day(raw.get("processed_at"))
    if placed_on is None:
        raise f.refuse(_("its created_at is not a date and time"))
    shipping = _list(raw.get("shipping_lines"))
    pickup = _pickup_store(raw, shipping, f)
    fulfilled = [x for x in _list(raw.get("fulfillments"))
                 if str(x.get("status") or "success") not in _UNSETTLED]
    dispatched = [d for x in fulfilled if (d := _day(x.get("created_at")))]
    delivered = [d for x in fulfilled if x.get("shipment_status") == "delivered"
                 and (d := _day(x.get("updated_at")))]
    charged = sum((_shipping_charged(s) for s in shipping), ZERO)
    return WebOrder(
        source=SOURCE, source_id=str(raw["id"]), number=number, billing_last_name=last_name,
        placed_on=placed_on, lines=_lines(raw, shipping, f),
        updated_at=_moment(raw.get("updated_at")), customer=_customer(raw, customer_raw, f),
        fulfillment="ship_to_store" if pickup else "ship_to_home", pickup_store_code=pickup,
        dispatched_on=min(dispatched) if dispatched else None,
        # A pickup order is received when the store hands it over (the till says so), not here.
        received_on=min(delivered) if delivered and not pickup else None,
        shipping_charged=charged, free_shipping=bool(shipping) and charged == 0 and not pickup,
        cancelled=bool(raw.get("cancelled_at")),
        tax_lines=[{"title": f.text(t.get("title"), _("a tax line's title"), 60),
                    "rate": f.text(t.get("rate"), _("a tax line's rate"), 20),
                    "amount": str(amount(t.get("price"), _("a tax line's price")))}
                   for t in _list(raw.get("tax_lines"))],
        tenders=_tenders(raw, f), refunds=_refunds(raw), warnings=f.warnings,
    )


def _pickup_store(raw: dict[str, Any], shipping: list[dict[str, Any]], f: Fields) -> str | None:
    """A ship-to-store order names its store by code: the note attribute `pickup_store`, or a
    shipping line whose code is `pickup:<CODE>`."""
    for attr in _list(raw.get("note_attributes")):
        if str(attr.get("name", "")).strip().lower() == PICKUP_ATTRIBUTE:
            code = f.text(attr.get("value"), _("the pickup_store note attribute"), 16)
            if code:
                return code.upper()
    for line in shipping:
        found = _PICKUP_CODE.match(f.text(line.get("code"), _("a shipping line's code"), 60))
        if found:
            return found.group(1).upper()
    return None


def _shipping_charged(line: dict[str, Any]) -> Decimal:
    if line.get("discounted_price") not in (None, ""):
        return amount(line["discounted_price"], _("a shipping line's discounted_price"))
    price = amount(line.get("price", "0"), _("a shipping line's price"))
    off = _sum(_list(line.get("discount_allocations")), "amount", _("a shipping discount"))
    return max(price - off, ZERO)


def _lines(raw: dict[str, Any], shipping: list[dict[str, Any]], f: Fields) -> list[WebLine]:
    items = _list(raw.get("line_items"))
    if not items:
        raise f.refuse(_("it has no line items"))
    read = []
    for n, item in enumerate(items, 1):
        if item.get("id") in (None, ""):
            raise f.refuse(_("line {n} has no id").format(n=n))
        quantity = item.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise f.refuse(_("line {n} has quantity {quantity}, not a whole number of 1 or more")
                           .format(n=n, quantity=repr(quantity)))
        price = amount(item.get("price"), _("line {n}'s price").format(n=n))
        allocations = item.get("discount_allocations")
        off = (_sum(_list(allocations), "amount", _("line {n}'s discount allocation").format(n=n))
               if isinstance(allocations, list)
               else amount(item.get("total_discount") or "0",
                           _("line {n}'s total_discount").format(n=n)))
        if off > price * quantity:
            raise f.refuse(_("line {n}'s discounts ({off}) are more than its price x quantity "
                             "({gross})").format(n=n, off=off, gross=price * quantity))
        read.append((n, item, quantity, price, off))
    # Discounts carried only by the order's total (older API versions, other apps): spread over
    # the lines by what each still costs, so the cents add up to the total exactly.
    order_off = amount(raw.get("total_discounts") or "0", _("the order's total_discounts"))
    shipping_off = sum((_sum(_list(s.get("discount_allocations")), "amount", _("a shipping discount"))
                        for s in shipping), ZERO)
    spread_off = order_off - shipping_off
    if all(off == 0 for *_, off in read) and spread_off > 0:
        gross = [price * q for _n, _i, q, price, _o in read]
        if spread_off > sum(gross, ZERO):
            raise f.refuse(_("its total_discounts ({off}) are more than its lines cost").format(
                off=order_off))
        extra = spread(spread_off, gross)
    else:
        extra = [ZERO] * len(read)
    lines = []
    for (n, item, quantity, price, off), more in zip(read, extra, strict=True):
        lines.append(WebLine(
            source_id=str(item["id"]),
            sku=f.text(item.get("sku"), _("line {n}'s SKU").format(n=n), 64),
            title=f.text(item.get("title") or item.get("name"), _("line {n}'s title").format(n=n),
                         255),
            variant_title=f.text(item.get("variant_title"),
                                 _("line {n}'s variant title").format(n=n), 120),
            vendor=f.text(item.get("vendor"), _("line {n}'s vendor").format(n=n), 60),
            quantity=quantity, price=price, paid=price * quantity - off - more,
            tax=_sum(_list(item.get("tax_lines")), "price", _("line {n}'s tax line").format(n=n)),
            discounted=off + more > 0))
    return lines


def _customer(raw: dict[str, Any], c: dict[str, Any], f: Fields) -> WebCustomer | None:
    email = f.text(c.get("email") or raw.get("email") or raw.get("contact_email"),
                   _("the customer's email"), 254)
    if not c and not email:
        return None
    billing = _dict(raw.get("billing_address"))
    return WebCustomer(
        # No customer id: the email names the customer; without either, this order alone
        # (never one shared "nobody" every such order would point at).
        source_id=str(c.get("id") or (f"email:{email.lower()}" if email else f"order:{raw['id']}")),
        first_name=f.text(c.get("first_name") or billing.get("first_name"),
                          _("the customer's first name"), 80),
        last_name=f.text(c.get("last_name") or billing.get("last_name"),
                         _("the customer's last name"), 80),
        email=email,
        phone=f.text(c.get("phone") or raw.get("phone") or billing.get("phone"),
                     _("the customer's phone"), 20))


def tender_kind(gateway: str) -> str:
    g = gateway.lower()
    if "paypal" in g:
        return "paypal"
    if "gift_card" in g or "gift card" in g:
        return "gift_card"
    if g in ("manual", "cash on delivery (cod)", "cod", "bank deposit", "money order"):
        return "pay_offline"
    return "card"


def _card(details: dict[str, Any], f: Fields, company: str,
          number: str) -> tuple[str | None, str | None]:
    """Brand and last four, from Shopify's masked number ("•••• •••• •••• 4242"); a field that
    holds a full number is refused, not read. `company` and `number` name the fields in words."""
    brand = f.text(details.get("credit_card_company"), company, 20) or None
    masked = f.text(details.get("credit_card_number"), number, 40)
    digits = "".join(ch for ch in masked if ch.isdecimal())
    last4 = digits[-4:] if len(digits) >= 4 and masked.rstrip()[-4:].isdecimal() else None
    return brand, last4


def _tenders(raw: dict[str, Any], f: Fields) -> list[WebTender]:
    txs = [t for t in _list(raw.get("transactions")) if t.get("status") == "success"]
    taken = [t for t in txs if t.get("kind") in _PAID] or [
        t for t in txs if t.get("kind") == "authorization"]
    tenders = []
    for n, t in enumerate(taken, 1):
        gateway = f.text(t.get("gateway"), _("transaction {n}'s gateway").format(n=n), 60)
        brand, last4 = _card(_dict(t.get("payment_details")), f,
                             _("transaction {n}'s card company").format(n=n),
                             _("transaction {n}'s card number").format(n=n))
        auth = f.text(t.get("authorization"), _("transaction {n}'s authorization").format(n=n),
                      40) or None
        kind = tender_kind(gateway)
        tenders.append(WebTender(
            source_id=str(t.get("id") or f"{raw['id']}-{n}"), kind=kind,
            amount=amount(t.get("amount"), _("transaction {n}'s amount").format(n=n)), card_brand=brand,
            card_last4=last4 if kind == "card" else None, auth_ref=auth,
            reference=auth if kind == "paypal" else None))
    if tenders or raw.get("total_price") in (None, ""):
        return tenders
    names = raw.get("payment_gateway_names")
    gateway = f.text(names[0] if isinstance(names, list) and names else raw.get("gateway"),
                     _("the payment gateway"), 60)
    brand, last4 = _card(_dict(raw.get("payment_details")), f, _("the order's card company"),
                         _("the order's card number"))
    kind = tender_kind(gateway)
    return [WebTender(source_id=f"{raw['id']}-payment", kind=kind,
                      amount=amount(raw.get("total_price"), _("the order's total_price")),
                      card_brand=brand if kind == "card" else None,
                      card_last4=last4 if kind == "card" else None)]


def _refunds(raw: dict[str, Any]) -> list[WebRefund]:
    return [r for x in _list(raw.get("refunds")) if (r := read_refund(x)) is not None]


def read_refund(raw: Any) -> WebRefund | None:
    """A Shopify Refund (refunds/create's body, or one of an order's `refunds`): the units of each
    line it gave money back for; None when it names none (a shipping-only refund)."""
    if not isinstance(raw, dict) or raw.get("id") in (None, ""):
        return None
    lines = []
    for item in _list(raw.get("refund_line_items")):
        quantity = item.get("quantity")
        line = item.get("line_item_id") or _dict(item.get("line_item")).get("id")
        if line and isinstance(quantity, int) and not isinstance(quantity, bool) and quantity > 0:
            lines.append((str(line), quantity))
    return WebRefund(str(raw["id"]), tuple(lines)) if lines else None
