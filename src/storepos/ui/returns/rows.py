"""What the returns view shows, as plain frozen rows with every amount and date already in words.

Qt-free: the presenter builds these from the services' answers; the view only puts them on screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from storepos.domain.money import ZERO
from storepos.domain.policy.wording import RESOLUTION_WORDS, card_check_hint, join_words
from storepos.domain.vocabulary import Fulfillment, Reason, Resolution
from storepos.services.base.order_lookup import LineView, OrderView
from storepos.services.returns.eligibility import LineEligibility, paid_with
from storepos.services.returns.types import PlannedLine, ReturnPlan, ReturnSummary
from storepos.ui.returns.choices import LineChoice

Money = Callable[[Decimal], str]
Day = Callable[..., str]

RETURNABLE = (Resolution.REFUND, Resolution.EXCHANGE, Resolution.STORE_CREDIT)
# When the customer has not asked for anything in particular: money back first.
PREFERRED = (Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.EXCHANGE)

REASON_WORDS = {
    Reason.CHANGE_OF_MIND: "Change of mind",
    Reason.WRONG_SIZE: "Wrong size",
    Reason.WRONG_ITEM: "Wrong item sent",
    Reason.DEFECTIVE: "Defective",
}
RESOLUTION_LABELS = {
    Resolution.REFUND: "Refund",
    Resolution.EXCHANGE: "Exchange",
    Resolution.STORE_CREDIT: "Store credit",
}
FULFILLMENT_LABELS = {
    Fulfillment.SHIP_TO_HOME: "online, shipped to home",
    Fulfillment.SHIP_TO_STORE: "online, picked up in store",
    Fulfillment.IN_STORE: "bought in store",
}


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
    how = FULFILLMENT_LABELS.get(order.fulfillment, str(order.fulfillment))
    parts = [how, f"placed {day(order.placed_on)}"]
    if order.received_on and order.fulfillment is not Fulfillment.IN_STORE:
        parts.append(f"received {day(order.received_on)}")
    elif order.received_on is None:
        parts.append("not received yet")
    store = order.store or order.pickup_store
    if store:
        parts.append(store.name)
    paid = ", ".join(f"{t.label} {money(t.amount)}" for t in order.tenders) or "no payment on record"
    if order.shipping_charged > 0:
        paid += f" (shipping {money(order.shipping_charged)})"
    title = f"Order {order.number} · {order.billing_last_name}"
    if requested_return:
        title += f" · Return {requested_return}"
    return OrderHeader(title,
                       " · ".join(parts) + f"\nPaid: {paid}", card_check_hint(paid_with(order)), note,
                       requested_return)


def allowed_words(allowed: Iterable[Resolution]) -> str:
    words = [RESOLUTION_WORDS[r] for r in allowed]
    return join_words(words).capitalize() if words else ""


def exchange_label(colour: str, size: str, price: Decimal, on_hand: int, money: Money) -> str:
    return f"{colour}, size {size} · {money(price)} · {on_hand} in stock"


def line_amounts(line: PlannedLine, resolution: Resolution, money: Money, *, pending: bool) -> str:
    fee = f"Restocking fee {money(line.restocking_fee)}"
    if resolution is Resolution.EXCHANGE:
        if pending or line.exchange is None:
            return f"{fee} · {money(line.value)} goes toward the new pair"
        diff = line.exchange.price_difference
        if diff > 0:
            settle = f"customer pays {money(diff)}"
        elif diff < 0:
            settle = f"{money(-diff)} back to the customer"
        else:
            settle = "no difference to pay"
        return (f"{fee} · new pair {money(line.exchange.unit_price * line.quantity)} · {settle}")
    word = "Refund" if resolution is Resolution.REFUND else "Store credit"
    return f"{fee} · {word} {money(line.value)}"


def total_rows(plan: ReturnPlan, money: Money, *, store_credit: Decimal) -> tuple[TotalRow, ...]:
    rows = [TotalRow(f"Refund to {move.label}", money(move.amount), "refund") for move in plan.refunds]
    if store_credit > 0:
        rows.append(TotalRow("Store credit to the customer's account", money(store_credit), "credit"))
    if plan.to_collect > 0:
        rows.append(TotalRow("Customer pays for the exchange", money(plan.to_collect), "collect"))
    if not rows:
        rows.append(TotalRow("Money back", money(ZERO), "refund"))
    rows.append(TotalRow("Restocking fee", money(plan.restocking_fee), "fee"))
    money_back = any(ln.resolution is not Resolution.EXCHANGE for ln in plan.lines)
    kept = plan.shipping_charged - plan.shipping_refunded
    if kept > 0 and money_back:
        rows.append(TotalRow("Shipping not refunded", money(kept), "shipping"))
    if plan.unpaid_not_refunded > 0:
        rows.append(TotalRow("Never paid (pay offline), so not refunded",
                             money(plan.unpaid_not_refunded), "unpaid"))
    return tuple(rows)


def confirmation_text(order_number: str, rows: Iterable[TotalRow]) -> str:
    said = "; ".join(f"{row.label} {row.amount}" for row in rows)
    return f"Complete the return for order {order_number}? {said}."


def done_view(summary: ReturnSummary, money: Money, printing: str) -> DoneView:
    lines = []
    for line in summary.lines:
        what = RESOLUTION_LABELS.get(line.resolution, str(line.resolution))
        text = f"{line.quantity} × {line.description}: {what.lower()} {money(line.value)}"
        if line.exchange is not None:
            text += f", for {line.exchange.description}"
        if line.overridden_by:
            text += f" (approved by {line.overridden_by})"
        lines.append(text)
    for move in summary.refunds:
        lines.append(f"{move.label}: {money(move.amount)} back")
    for move in summary.collected:
        lines.append(f"{move.label}: {money(move.amount)} paid")
    if summary.restocking_fee > 0:
        lines.append(f"Restocking fee {money(summary.restocking_fee)}")
    if summary.shipping_not_refunded > 0:
        lines.append(f"Shipping not refunded: {money(summary.shipping_not_refunded)}")
    return DoneView(summary.return_number, f"Return {summary.return_number} completed",
                    tuple(lines), printing, receipt_text(summary, money))


def receipt_text(summary: ReturnSummary, money: Money) -> str:
    """The receipt in words, for the screen when the till has no printer set up yet."""
    out = [f"RETURN {summary.return_number}", f"Order {summary.order_number}",
           f"Customer: {summary.customer_name}", f"Served by {summary.employee_name}", ""]
    for line in summary.lines:
        out.append(f"{line.quantity} × {line.description}")
        out.append(f"    {RESOLUTION_LABELS.get(line.resolution, str(line.resolution))}"
                   f"  {money(line.value)}")
        if line.restocking_fee > 0:
            out.append(f"    Restocking fee  {money(line.restocking_fee)}")
        if line.exchange is not None:
            out.append(f"    New: {line.exchange.description}")
        for reason in line.short_reasons:
            out.append(f"    {reason}")
        if line.overridden_by:
            out.append(f"    Approved by {line.overridden_by}: {line.override_reason or ''}")
    out.append("")
    for move in summary.refunds:
        out.append(f"Back to {move.label}  {money(move.amount)}")
    for move in summary.collected:
        out.append(f"Paid by {move.label}  {money(move.amount)}")
    if summary.shipping_not_refunded > 0:
        out.append(f"Shipping not refunded  {money(summary.shipping_not_refunded)}")
    if summary.unpaid_not_refunded > 0:
        out.append(f"Never paid, not refunded  {money(summary.unpaid_not_refunded)}")
    if summary.store_credit_balance is not None:
        out.append(f"Store credit balance  {money(summary.store_credit_balance)}")
    return "\n".join(out)


def line_row(line: LineView, choice: LineChoice, *, returnable: int, planned: PlannedLine | None,
             best: LineEligibility, options: tuple[ExchangeChoice, ...] | None, money: Money,
             checking: bool, requested_return: str | None) -> LineRow:
    """One line as the screen shows it: the live decision when there is one, else the best case."""
    detail = f"{line.quantity} bought"
    if line.quantity_returned:
        detail += f", {line.quantity_returned} returned before"
    detail += f" · paid {money(line.paid)}"
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
        override=f"Approved by {approval.manager_name}: {approval.reason}" if approval else "",
    )
    if not base.included or planned is None:
        return _best_case(line, base, best, money, checking=checking,
                          requested_return=requested_return)
    allowed = tuple(x for x in RETURNABLE if x in planned.allowed)
    others = [x for x in planned.allowed if x not in RETURNABLE]
    if allowed:
        verdict = f"Allowed: {allowed_words(allowed).lower()}"
    elif others:
        verdict = f"Only {allowed_words(others).lower()}: open a warranty claim"
    else:
        verdict = "Not returnable under the policy"
    if approval:
        verdict = f"Manager override · {verdict}"
    waiting = choice.waits_for_variant
    pending = "Choose the new size or colour." if waiting else ""
    needs = choice.resolution not in planned.allowed or (planned.needs_approval and not waiting)
    if needs and not approval:
        pending = pending or "Needs a manager's approval."
    if allowed or approval:
        amounts = line_amounts(planned, choice.resolution, money, pending=waiting)
    else:
        amounts = (f"Restocking fee {money(planned.restocking_fee)} · nothing back unless a "
                   "manager overrides")
    return replace(
        base, enabled=RETURNABLE if approval else allowed, verdict=verdict,
        reasons="\n".join(planned.reasons), amounts=amounts, denied=not allowed,
        can_override=approval is None and set(allowed) != set(RETURNABLE), pending=pending,
    )


def _best_case(line: LineView, base: LineRow, best: LineEligibility, money: Money, *,
               checking: bool, requested_return: str | None) -> LineRow:
    if base.returnable == 0:
        why = best.message if line.remaining == 0 else f"Not on Return {requested_return}."
        return replace(base, verdict="Cannot come back now", reasons=why, denied=True)
    decision = best.decision
    allowed = tuple(x for x in RETURNABLE if decision and x in decision.allowed)
    verdict = (f"With everything shown: {allowed_words(allowed).lower()}" if allowed
               else "Not returnable under the policy")
    if base.included and checking:
        verdict = "Checking with the policy…"
    reasons = "\n".join(best.reasons)  # worded by the services, in the screen's language
    return replace(base, verdict=verdict, reasons=reasons, denied=not allowed,
                   amounts=f"Up to {money(best.refund_amount)} back" if allowed else "")
