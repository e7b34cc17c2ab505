"""What the returns view shows, as plain frozen rows with every amount and date already in words.

Qt-free: the presenter builds these from the services' answers; the view only puts them on screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from storepos.domain.money import ZERO
from storepos.domain.vocabulary import Fulfillment, Reason, Resolution, TenderKind
from storepos.i18n import N_, _, ngettext
from storepos.services.base.order_lookup import LineView, OrderView
from storepos.services.returns.eligibility import LineEligibility, paid_with
from storepos.services.returns.types import PlannedLine, ReturnPlan, ReturnSummary
from storepos.ui.returns.choices import LineChoice
from storepos.wording.policy import card_check_hint, resolution_word, resolutions

Money = Callable[[Decimal], str]
Day = Callable[..., str]

RETURNABLE = (Resolution.REFUND, Resolution.EXCHANGE, Resolution.STORE_CREDIT)
# When the customer has not asked for anything in particular: money back first.
PREFERRED = (Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE)

# English marked here, translated where shown (`_(REASON_WORDS[r])`).
REASON_WORDS = {
    Reason.CHANGE_OF_MIND: N_("Change of mind"),
    Reason.WRONG_SIZE: N_("Wrong size"),
    Reason.WRONG_ITEM: N_("Wrong item sent"),
    Reason.DEFECTIVE: N_("Defective"),
}
RESOLUTION_LABELS = {
    Resolution.REFUND: N_("Refund"),
    Resolution.EXCHANGE: N_("Exchange"),
    Resolution.STORE_CREDIT: N_("Store credit"),
}
FULFILLMENT_LABELS = {
    Fulfillment.SHIP_TO_HOME: N_("online, shipped to home"),
    Fulfillment.SHIP_TO_STORE: N_("online, picked up in store"),
    Fulfillment.IN_STORE: N_("bought in store"),
}


def resolution_label(resolution: Resolution) -> str:
    label = RESOLUTION_LABELS.get(resolution)
    return _(label) if label else resolution_word(resolution).capitalize()


@dataclass(frozen=True, slots=True)
class OrderHeader:
    title: str  # "Order 10000001 · MacDonald"
    details: str  # how it was bought, when, how it was paid
    card_hint: str  # "AMEX ••••7228"; with no card, where a refund goes (the lines' own words)
    note: str = ""
    requested_return: str | None = None  # a Return ID still to come back: its mail-back form


@dataclass(frozen=True, slots=True)
class ExchangeChoice:
    variant_id: uuid.UUID
    label: str  # "Stout Brown, size 11 · $229.99 · 3 in stock"


@dataclass(frozen=True, slots=True)
class LineRow:
    line_no: int
    description: str
    detail: str  # "2 bought, 1 returned before · paid $459.98"
    returnable: int  # how many may come back now; 0: none (the row is read-only)
    included: bool
    quantity: int
    reason: Reason
    unworn: bool
    original_box: bool
    packaging_intact: bool
    defect_confirmed: bool
    resolution: Resolution
    enabled: tuple[Resolution, ...]  # the choices the policy (or a manager) allows
    verdict: str  # one short headline
    reasons: str  # the policy's sentences, one per line
    amounts: str
    denied: bool
    can_override: bool
    override: str = ""  # "Approved by …: reason"
    exchange_options: tuple[ExchangeChoice, ...] | None = None  # None: not loaded / not exchange
    exchange_variant_id: uuid.UUID | None = None
    pending: str = ""  # what is still missing on this line, in words


@dataclass(frozen=True, slots=True)
class TotalRow:
    label: str
    amount: str
    kind: str = ""  # refund, credit, collect, fee, shipping, unpaid


@dataclass(frozen=True, slots=True)
class Totals:
    rows: tuple[TotalRow, ...]
    to_collect: str = ""  # shown by the payment fields when the exchange costs more; "" otherwise
    blockers: tuple[str, ...] = ()
    can_complete: bool = False


@dataclass(frozen=True, slots=True)
class DoneView:
    return_number: str
    headline: str
    lines: tuple[str, ...]
    printing: str
    receipt_text: str = field(default="")


def order_header(order: OrderView, money: Money, day: Day, note: str = "",
                 requested_return: str | None = None) -> OrderHeader:
    label = FULFILLMENT_LABELS.get(order.fulfillment)
    parts = [_(label) if label else str(order.fulfillment),
             _("placed {date}").format(date=day(order.placed_on))]
    if order.received_on and order.fulfillment is not Fulfillment.IN_STORE:
        parts.append(_("received {date}").format(date=day(order.received_on)))
    elif order.received_on is None:
        parts.append(_("not received yet"))
    store = order.store or order.pickup_store
    if store:
        parts.append(store.name)
    paid = _(", ").join(_("{tender} {amount}").format(tender=t.label, amount=money(t.amount))
                        for t in order.tenders) or _("no payment on record")
    if order.shipping_charged > 0:
        paid = _("{paid} (shipping {amount})").format(paid=paid,
                                                     amount=money(order.shipping_charged))
    if requested_return:
        title = _("Order {number} · {name} · Return {return_id}").format(
            number=order.number, name=order.billing_last_name, return_id=requested_return)
    else:
        title = _("Order {number} · {name}").format(number=order.number,
                                                    name=order.billing_last_name)
    details = _("{how}\nPaid: {paid}").format(how=" · ".join(parts), paid=paid)
    return OrderHeader(title, details, card_check_hint(paid_with(order)), note, requested_return)


def allowed_words(allowed: Iterable[Resolution]) -> str:
    text = resolutions(tuple(allowed))
    return text[:1].upper() + text[1:]


def exchange_label(colour: str, size: str, price: Decimal, on_hand: int, money: Money) -> str:
    return _("{colour}, size {size} · {price} · {n} in stock").format(
        colour=colour, size=size, price=money(price), n=on_hand)


def line_amounts(line: PlannedLine, resolution: Resolution, money: Money, *, pending: bool) -> str:
    fee = money(line.restocking_fee)
    if resolution is Resolution.EXCHANGE:
        if pending or line.exchange is None:
            return _("Restocking fee {fee} · {value} goes toward the new pair").format(
                fee=fee, value=money(line.value))
        diff = line.exchange.price_difference
        new_pair = money(line.exchange.unit_price * line.quantity)
        if diff > 0:
            return _("Restocking fee {fee} · new pair {price} · customer pays {amount}").format(
                fee=fee, price=new_pair, amount=money(diff))
        if diff < 0:
            return _("Restocking fee {fee} · new pair {price} · {amount} back to the "
                     "customer").format(fee=fee, price=new_pair, amount=money(-diff))
        return _("Restocking fee {fee} · new pair {price} · no difference to pay").format(
            fee=fee, price=new_pair)
    if resolution is Resolution.REFUND:
        return _("Restocking fee {fee} · Refund {amount}").format(fee=fee, amount=money(line.value))
    return _("Restocking fee {fee} · Store credit {amount}").format(fee=fee,
                                                                    amount=money(line.value))


def total_rows(plan: ReturnPlan, money: Money, *, store_credit: Decimal) -> tuple[TotalRow, ...]:
    rows = [TotalRow(_("Refund to {tender}").format(tender=move.label), money(move.amount),
                     "refund") for move in plan.refunds]
    if store_credit > 0:
        rows.append(TotalRow(_("Store credit to the customer's account"), money(store_credit),
                             "credit"))
    if plan.to_collect > 0:
        rows.append(TotalRow(_("Customer pays for the exchange"), money(plan.to_collect),
                             "collect"))
    if not rows:
        rows.append(TotalRow(_("Money back"), money(ZERO), "refund"))
    rows.append(TotalRow(_("Restocking fee"), money(plan.restocking_fee), "fee"))
    money_back = any(ln.resolution is not Resolution.EXCHANGE for ln in plan.lines)
    kept = plan.shipping_charged - plan.shipping_refunded
    if kept > 0 and money_back:
        rows.append(TotalRow(_("Shipping not refunded"), money(kept), "shipping"))
    if plan.unpaid_not_refunded > 0:
        rows.append(TotalRow(_("Never paid (pay offline), so not refunded"),
                             money(plan.unpaid_not_refunded), "unpaid"))
    return tuple(rows)


def confirmation_text(order_number: str, rows: Iterable[TotalRow]) -> str:
    said = "; ".join(_("{what} {amount}").format(what=row.label, amount=row.amount)
                     for row in rows)
    return _("Complete the return for order {number}? {totals}.").format(number=order_number,
                                                                         totals=said)


def done_view(summary: ReturnSummary, money: Money, printing: str) -> DoneView:
    """What the done page says, in the screen's language (the presenter words the receipt's
    text again in the customer's language when it differs)."""
    lines = []
    for line in summary.lines:
        what = resolution_label(line.resolution).lower()
        text = _("{quantity} × {item}: {what} {amount}").format(
            quantity=line.quantity, item=line.description, what=what, amount=money(line.value))
        if line.exchange is not None:
            text = _("{line}, for {item}").format(line=text, item=line.exchange.description)
        if line.overridden_by:
            text = _("{line} (approved by {manager})").format(line=text, manager=line.overridden_by)
        lines.append(text)
    for move in summary.refunds:
        lines.append(_("{tender}: {amount} back").format(tender=move.label,
                                                        amount=money(move.amount)))
    for move in summary.collected:
        lines.append(_("{tender}: {amount} paid").format(tender=move.label,
                                                        amount=money(move.amount)))
    lines += cash_handed(summary, money)
    if summary.restocking_fee > 0:
        lines.append(_("Restocking fee {amount}").format(amount=money(summary.restocking_fee)))
    if summary.shipping_not_refunded > 0:
        lines.append(_("Shipping not refunded: {amount}").format(
            amount=money(summary.shipping_not_refunded)))
    return DoneView(summary.return_number,
                    _("Return {number} completed").format(number=summary.return_number),
                    tuple(lines), printing, receipt_text(summary, money))


def cash_handed(summary: ReturnSummary, money: Money) -> list[str]:
    """The cash that actually changes hands where it was rounded to the smallest coin (CAD, AUD):
    what the cashier gives back or takes, with the rounding."""
    out = []
    for tenders, rounding, words in (
            (summary.refunds, summary.cash_rounding,
             N_("Cash to hand over: {amount} (cash rounding {rounding})")),
            (summary.collected, summary.collected_rounding,
             N_("Cash to take: {amount} (cash rounding {rounding})"))):
        if rounding:
            cash = sum((m.amount for m in tenders if m.kind is TenderKind.CASH), ZERO)
            sign = "+" if rounding > 0 else ""
            out.append(_(words).format(amount=money(cash + rounding),
                                       rounding=sign + money(rounding)))
    return out


def receipt_text(summary: ReturnSummary, money: Money) -> str:
    """The receipt in words, for the screen when the till has no printer set up yet."""
    out = [_("RETURN {number}").format(number=summary.return_number),
           _("Order {number}").format(number=summary.order_number),
           _("Customer: {name}").format(name=summary.customer_name),
           _("Served by {name}").format(name=summary.employee_name), ""]
    for line in summary.lines:
        out.append(_("{quantity} × {item}").format(quantity=line.quantity, item=line.description))
        out.append(f"    {resolution_label(line.resolution)}  {money(line.value)}")
        if line.restocking_fee > 0:
            out.append("    " + _("Restocking fee  {amount}").format(
                amount=money(line.restocking_fee)))
        if line.exchange is not None:
            out.append("    " + _("New: {item}").format(item=line.exchange.description))
        for reason in line.reasons:  # with its clause, as the paper prints it
            out.append(f"    {reason}")
        if line.overridden_by:
            out.append("    " + _("Approved by {manager}: {reason}").format(
                manager=line.overridden_by, reason=line.override_reason or ""))
    out.append("")
    for move in summary.refunds:
        out.append(_("Back to {tender}  {amount}").format(tender=move.label,
                                                          amount=money(move.amount)))
    for move in summary.collected:
        out.append(_("Paid by {tender}  {amount}").format(tender=move.label,
                                                          amount=money(move.amount)))
    out += cash_handed(summary, money)
    if summary.shipping_not_refunded > 0:
        out.append(_("Shipping not refunded  {amount}").format(
            amount=money(summary.shipping_not_refunded)))
    if summary.unpaid_not_refunded > 0:
        out.append(_("Never paid, not refunded  {amount}").format(
            amount=money(summary.unpaid_not_refunded)))
    if summary.store_credit_balance is not None:
        out.append(_("Store credit balance  {amount}").format(
            amount=money(summary.store_credit_balance)))
    return "\n".join(out)


def line_row(line: LineView, choice: LineChoice, *, returnable: int, planned: PlannedLine | None,
             best: LineEligibility, options: tuple[ExchangeChoice, ...] | None, money: Money,
             checking: bool, requested_return: str | None) -> LineRow:
    """One line as the screen shows it: the live decision when there is one, else the best case."""
    if line.quantity_returned:
        detail = ngettext("{bought} bought, {returned} returned before · paid {amount}",
                          "{bought} bought, {returned} returned before · paid {amount}",
                          line.quantity_returned).format(
            bought=line.quantity, returned=line.quantity_returned, amount=money(line.paid))
    else:
        detail = ngettext("{bought} bought · paid {amount}", "{bought} bought · paid {amount}",
                          line.quantity).format(bought=line.quantity, amount=money(line.paid))
    approval = choice.override
    base = LineRow(
        line_no=line.line_no, description=line.description, detail=detail, returnable=returnable,
        included=choice.included and returnable > 0, quantity=choice.quantity, reason=choice.reason,
        unworn=choice.unworn, original_box=choice.original_box,
        packaging_intact=choice.packaging_intact, defect_confirmed=choice.defect_confirmed,
        resolution=choice.resolution, enabled=(), verdict="", reasons="", amounts="",
        denied=False, can_override=False,
        exchange_options=options if choice.resolution is Resolution.EXCHANGE else None,
        exchange_variant_id=choice.exchange_variant_id,
        override=(_("Approved by {manager}: {reason}").format(manager=approval.manager_name,
                                                              reason=approval.reason)
                  if approval else ""),
    )
    if not base.included or planned is None:
        return _best_case(line, base, best, money, checking=checking,
                          requested_return=requested_return)
    allowed = tuple(x for x in RETURNABLE if x in planned.allowed)
    others = tuple(x for x in planned.allowed if x not in RETURNABLE)
    if allowed:
        verdict = _("Allowed: {what}").format(what=resolutions(allowed))
    elif others:
        verdict = _("Only {what}: open a warranty claim").format(what=resolutions(others))
    else:
        verdict = _("Not returnable under the policy")
    if approval:
        verdict = _("Manager override · {verdict}").format(verdict=verdict)
    waiting = choice.waits_for_variant
    pending = _("Choose the new size or colour.") if waiting else ""
    needs = choice.resolution not in planned.allowed or (planned.needs_approval and not waiting)
    if needs and not approval:
        pending = pending or _("Needs a manager's approval.")
    if allowed or approval:
        amounts = line_amounts(planned, choice.resolution, money, pending=waiting)
    else:
        amounts = _("Restocking fee {fee} · nothing back unless a manager overrides").format(
            fee=money(planned.restocking_fee))
    return replace(
        base, enabled=RETURNABLE if approval else allowed, verdict=verdict,
        reasons="\n".join(planned.reasons), amounts=amounts, denied=not allowed,
        can_override=approval is None and set(allowed) != set(RETURNABLE), pending=pending,
    )


def _best_case(line: LineView, base: LineRow, best: LineEligibility, money: Money, *,
               checking: bool, requested_return: str | None) -> LineRow:
    if base.returnable == 0:
        why = best.message if line.remaining == 0 else _("Not on Return {number}.").format(
            number=requested_return)
        return replace(base, verdict=_("Cannot come back now"), reasons=why, denied=True)
    decision = best.decision
    allowed = tuple(x for x in RETURNABLE if decision and x in decision.allowed)
    verdict = (_("With everything shown: {what}").format(what=resolutions(allowed)) if allowed
               else _("Not returnable under the policy"))
    if base.included and checking:
        verdict = _("Checking with the policy…")
    reasons = "\n".join(best.reasons)  # worded by the services, in the screen's language
    return replace(base, verdict=verdict, reasons=reasons, denied=not allowed,
                   amounts=(_("Up to {amount} back").format(amount=money(best.refund_amount))
                            if allowed else ""))
