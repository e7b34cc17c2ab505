"""The support desk's answer to "can I return this?": an order, its lines and each line's return
decision, for `storepos orders show`.

Nothing here decides: the order is found exactly as the counter finds it (`find_order`: number and
billing last name, one message whether the number or the name is wrong) and every line is decided
by the same `evaluate_order` the return screen calls, for the store this till belongs to, on the
store's own calendar date, as the customer's own change of mind with everything shown (the
counter's best case before the cashier picks a reason).

The JSON shape (`to_json`) is stable; see README "Orders at the support desk".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from storepos.domain.money import format_money
from storepos.domain.vocabulary import Resolution
from storepos.i18n import _, ngettext
from storepos.i18n.formats import day, decimal_separator
from storepos.services.base.order_lookup import find_order
from storepos.services.returns.eligibility import LineEligibility, evaluate_order, load_store
from storepos.wording.policy import join_words, resolution_word

RETURNABLE = "returnable"
NOT_RETURNABLE = "not returnable"
ALREADY_RETURNED = "already returned"


@dataclass(frozen=True, slots=True)
class LineAnswer:
    line_no: int
    description: str
    quantity: int
    returnable_quantity: int  # units not returned yet
    decision: str  # RETURNABLE, NOT_RETURNABLE or ALREADY_RETURNED
    allowed: tuple[str, ...]  # refund, exchange, store_credit (empty: none)
    reasons: tuple[str, ...]  # the policy's sentences, each citing its clause, in the till's language
    refund_amount: Decimal  # for every unit not yet returned, after any restocking fee
    restocking_fee: Decimal


@dataclass(frozen=True, slots=True)
class OrderAnswer:
    number: str
    placed_on: date
    store_code: str  # the store whose policy decided
    policy: str
    today: date  # the store's calendar date the windows were counted to
    lines: tuple[LineAnswer, ...]


def _line(eligible: LineEligibility) -> LineAnswer:
    line = eligible.line
    decision = eligible.decision
    if eligible.fully_returned:
        verdict = ALREADY_RETURNED
    elif decision is not None and not decision.denied:
        verdict = RETURNABLE
    else:
        verdict = NOT_RETURNABLE
    return LineAnswer(
        line_no=line.line_no, description=line.description, quantity=line.quantity,
        returnable_quantity=line.remaining, decision=verdict,
        allowed=eligible.allowed,
        reasons=eligible.reasons,  # in the till's language
        refund_amount=eligible.refund_amount, restocking_fee=eligible.restocking_fee,
    )


def answer(session: Session, store: str, number: str, last_name: str,
           today: date | None = None) -> OrderAnswer:
    """The order with this number and billing last name, decided at `store` (its code).

    Raises OrderNotFound (same words for an unknown number and a wrong name), InvalidInput,
    StoreNotFound; all StoreposError with a message in words."""
    order = find_order(session, number, last_name)
    context = load_store(session, store)
    eligibility = evaluate_order(order, context, today=today)
    return OrderAnswer(order.number, order.placed_on, context.code, eligibility.policy,
                       eligibility.today, tuple(_line(line) for line in eligibility.lines))


def to_json(found: OrderAnswer) -> dict[str, object]:
    return {
        "order_number": found.number,
        "placed_on": found.placed_on.isoformat(),
        "store": found.store_code,
        "policy": found.policy,
        "decided_on": found.today.isoformat(),
        "lines": [
            {
                "line_no": line.line_no,
                "description": line.description,
                "quantity": line.quantity,
                "returnable_quantity": line.returnable_quantity,
                "decision": line.decision,
                "allowed": list(line.allowed),
                "reasons": list(line.reasons),
                "refund_amount": format_money(line.refund_amount),
                "restocking_fee": format_money(line.restocking_fee),
            }
            for line in found.lines
        ],
    }


def _amount(value: Decimal) -> str:
    return format_money(value).replace(".", decimal_separator())


def _ways(allowed: tuple[str, ...]) -> str:
    """"refund, exchange or store credit" in the reader's language."""
    known = {str(r) for r in Resolution}
    return join_words(resolution_word(Resolution(a)) if a in known else a.replace("_", " ")
                      for a in allowed)


def in_words(found: OrderAnswer) -> list[str]:
    """What the support desk reads out, one line per fact, in the reader's language."""
    out = [_("Order {number}, placed {placed}; decided by the {policy} policy at store {store} "
             "on {today}.").format(number=found.number, placed=day(found.placed_on),
                                   policy=found.policy, store=found.store_code,
                                   today=day(found.today))]
    for line in found.lines:
        units = ngettext("{n} unit", "{n} units", line.quantity).format(n=line.quantity)
        if line.decision == RETURNABLE:
            facts = {"returnable": line.returnable_quantity, "quantity": line.quantity,
                     "ways": _ways(line.allowed), "amount": _amount(line.refund_amount),
                     "fee": _amount(line.restocking_fee)}
            head = (_("returnable: {returnable} of {quantity} ({ways}), {amount} back after a "
                      "{fee} restocking fee") if line.restocking_fee
                    else _("returnable: {returnable} of {quantity} ({ways}), {amount} back")
                    ).format(**facts)
        elif line.decision == ALREADY_RETURNED:
            head = ngettext("already returned: the {n} unit came back earlier",
                            "already returned: all {n} units came back earlier",
                            line.quantity).format(n=line.quantity)
        else:
            head = _("not returnable ({returnable} of {quantity} not returned)").format(
                returnable=line.returnable_quantity, quantity=line.quantity)
        # Translators: one order line: its number, description, units and its decision.
        out.append("  " + _("{line_no}. {description}, {units}: {decision}.").format(
            line_no=line.line_no, description=line.description, units=units, decision=head))
        out.extend(f"     - {reason}" for reason in line.reasons)
    return out
