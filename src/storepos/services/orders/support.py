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
from storepos.services.base.order_lookup import find_order
from storepos.services.returns.eligibility import LineEligibility, evaluate_order, load_store

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


def in_words(found: OrderAnswer) -> list[str]:
    """What the support desk reads out, one line per fact."""
    out = [f"Order {found.number}, placed {found.placed_on.isoformat()}; decided by the "
           f"{found.policy} policy at store {found.store_code} on {found.today.isoformat()}."]
    for line in found.lines:
        units = f"{line.quantity} unit{'s' if line.quantity != 1 else ''}"
        if line.decision == RETURNABLE:
            ways = ", ".join(a.replace("_", " ") for a in line.allowed)
            fee = (f" after a {format_money(line.restocking_fee)} restocking fee"
                   if line.restocking_fee else "")
            head = (f"returnable: {line.returnable_quantity} of {line.quantity} ({ways}), "
                    f"{format_money(line.refund_amount)} back{fee}")
        elif line.decision == ALREADY_RETURNED:
            head = f"already returned: all {units} came back earlier"
        else:
            head = f"not returnable ({line.returnable_quantity} of {line.quantity} not returned)"
        out.append(f"  {line.line_no}. {line.description}, {units}: {head}.")
        out.extend(f"     - {reason}" for reason in line.reasons)
    return out
