"""The X and Z reports in words: titled sections of (label, value) rows, in the store's language.

The receipt layout, the PDF and the Day screen all show these same sections, so the paper, the PDF
and the screen never disagree. Words through gettext, money through storepos.i18n.formats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal
from zoneinfo import ZoneInfo

from storepos.devices.printing.documents import DayReport, Tally
from storepos.i18n import N_, _, ngettext, speaking
from storepos.i18n.formats import clock, day, money, number

MOVEMENTS = {
    "float": N_("Float counted at opening"), "cash_refund": N_("Cash refunds"),
    "exchange_collected": N_("Exchange differences collected"),
    "exchange_paid": N_("Exchange differences paid back"),
    "pickup_balance": N_("Pickup balances paid in cash"),
    "gift_card_sold": N_("Gift cards sold for cash"), "paid_in": N_("Paid in"),
    "paid_out": N_("Paid out"),
}
TENDERS = {
    "card": N_("Card"), "paypal": N_("PayPal"), "gift_card": N_("Gift card"),
    "store_credit": N_("Store credit"), "cash": N_("Cash"), "interac": N_("Interac"),
    "cheque": N_("Cheque"), "money_order": N_("Money order"), "pay_offline": N_("Pay offline"),
}
REASONS = {
    "change_of_mind": N_("Change of mind"), "wrong_size": N_("Wrong size"),
    "wrong_item": N_("Wrong item sent"), "defective": N_("Defective"),
}
CARDS = {
    "gift_card.issue": N_("Gift cards issued"), "gift_card.redeem": N_("Gift cards redeemed"),
    "gift_card.credit": N_("Refunds onto gift cards"),
    "gift_card.correction": N_("Gift card corrections"),
    "store_credit.credit": N_("Store credit issued"),
    "store_credit.issue": N_("Store credit issued"),
    "store_credit.redeem": N_("Store credit redeemed"),
    "store_credit.correction": N_("Store credit corrections"),
}
OUTCOMES = {
    "refund": N_("Refunded"), "exchange": N_("Exchanged"), "store_credit": N_("Store credit"),
    "replacement": N_("Replaced"), "repair": N_("Repaired"), "denied": N_("Denied"),
}


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: tuple[Row, ...]
    empty: str = ""  # what to say when there are no rows


def title(report: DayReport) -> str:
    return _("Z report: the day closed") if report.closed else _("X report: the day so far")


def _word(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key.replace("_", " ").capitalize()


def _count_and_money(tally: Tally, currency: str, unit: Callable[[int], str]) -> str:
    """``unit`` words the count: ``lambda n: ngettext("{n} refund", "{n} refunds", n)``."""
    many = unit(tally.count).format(n=number(tally.count))
    return f"{many}  {money(tally.amount, currency)}"


def sections(report: DayReport) -> tuple[Section, ...]:
    """The report's sections, worded in the report's language (its header's: the store's locale
    unless the reader chose another)."""
    store = report.header.store
    cur = store.currency
    with speaking(report.header.locale):
        return _sections(report, cur)


def heading(report: DayReport) -> tuple[str, str]:
    """(title, the line under it: the business date and, for a Z report, when it closed)."""
    store = report.header.store
    with speaking(report.header.locale):
        when = _("Business date {date}").format(date=day(report.business_date, style="long"))
        if report.closed and report.closed_at is not None:
            local = report.closed_at.astimezone(UTC).astimezone(ZoneInfo(store.time_zone))
            when = _("Business date {date}, closed at {time} by {name}").format(
                date=day(report.business_date, style="long"), time=clock(local),
                name=report.closed_by)
        return title(report), when


def _sections(report: DayReport, cur: str) -> tuple[Section, ...]:
    def m(value: Decimal) -> str:
        return money(value, cur)

    cash = [Row(_word(MOVEMENTS, t.key), m(t.amount)) for t in report.movements]
    if not report.opened:
        cash.insert(0, Row(_("Float"), _("not counted at opening")))
    if report.cash_rounding:
        sign = "+" if report.cash_rounding > 0 else ""
        cash.append(Row(_("Cash rounding (included above)"), sign + m(report.cash_rounding)))
    cash.append(Row(_("Expected in the drawer"), m(report.expected), strong=True))
    if report.closed and report.counted is not None and report.variance is not None:
        cash.append(Row(_("Counted"), m(report.counted), strong=True))
        if report.variance == 0:
            cash.append(Row(_("Variance"), _("none"), strong=True))
        else:
            off = (_("{amount} over") if report.variance > 0 else _("{amount} short")).format(
                amount=m(abs(report.variance)))
            cash.append(Row(_("Variance"), off, strong=True))
        if report.close_differs:
            cash.append(Row(_("Warning"), _("these figures differ from the close on record: "
                                            "run storepos audit verify"), strong=True))
        if report.approved_by:
            cash.append(Row(_("Approved by"), report.approved_by))
            cash.append(Row(_("Reason"), report.approval_reason))
    out = [Section(_("Cash drawer"), tuple(cash))]
    if report.counts:
        out.append(Section(_("Count at close"), tuple(
            Row(_("{pieces} × {face}").format(pieces=number(t.count), face=m(Decimal(t.key))),
                m(t.amount)) for t in report.counts)))
    if report.paid:
        out.append(Section(_("Paid in and out"), tuple(
            Row(_("{what}: {reason} (approved by {manager})").format(
                what=_word(MOVEMENTS, p.kind), reason=p.reason, manager=p.manager),
                m(p.amount)) for p in report.paid)))
    refunds = [Row(_word(TENDERS, t.key), _count_and_money(
        t, cur, lambda n: ngettext("{n} refund", "{n} refunds", n)))
               for t in report.by_tender]
    if report.by_tender:
        refunds.append(Row(_("Total refunded"), m(report.refunded), strong=True))
    out.append(Section(_("Refunds by tender"), tuple(refunds), _("No refunds.")))
    out.append(Section(_("Returned items by reason"), tuple(
        Row(_word(REASONS, t.key), _count_and_money(
            t, cur, lambda n: ngettext("{n} item", "{n} items", n)))
        for t in report.by_reason), _("Nothing came back.")))
    summary = [
        Row(_("Returns completed"), number(report.returns)),
        Row(_("Items back"), number(report.items)),
        Row(_("Restocking fees kept"), m(report.restocking_fees)),
    ]
    out.append(Section(_("Returns"), tuple(summary)))
    out.append(Section(_("Gift cards and store credit"), tuple(
        Row(_word(CARDS, t.key), _count_and_money(
            t, cur, lambda n: ngettext("{n} entry", "{n} entries", n)))
        for t in report.cards), _("None issued or redeemed.")))
    out.append(Section(_("Pickups"), (
        Row(_("Handed over"), number(report.pickups)),
        Row(_("Balances paid at pickup"), m(report.pickups_paid)))))
    out.append(Section(_("Warranty outcomes"), tuple(
        Row(_word(OUTCOMES, t.key), number(t.count)) for t in report.warranty),
        _("No warranty decisions.")))
    return tuple(out)
