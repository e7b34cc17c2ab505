"""The return-policy engine: decides each requested item and says why, clause by clause.

Pure and deterministic: a `Policy` (data) and a `Case` in, a `Decision` out. No I/O.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from storepos.domain.money import ZERO, percent_of
from storepos.domain.policy import wording as w
from storepos.domain.policy.model import (
    RESOLUTION_ORDER,
    Case,
    Decision,
    Item,
    ItemDecision,
)
from storepos.domain.policy.rules import Anchor, Finding, Outcome, Policy, Requirement, Section
from storepos.domain.vocabulary import Fulfillment, Reason, RequestType, Resolution, Tag

_PAYS_MONEY = (Resolution.REFUND, Resolution.STORE_CREDIT)


def evaluate(policy: Policy, case: Case) -> Decision:
    """Decide every item the request names. Shipping is never refunded by the shipped policies."""
    items = {item_id: decide_item(policy, case, case.item(item_id)) for item_id in case.request.item_ids}
    needs_manager = case.request.type is RequestType.WARRANTY and any(d.allowed for d in items.values())
    return Decision(policy=policy.name, items=items, shipping_refund=ZERO, needs_manager=needs_manager)


def decide_item(policy: Policy, case: Case, item: Item) -> ItemDecision:
    request = case.request
    if request.type is RequestType.CANCEL:
        return _cancel(policy, case, item)
    if request.type is RequestType.WARRANTY or request.reason is Reason.DEFECTIVE:
        return _decide(policy, policy.fault, case, item, faulty=True)
    if request.reason is Reason.WRONG_ITEM:
        return _decide(policy, policy.wrong_item, case, item, faulty=False)
    return _decide(policy, policy.returns, case, item, faulty=False)


def received_on(case: Case) -> date | None:
    """The day the customer had the goods: delivery or pickup, or the day of a counter sale."""
    order = case.order
    if order.received_on is None and order.fulfillment is Fulfillment.IN_STORE:
        return order.placed_on
    return order.received_on


def _denied(*reasons: str) -> ItemDecision:
    return ItemDecision(allowed=(), restocking_fee=ZERO, refund_amount=ZERO, reasons=tuple(reasons))


def _cite(policy: Policy, clause: str) -> str:
    return f"({policy.title}: {clause})" if clause else f"({policy.title} policy)"


def _decide(policy: Policy, section: Section, case: Case, item: Item, *, faulty: bool) -> ItemDecision:
    received = received_on(case)
    if received is None:
        return _denied(
            "The order has not been received yet (no delivery or pickup date): it cannot be "
            f"returned, only cancelled {_cite(policy, policy.cancel.clause)}."
        )
    refused = _refusal(policy, section, case, item, faulty=faulty)
    if refused is not None:
        return refused
    allowed, reasons = _outcomes(policy, section, case, received)
    ordered = tuple(r for r in RESOLUTION_ORDER if r in allowed)
    fee = ZERO
    if ordered and section.restocking_fee_percent:
        fee = percent_of(item.paid, section.restocking_fee_percent)
        reasons.append(
            f"A {section.restocking_fee_percent.normalize():f}% restocking fee of {fee} is charged on "
            f"the {item.paid} paid {_cite(policy, section.fee_clause)}."
        )
    pays = any(r in _PAYS_MONEY for r in ordered)
    if pays and case.order.shipping_charged > 0:
        reasons.append(f"Shipping ({case.order.shipping_charged}) is not refunded {_cite(policy, policy.shipping_clause)}.")
    return ItemDecision(
        allowed=ordered,
        restocking_fee=fee,
        refund_amount=item.paid - fee if pays else ZERO,
        reasons=tuple(reasons),
    )


def _refusal(policy: Policy, section: Section, case: Case, item: Item, *,
             faulty: bool) -> ItemDecision | None:
    """The item refused outright (store, excluded tags, inspection, missing proof), or None."""
    for restriction in section.store_restrictions:
        if case.store_kind is restriction.store_kind and case.order.fulfillment in restriction.fulfillments:
            return _denied(
                f"{w.FULFILLMENT_WORDS[case.order.fulfillment].capitalize()} orders cannot be returned "
                f"at {w.STORE_KIND_WORDS[case.store_kind]} {_cite(policy, restriction.clause)}."
            )
    tags = set(item.tags)
    if section.infer_discount and item.paid < item.price:
        tags.add(Tag.DISCOUNTED)
    excluded = [t for t in section.excluded_tags if t in tags]
    if excluded:
        kinds = w.join_words((w.TAG_WORDS[t] for t in excluded), last="and")
        why = " for change of mind" if section is policy.returns else ""
        if Tag.DISCOUNTED in excluded and Tag.DISCOUNTED not in item.tags:
            kinds += f" (paid {item.paid} against a list price of {item.price})"
        return _denied(f"A {kinds} item cannot be returned{why} {_cite(policy, section.exclusion_clause)}.")
    if faulty:
        refusals = _inspection_refusals(policy, section, case)
        if refusals:
            return _denied(*refusals)
    missing = _missing(section.requires, case)
    if missing:
        return _denied(f"This claim needs {_needs(missing, case)}, which was not shown {_cite(policy, section.clause)}.")
    return None


def _outcomes(policy: Policy, section: Section, case: Case,
              received: date) -> tuple[set[Resolution], list[str]]:
    """What the section's outcomes allow on this day, and why (granted first, then refused)."""
    verdicts = [(o, v) for o in section.outcomes if (v := _try_outcome(policy, o, case, received))]
    allowed = {r for outcome, (ok, _) in verdicts if ok for r in outcome.allow}
    granted = []
    for outcome, (ok, text) in verdicts:
        if ok:
            granted.append(f"{w.resolutions(outcome.allow)} allowed{text}")
            if Resolution.REFUND in outcome.allow:
                granted.extend(_destination(policy, case, outcome.clause, granted))
    refused = []
    for outcome, (ok, text) in verdicts:
        lost = [r for r in outcome.allow if r not in allowed]  # name only what no other clause gives
        if not ok and lost:
            refused.append(f"{w.resolutions(tuple(lost))} not possible{text}")
    if not granted and not refused:
        refused.append(f"No resolution applies to this request {_cite(policy, section.clause)}.")
    return allowed, granted + refused


def _try_outcome(policy: Policy, outcome: Outcome, case: Case, received: date) -> tuple[bool, str] | None:
    """(allowed, why) for one outcome, or None when its window has not opened yet."""
    statuses = []
    for window in outcome.windows:
        start = case.order.placed_on if window.anchor is Anchor.PURCHASE else received
        day = (case.today - start).days
        if window.after_days is not None and day <= window.after_days:
            return None
        holds = case.today <= window.last_day(start)
        statuses.append((holds, w.window_status(window, start, case.today, holds)))
    cite = _cite(policy, outcome.clause)
    past = [text for holds, text in statuses if not holds]
    if past:
        return False, f": {w.join_words(past, last='and')} {cite}."
    missing = _missing(outcome.requires, case)
    if missing:
        return False, f": it needs {_needs(missing, case)}, which was not shown {cite}."
    within = w.join_words((text for _, text in statuses), last="and")
    return True, f": {within} {cite}." if within else f" {cite}."


def _missing(requirements: tuple[Requirement, ...], case: Case) -> list[Requirement]:
    condition = case.request.condition
    shown = {
        Requirement.UNWORN: not condition.worn,
        Requirement.ORIGINAL_BOX: condition.original_box,
        Requirement.PACKAGING_INTACT: condition.packaging_intact,
        Requirement.PROOF_OF_PURCHASE: condition.proof_of_purchase,
        # No card paid (PayPal, gift card, cash...): there is none to show; the refund goes back
        # to the original payment instead.
        Requirement.ORIGINAL_CARD: condition.original_card or case.no_card_paid,
    }
    return [r for r in requirements if not shown[r]]


def _destination(policy: Policy, case: Case, clause: str, said: list[str]) -> list[str]:
    """Where an allowed refund goes, once, when the till knows what paid the order."""
    if not case.paid_with:
        return []
    sentence = f"{w.refund_destination(case.paid_with)} {_cite(policy, clause)}."
    return [] if sentence in said else [sentence]


def _needs(missing: list[Requirement], case: Case) -> str:
    return w.join_words((w.requirement_words(m, case.paid_with) for m in missing), last="and")


def _inspection_refusals(policy: Policy, section: Section, case: Case) -> list[str]:
    inspection = case.request.inspection
    cite = _cite(policy, section.clause)
    if inspection is None:
        return [
            "A faulty-item claim is decided on the staff inspection: record whether the defect is "
            f"confirmed and any wear and tear or misuse {cite}."
        ]
    found = {
        Finding.WEAR_AND_TEAR: inspection.wear_and_tear,
        Finding.MISUSE: inspection.misuse,
        Finding.UNCONFIRMED: not inspection.defect_confirmed,
    }
    return [f"{w.FINDING_WORDS[f]} {cite}." for f in section.denied_findings if found[f]]


def _cancel(policy: Policy, case: Case, item: Item) -> ItemDecision:
    rule = policy.cancel
    cite = _cite(policy, rule.clause)
    if received_on(case) is not None:
        return _denied(f"The order has already been received, so it cannot be cancelled; a return applies {cite}.")
    if case.order.dispatched:
        return _denied(f"The order has left the warehouse, so it can no longer be cancelled; it can be returned once received {cite}.")
    if not rule.allow_before_dispatch:
        return _denied(f"Orders cannot be cancelled under this policy {cite}.")
    fee = percent_of(item.paid, rule.fee_percent) if rule.fee_percent else ZERO
    pays = any(r in _PAYS_MONEY for r in rule.allow_before_dispatch)
    reasons = [f"{w.resolutions(rule.allow_before_dispatch)} allowed: the order has not been dispatched yet {cite}."]
    if Resolution.REFUND in rule.allow_before_dispatch:
        reasons.extend(_destination(policy, case, rule.clause, reasons))
    if fee:
        reasons.append(f"A {rule.fee_percent.normalize():f}% restocking fee of {fee} is charged on the {item.paid} paid {cite}.")
    if case.order.shipping_charged > 0:
        reasons.append(f"Shipping ({case.order.shipping_charged}) is not refunded {_cite(policy, policy.shipping_clause)}.")
    ordered = tuple(r for r in RESOLUTION_ORDER if r in rule.allow_before_dispatch)
    return ItemDecision(allowed=ordered, restocking_fee=fee,
                        refund_amount=item.paid - fee if pays else Decimal("0.00"), reasons=tuple(reasons))
