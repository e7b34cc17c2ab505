"""The web shop mapping (central/webshop): Shopify's REST order JSON and the storepos order JSON
into WebOrder, pure. Fixtures written by hand from Shopify's documented Order resource."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storepos.central.webshop import shopify, storepos_format
from storepos.central.webshop.model import OrderRefused
from storepos.central.webshop.money import spread

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
CARD = "4111 1111 1111 1111"


def order_1001() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (ROOT / "tests/data/shopify/order_1001.json").read_text(encoding="utf-8"))
    return copy.deepcopy(data["order"])


def test_the_documented_order_maps_to_what_the_till_needs() -> None:
    order = shopify.read_order(order_1001())
    assert (order.source, order.source_id, order.number) == ("shopify", "5631298142391", "1001")
    assert order.billing_last_name == "Côté"
    # 21:12 in Montréal is already the next day in UTC: the shop's own date counts.
    assert order.placed_on.isoformat() == "2025-05-02"
    assert [(ln.sku, ln.quantity, ln.price, ln.paid, ln.tax, ln.discounted) for ln in order.lines] \
        == [("BLU-585-BRN-8", 1, D("240.00"), D("216.00"), D("32.35"), True),
            ("SOCK-MER-GRY-M", 2, D("15.00"), D("27.00"), D("4.04"), True)]
    assert (order.shipping_charged, order.free_shipping) == (D("9.95"), False)
    assert (order.fulfillment, order.pickup_store_code) == ("ship_to_home", None)
    assert order.dispatched_on and order.dispatched_on.isoformat() == "2025-05-03"
    assert order.received_on and order.received_on.isoformat() == "2025-05-06"
    assert [(t.kind, t.amount, t.card_brand, t.card_last4, t.auth_ref) for t in order.tenders] \
        == [("card", D("285.83"), "Visa", "4242", "ch_3PabcXYZ1")]
    assert order.tax_lines == [{"title": "GST", "rate": "0.05", "amount": "12.65"},
                               {"title": "QST", "rate": "0.09975", "amount": "25.23"}]
    assert order.customer and order.customer.email == "marie.cote@example.com"
    assert order.warnings == [] and not order.cancelled


def test_a_discount_only_the_order_total_carries_is_spread_to_the_cent() -> None:
    raw = order_1001()
    raw["line_items"] = [
        {"id": n, "sku": f"S{n}", "title": "Sock", "quantity": 1, "price": "10.00"}
        for n in (1, 2, 3)]
    raw["total_discounts"] = "10.00"
    order = shopify.read_order(raw)
    # 10.00 over three equal lines: 3.34 + 3.33 + 3.33, the odd cent to the first.
    assert [ln.paid for ln in order.lines] == [D("6.66"), D("6.67"), D("6.67")]
    assert sum(ln.paid for ln in order.lines) == D("20.00")
    assert all(ln.discounted for ln in order.lines)


def test_line_allocations_win_over_the_order_total_and_the_deprecated_total_discount_counts() -> None:
    raw = order_1001()
    for item in raw["line_items"]:
        del item["discount_allocations"]  # an old API version: total_discount per line
    raw["line_items"][0]["total_discount"] = "40.00"
    order = shopify.read_order(raw)
    assert [ln.paid for ln in order.lines] == [D("200.00"), D("30.00")]


@given(st.lists(st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2),
                min_size=1, max_size=12),
       st.integers(min_value=0, max_value=100_000))
def test_spread_always_adds_up_to_the_total(weights: list[Decimal], cents: int) -> None:
    total = D(cents) / 100
    shares = spread(total, weights)
    assert sum(shares, D("0")) == total
    assert all(s >= 0 and s == s.quantize(D("0.01")) for s in shares)
    # No share is more than a cent off its exact proportion.
    whole = sum(weights, D("0"))
    assert all(abs(s - total * w / whole) < D("0.01") for s, w in zip(shares, weights, strict=True))


def test_the_order_number_people_read() -> None:
    raw = order_1001()
    raw["name"] = "#SM-1001"
    assert shopify.read_order(raw).number == "SM-1001"
    del raw["name"]
    assert shopify.read_order(raw).number == "1001"


def test_billing_last_name_then_the_customers_and_none_is_refused() -> None:
    raw = order_1001()
    raw["billing_address"] = None
    raw["customer"]["last_name"] = "Tremblay"
    assert shopify.read_order(raw).billing_last_name == "Tremblay"
    raw["customer"]["last_name"] = None
    raw["shipping_address"] = {}
    with pytest.raises(OrderRefused, match=r"^order #1001: it has no billing last name"):
        shopify.read_order(raw)


def test_free_shipping_and_a_discounted_shipping_line() -> None:
    raw = order_1001()
    raw["shipping_lines"][0]["discounted_price"] = "0.00"
    order = shopify.read_order(raw)
    assert (order.shipping_charged, order.free_shipping) == (D("0.00"), True)
    del raw["shipping_lines"][0]["discounted_price"]
    raw["shipping_lines"][0]["discount_allocations"] = [{"amount": "4.95"}]
    order = shopify.read_order(raw)
    assert (order.shipping_charged, order.free_shipping) == (D("5.00"), False)


def test_ship_to_store_names_its_store_by_note_attribute_or_shipping_code() -> None:
    raw = order_1001()
    raw["note_attributes"] = [{"name": "pickup_store", "value": "tor1"}]
    order = shopify.read_order(raw)
    assert (order.fulfillment, order.pickup_store_code) == ("ship_to_store", "TOR1")
    assert order.received_on is None  # received when the store hands it over
    assert order.free_shipping is False
    raw["note_attributes"] = []
    raw["shipping_lines"][0]["code"] = "pickup:YRK"
    assert shopify.read_order(raw).pickup_store_code == "YRK"


def test_a_full_card_number_refuses_its_field_wherever_it_is() -> None:
    raw = order_1001()
    raw["billing_address"]["last_name"] = CARD
    raw["line_items"][1]["title"] = f"Socks {CARD}"
    raw["transactions"][0]["payment_details"]["credit_card_number"] = "4111111111111111"
    raw["transactions"][0]["authorization"] = CARD.replace(" ", "-")
    raw["customer"]["phone"] = CARD
    order = shopify.read_order(raw)
    assert order.billing_last_name == "Côté"  # the customer's, the billing field refused
    assert order.lines[1].title == ""
    assert (order.tenders[0].card_last4, order.tenders[0].auth_ref) == (None, None)
    assert order.tenders[0].card_brand == "Visa"
    assert order.customer and order.customer.phone == ""
    assert len(order.warnings) == 5
    assert all("full card number" in w and "1111" not in w for w in order.warnings)
    assert "1111" not in repr(order)


def test_bad_orders_are_refused_naming_the_order_and_why() -> None:
    raw = order_1001()
    raw["line_items"][0]["quantity"] = 0
    with pytest.raises(OrderRefused, match=r"order #1001: line 1 has quantity 0"):
        shopify.read_order(raw)
    raw = order_1001()
    raw["line_items"][1]["price"] = "abc"
    with pytest.raises(OrderRefused, match=r"order #1001: line 2's price 'abc' is not an amount"):
        shopify.read_order(raw)
    raw["line_items"][1]["price"] = CARD
    with pytest.raises(OrderRefused) as refused:
        shopify.read_order(raw)
    assert "1111 1111" not in str(refused.value)
    raw = order_1001()
    raw["line_items"][0]["discount_allocations"] = [{"amount": "300.00"}]
    with pytest.raises(OrderRefused, match=r"discounts \(300\.00\) are more than"):
        shopify.read_order(raw)
    raw["line_items"] = []
    with pytest.raises(OrderRefused, match="no line items"):
        shopify.read_order(raw)
    with pytest.raises(OrderRefused, match="not a JSON object"):
        shopify.read_order(["x"])


def test_refunds_name_their_lines_and_units() -> None:
    raw = order_1001()
    raw["refunds"] = [{"id": 901, "order_id": raw["id"], "refund_line_items": [
        {"id": 1, "line_item_id": 13912340002, "quantity": 1, "restock_type": "return"}]},
        {"id": 902, "refund_line_items": []}]  # shipping only: no units
    order = shopify.read_order(raw)
    assert [(r.source_id, r.lines) for r in order.refunds] == [("901", (("13912340002", 1),))]


@pytest.mark.parametrize(("gateway", "kind"), [
    ("paypal", "paypal"), ("gift_card", "gift_card"), ("manual", "pay_offline"),
    ("shopify_payments", "card")])
def test_tender_kinds_from_the_gateway(gateway: str, kind: str) -> None:
    raw = order_1001()
    raw["transactions"][0]["gateway"] = gateway
    tender = shopify.read_order(raw).tenders[0]
    assert tender.kind == kind
    assert tender.card_last4 == ("4242" if kind == "card" else None)


def test_without_transactions_the_orders_payment_details_make_the_tender() -> None:
    raw = order_1001()
    del raw["transactions"]
    raw["payment_details"] = {"credit_card_company": "Mastercard",
                              "credit_card_number": "•••• •••• •••• 4444"}
    tender = shopify.read_order(raw).tenders[0]
    assert (tender.kind, tender.amount, tender.card_brand, tender.card_last4) == \
        ("card", D("285.83"), "Mastercard", "4444")


def test_the_documented_storepos_example_maps() -> None:
    data = json.loads((ROOT / "docs/order-example.json").read_text(encoding="utf-8"))
    first = storepos_format.read_order(data["orders"][0])
    assert (first.source, first.number, first.billing_last_name) == \
        ("storepos:woocommerce", "WC-20417", "Nguyen")
    assert [ln.paid for ln in first.lines] == [D("114.84"), D("23.16")]
    assert sum(ln.paid for ln in first.lines) == D("138.00")
    second = storepos_format.read_order(data["orders"][1])
    assert (second.fulfillment, second.pickup_store_code) == ("ship_to_store", "TOR1")
    bad = copy.deepcopy(data["orders"][0])
    bad["fulfillment"] = "ship_to_store"
    with pytest.raises(OrderRefused, match="order WC-20417: a ship_to_store order names"):
        storepos_format.read_order(bad)


def test_a_customer_with_no_id_is_named_by_email_else_by_the_order() -> None:
    raw = order_1001()
    raw["customer"] = {"first_name": "Ana", "last_name": "Roy"}
    raw["email"] = None
    customer = shopify.read_order(raw).customer
    assert customer and customer.source_id == f"order:{raw['id']}"
    raw["email"] = "Ana.Roy@example.com"
    customer = shopify.read_order(raw).customer
    assert customer and customer.source_id == "email:ana.roy@example.com"
