"""How each document is laid out on a receipt printer (any width), as layout ops.

`layout_document(document, model)` is the one entry point; it is pure and fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from storepos.devices.printing import documents as d
from storepos.devices.printing import policy_reasons
from storepos.devices.printing.day_layout import layout_day_report
from storepos.devices.printing.definitions import PrinterModel
from storepos.devices.printing.layout import Op, Sheet
from storepos.devices.printing.wording import COPY_MARKS, TITLES, Wording
from storepos.i18n import _, pgettext, speaking

# Each language in its own words (not translated: they show what the code page prints).
LANGUAGE_SAMPLES = (
    "English: Receipt - refund - £9.95 - $140.00",
    "Français : Côté, Hélène, garçon, œuvre, « reçu » 140,00 €",
    "Deutsch: Größe, Müller, Straße, Übergröße, 1.234,56 €",
    "Español: Peña, niño, ¿talla? ¡sí! Avión",
)


def samples() -> tuple[str, ...]:
    """The test page's character samples: the languages, then symbols and what is transliterated."""
    return (*LANGUAGE_SAMPLES,
            _("Symbols: {chars}").format(chars="€ £ ¥ ¢ ° • – — ‘quotes’ “quotes” …"),
            _("Transliterated: {chars}").format(chars="Łódź Dvořák Ελλάδα Москва ß→ss 東京"))


def wording_for(header: d.Header) -> Wording:
    store = header.store
    return Wording(header.locale, store.currency, store.time_zone)


def _copy_banner(s: Sheet, w: Wording, *, value_card: bool = False) -> None:
    """COPY / REPRINT in double size with the original's time; a value card's also says it is not
    a new card. On top of every piece of paper of a marked job, and again at its foot."""
    mark = s.mark
    if mark is None:
        return
    s.rule("*")
    s.center(_(COPY_MARKS[mark.kind]), size=2, bold=True)
    if value_card:
        s.center(_("NOT A NEW CARD"), size=2, bold=True)
    original = (pgettext("before a date", "Original printed"), w.timestamp(mark.original_at))
    if len(" ".join(original)) <= s.width:
        s.center(" ".join(original), bold=True)
    else:  # narrow paper: the time whole on its own line, not split between two
        for part in original:
            s.center(part, bold=True)
    s.rule("*")


def _header(s: Sheet, w: Wording, header: d.Header, title_key: str) -> None:
    store = header.store
    value_card = title_key in ("gift_card", "store_credit")
    _copy_banner(s, w, value_card=value_card)
    if store.banner and store.banner != store.name:
        s.center(store.banner, size=2, bold=True)
        s.center(store.name, bold=True)
    else:
        s.center(store.name, size=2 if len(s.fit(store.name)) <= s.columns(2) else 1, bold=True)
    for part in store.address.splitlines():
        s.center(part)
    if store.phone:
        s.center(store.phone)
    s.blank()
    s.center(_(TITLES[title_key]), size=2, bold=True)
    s.blank()
    s.pair(_("Date"), w.timestamp(header.when))
    s.pair(_("Till {till}").format(till=header.till),
           _("Staff {name}").format(name=header.employee))


def _item(s: Sheet, w: Wording, item: d.Item, *, show_fee: bool = True, money: bool = True,
          decision: bool = True, fee_label: str | None = None) -> None:
    value = item.amount + item.restocking_fee
    title = f"{item.quantity} x {item.description}"
    if money:
        s.pair(title, w.money(value), bold=True)
    else:
        s.line(title, bold=True, indent=4)
    details = []
    if item.sku:
        details.append(item.sku)
    if item.size:
        details.append(_("Size {size}").format(size=item.size))
    if item.colour:
        details.append(item.colour)
    if details:
        s.line("  " + "  ".join(details), indent=4)
    if item.reason:
        s.line("  " + _("Reason: {reason}").format(reason=w.term("reason", item.reason)),
               indent=4)
    if decision and item.decision:
        s.line("  " + _("Decision: {decision}").format(
            decision=w.term("decision", item.decision)), indent=4)
    if show_fee and item.restocking_fee:
        s.pair(fee_label or _("Restocking fee"), w.money(-item.restocking_fee), indent=2)
    for reason in policy_reasons.sentences(item, w.locale, w.currency):  # whole: never cut short
        s.bullet(reason, indent=2)


def _tenders(s: Sheet, w: Wording, title: str, tenders: Sequence[d.TenderLine]) -> None:
    if not tenders:
        return
    s.line(title)
    names = w.tender_names
    for tender in tenders:
        s.pair(d.tender_label(tender, names), w.money(tender.amount), indent=2)
        if tender.reference and tender.kind != "card":
            s.line(f"    {tender.reference}")


def _cash_rounding(s: Sheet, w: Wording, tenders: Sequence[d.TenderLine],
                   rounding: Decimal) -> None:
    """Under the tenders: the rounding of the cash to the smallest coin, and the cash handed over."""
    if not rounding:
        return
    cash = _total_cash(tenders)
    s.pair(_("Cash rounding"), w.signed_money(rounding), indent=2)
    s.pair(_("Cash handed over"), w.money(cash + rounding), indent=2, bold=True)


def _total_cash(tenders: Sequence[d.TenderLine]) -> Decimal:
    return sum((t.amount for t in tenders if t.is_cash), Decimal("0.00"))


def _footer(s: Sheet, w: Wording, header: d.Header, code: str = "", *,
            value_card: bool = False) -> None:
    store = header.store
    s.rule()
    if store.footer:
        s.center(store.footer)
    s.center(_("Thank you!"), bold=True)
    if store.website:
        s.center(store.website)
    if code:
        s.blank()
        s.barcode(code)
    if s.mark is not None:
        s.blank()
        _copy_banner(s, w, value_card=value_card)


def _refund(s: Sheet, w: Wording, doc: d.RefundReceipt) -> None:
    cancelled = doc.cancellation
    # A cancelled order's fee is the policy's cancellation fee, not a restocking fee.
    fee_label = _("Cancellation fee") if cancelled else _("Restocking fee")
    _header(s, w, doc.header, "cancellation_receipt" if cancelled else doc.kind)
    s.pair(_("Return ID"), doc.return_id, bold=True)
    s.pair(_("Order"), doc.order_number)
    s.label(_("Customer"), doc.customer)
    s.rule()
    for item in doc.items:
        _item(s, w, item, fee_label=fee_label)
    s.rule()
    s.pair(_("Items"), w.money(doc.items_value))
    if doc.restocking_fee:
        s.pair(fee_label, w.money(-doc.restocking_fee))
    if doc.shipping_refunded:
        s.pair(_("Shipping refunded"), w.money(doc.shipping_refunded))
    if doc.shipping_not_refunded:
        s.pair(_("Shipping not refunded"), w.money(doc.shipping_not_refunded))
    if doc.unpaid_not_refunded:
        s.pair(_("Unpaid (pay offline), not refunded"), w.money(-doc.unpaid_not_refunded))
    s.rule("=")
    s.pair(_("TOTAL REFUNDED"), w.money(doc.total - doc.unpaid_not_refunded), bold=True,
           tall=True)
    s.rule("=")
    _tenders(s, w, _("Refunded to:"), doc.tenders)
    _cash_rounding(s, w, doc.tenders, doc.cash_rounding)
    if doc.note:
        s.label(_("Note"), doc.note)
    _footer(s, w, doc.header, doc.return_id)
    if doc.opens_drawer:
        s.open_drawer()


def _exchange(s: Sheet, w: Wording, doc: d.ExchangeReceipt) -> None:
    _header(s, w, doc.header, doc.kind)
    s.pair(_("Return ID"), doc.return_id, bold=True)
    s.pair(_("Order"), doc.order_number)
    s.label(_("Customer"), doc.customer)
    s.rule()
    s.line(pgettext("exchange receipt", "Returned"), bold=True)
    for item in doc.returned:
        _item(s, w, item, money=True)
    s.rule()
    s.line(_("New items"), bold=True)
    for item in doc.issued:
        _item(s, w, item, decision=False)
    s.rule()
    s.pair(_("Credit"), w.money(doc.credit))
    if doc.shipping_refunded:
        s.pair(_("Shipping refunded"), w.money(doc.shipping_refunded))
    s.pair(_("New items total"), w.money(doc.charge))
    if doc.unpaid_not_refunded:
        s.pair(_("Unpaid (pay offline), not refunded"), w.money(doc.unpaid_not_refunded))
    s.rule("=")
    if doc.collected:
        s.pair(_("CUSTOMER PAYS"), w.money(doc.paid_in), bold=True, tall=True)
    if doc.refunds:
        s.pair(_("REFUNDED"), w.money(doc.paid_out), bold=True, tall=True)
    if not doc.collected and not doc.refunds:
        s.center(_("EVEN EXCHANGE"), bold=True, tall=True)
    s.rule("=")
    _tenders(s, w, _("Paid with:"), doc.collected)
    _cash_rounding(s, w, doc.collected, doc.collected_rounding)
    _tenders(s, w, _("Refunded to:"), doc.refunds)
    _cash_rounding(s, w, doc.refunds, doc.cash_rounding)
    if doc.note:
        s.label(_("Note"), doc.note)
    _footer(s, w, doc.header, doc.return_id)
    if doc.opens_drawer:
        s.open_drawer()


def _value_card(s: Sheet, w: Wording, doc: d.ValueCardSlip) -> None:
    for index, copy in enumerate(doc.copies):
        if index:
            s.cut()
        _header(s, w, doc.header, doc.account_kind)
        s.center(_("STORE COPY") if copy == "store" else _("CUSTOMER COPY"), bold=True)
        s.rule()
        # A second slip never carries what makes a card spendable: the whole number and its
        # barcode stay on the first store copy only (staff find the card by its last four).
        whole = copy == "store" and s.mark is None
        number = doc.number if whole else d.mask_number(doc.number)
        s.pair(_("Number"), number, bold=True)
        if s.mark is not None:
            s.pair(pgettext("before a date", "Card issued"), w.timestamp(doc.header.when))
        s.label(_("Customer"), doc.customer)
        if doc.return_id:
            s.pair(_("Return ID"), doc.return_id)
        s.pair(_("Amount"), w.money(doc.amount))
        _cash_rounding(s, w, (d.TenderLine("cash", doc.amount),), doc.cash_rounding)
        s.rule("=")
        balance = _("BALANCE") if s.mark is None else _("BALANCE AT ISSUE")
        s.pair(balance, w.money(doc.balance), bold=True, tall=True)
        s.rule("=")
        if doc.expires_on:
            s.pair(pgettext("before a date", "Expires"), w.day(doc.expires_on))
        else:
            s.line(_("Never expires"))
        for term in doc.terms:
            s.bullet(term, indent=0)
        if whole:
            s.blank()
            s.barcode(doc.number)
        elif copy == "customer" and s.mark is None:
            s.blank()
            s.line(_("Keep this slip: it is proof of your balance."))
        _footer(s, w, doc.header, value_card=True)


def _return_slip(s: Sheet, w: Wording, doc: d.ReturnSlip) -> None:
    _header(s, w, doc.header, doc.kind)
    s.center(_("Return ID"))
    s.center(doc.return_id, size=2, bold=True)
    s.barcode(doc.return_id)
    s.qr(doc.qr_data or doc.return_id)
    s.pair(_("Order"), doc.order_number)
    s.label(_("Customer"), doc.customer)
    s.rule()
    for item in doc.items:
        _item(s, w, item, show_fee=False, money=False)
    s.rule()
    if doc.ship_to:
        s.line(_("Send to:"), bold=True)
        for part in doc.ship_to.splitlines():
            s.line("  " + part, indent=2)
    for text in doc.instructions:
        s.bullet(text, indent=0)
    s.bullet(_("Write the Return ID on the outside of the box."), indent=0)
    _footer(s, w, doc.header)


def _pickup(s: Sheet, w: Wording, doc: d.PickupReceipt) -> None:
    _header(s, w, doc.header, doc.kind)
    s.pair(_("Pickup"), doc.pickup_number, bold=True)
    s.pair(_("Order"), doc.order_number)
    s.label(_("Customer"), doc.customer)
    if doc.collected_by:
        s.label(_("Collected by"), doc.collected_by)
    checked = _("Photo ID checked") if doc.id_checked else _("ID not checked")
    s.line(_("Photo ID checked: {kind}").format(kind=doc.id_kind)
           if doc.id_checked and doc.id_kind else checked)
    s.rule()
    for item in doc.items:
        _item(s, w, item, money=False, decision=False)
    s.rule()
    _tenders(s, w, _("Paid with:"), doc.tenders)
    _cash_rounding(s, w, doc.tenders, doc.cash_rounding)
    s.blank()
    s.line(_("I received the items above in good order."))
    s.blank(3)
    s.line("X" + "_" * (s.width - 2))
    s.line(_("Signature: {name}").format(name=doc.collected_by or doc.customer))
    _footer(s, w, doc.header, doc.pickup_number)
    if doc.opens_drawer:
        s.open_drawer()


def _warranty(s: Sheet, w: Wording, doc: d.WarrantyTicket) -> None:
    _header(s, w, doc.header, doc.kind)
    s.center(_("Claim"))
    s.center(doc.claim_number, size=2, bold=True)
    s.barcode(doc.claim_number)
    s.label(_("Customer"), doc.customer)
    s.label(_("Order"), doc.order_number)
    if doc.purchased_on:
        s.label(pgettext("before a date", "Purchased"), w.day(doc.purchased_on))
    s.label(_("Proof of purchase"), doc.proof_of_purchase)
    s.rule()
    _item(s, w, doc.item, money=False, decision=False)
    s.rule()
    s.label(_("Defect"), doc.defect)
    s.label(_("Customer reports"), doc.description)
    if doc.findings:
        s.line(_("Inspection:"), bold=True)
        for finding in doc.findings:
            s.bullet(finding)
    s.label(_("Status"), w.term("status", doc.status), bold=True)
    if doc.outcome:
        s.label(_("Outcome"), w.term("decision", doc.outcome), bold=True)
    s.label(_("Reason"), doc.decision_reason)
    if doc.next_steps:
        s.line(_("Next steps:"), bold=True)
        for step in doc.next_steps:
            s.bullet(step)
    if doc.photos:
        s.label(_("Photos on file"), str(doc.photos))
    _footer(s, w, doc.header)


def _test_page(s: Sheet, w: Wording, doc: d.TestPage) -> None:
    _header(s, w, doc.header, doc.kind)
    model = s.model
    s.label(_("Printer"), doc.printer_name)
    s.label(_("Model"), f"{model.title} ({model.name})")
    s.label(_("Paper"), _("{mm} mm, {dots} dots").format(mm=model.paper_mm, dots=model.dots))
    s.label(_("Code page"), f"{model.code_page.upper()} (ESC t {model.code_page_table})")
    s.rule()
    digits = "1234567890" * 10
    s.line(digits[: s.width])
    s.line(digits[: s.columns(1, "b")], font="b")
    s.rule()
    for sample in doc.samples or samples():
        s.line(sample, indent=2)
    s.rule()
    s.line(_("Bold"), bold=True)
    s.line(_("Tall"), tall=True)
    s.line(_("Double"), size=2)
    s.barcode("TEST-1234")
    s.qr("storepos test page")
    _footer(s, w, doc.header)


def _day_report(s: Sheet, w: Wording, doc: d.DayReport) -> None:
    _copy_banner(s, w)  # a reprinted Z report says REPRINT, with the first paper's time
    layout_day_report(s, w, doc)
    if s.mark is not None:
        s.blank()
        _copy_banner(s, w)


_LAYOUTS: dict[str, Callable[[Sheet, Wording, Any], None]] = {
    d.RefundReceipt.kind: _refund,
    d.ExchangeReceipt.kind: _exchange,
    d.ValueCardSlip.kind: _value_card,
    d.ReturnSlip.kind: _return_slip,
    d.PickupReceipt.kind: _pickup,
    d.WarrantyTicket.kind: _warranty,
    d.TestPage.kind: _test_page,
    d.DayReport.kind: _day_report,
}


def layout_document(document: Any, model: PrinterModel, mark: d.CopyMark | None = None) -> list[Op]:
    """The ops that print `document` on a printer of `model`, ending with a cut; `mark` makes it
    say COPY or REPRINT, with the original's time, on top and at the foot of every piece."""
    try:
        build = _LAYOUTS[document.kind]
    except (KeyError, AttributeError):
        raise d.DocumentError(f"no receipt layout for {type(document).__name__}") from None
    sheet = Sheet(model, mark)
    with speaking(document.header.locale):  # the customer's copy may be French, the screen not
        build(sheet, wording_for(document.header), document)
    sheet.cut()
    return sheet.ops
