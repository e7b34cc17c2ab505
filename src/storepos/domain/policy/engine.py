"""The return-policy engine: decides each requested item and says why, clause by clause.

Pure and deterministic: a `Policy` (data) and a `Case` in, a `Decision` out. No I/O, and no words:
each reason is an `Explanation` (a code and its facts), worded by `storepos.wording.policy`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from storepos.domain.dates import date
from storepos.domain.money import ZERO, percent_of
from storepos.domain.policy.model import (
    RESOLUTION_ORDER,
    Case,
    Decision,
    Item,
    ItemDecision,
)
from storepos.domain.policy.reasons import Explanation, Why, WindowCount
from storepos.domain.policy.rules import Anchor, Finding, Outcome, Policy, Requirement, Section
from storepos.domain.vocabulary import Fulfillment, Reason, RequestType, Resolution, Tag

_PAYS_MONEY = (Resolution.REFUND, Resolution.STORE_CREDIT)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    # What a section's outcomes give on the case's day, the same for each of its items: the
    # resolutions in order, the reasons, whether money goes back, the reason shipping is kept (or
    # none), and the reasons of an item that pays no fee.
    _Outcomes = tuple[tuple[Resolution, ...], tuple[Explanation, ...], bool, tuple[Explanation, ...],
                      tuple[Explanation, ...]]

# The members the engine names, as module constants: reading a member through its enum class goes
# through the metaclass, several times a global's cost, and the engine names a few for each of a
# run's thousands of items (issue 15).
_CANCEL = RequestType.CANCEL
_DEFECTIVE = Reason.DEFECTIVE
_FOUND_MISUSE = Finding.MISUSE
_FOUND_UNCONFIRMED = Finding.UNCONFIRMED
_FOUND_WEAR_AND_TEAR = Finding.WEAR_AND_TEAR
_IN_STORE = Fulfillment.IN_STORE
_NEEDS_ORIGINAL_BOX = Requirement.ORIGINAL_BOX
_NEEDS_ORIGINAL_CARD = Requirement.ORIGINAL_CARD
_NEEDS_PACKAGING_INTACT = Requirement.PACKAGING_INTACT
_NEEDS_PROOF_OF_PURCHASE = Requirement.PROOF_OF_PURCHASE
_NEEDS_UNWORN = Requirement.UNWORN
_PURCHASE = Anchor.PURCHASE
_REFUND = Resolution.REFUND
_TAG_DISCOUNTED = Tag.DISCOUNTED
_WARRANTY = RequestType.WARRANTY
_WHY_ALLOWED = Why.ALLOWED
_WHY_CANCEL_ALLOWED = Why.CANCEL_ALLOWED
_WHY_CANCEL_DISPATCHED = Why.CANCEL_DISPATCHED
_WHY_CANCEL_NOT_ALLOWED = Why.CANCEL_NOT_ALLOWED
_WHY_CANCEL_RECEIVED = Why.CANCEL_RECEIVED
_WHY_CLAIM_NEEDS = Why.CLAIM_NEEDS
_WHY_FINDING = Why.FINDING
_WHY_NEEDS = Why.NEEDS
_WHY_NOT_RECEIVED = Why.NOT_RECEIVED
_WHY_NO_INSPECTION = Why.NO_INSPECTION
_WHY_NO_RESOLUTION = Why.NO_RESOLUTION
_WHY_REFUND_TO = Why.REFUND_TO
_WHY_RESTOCKING_FEE = Why.RESTOCKING_FEE
_WHY_SHIPPING_KEPT = Why.SHIPPING_KEPT
_WHY_STORE_RESTRICTED = Why.STORE_RESTRICTED
_WHY_TAGS_EXCLUDED = Why.TAGS_EXCLUDED
_WHY_WINDOW_PASSED = Why.WINDOW_PASSED
_WRONG_ITEM = Reason.WRONG_ITEM


# Explanation and WindowCount made from a tuple of their fields by tuple.__new__ itself (what their
# `_make` does), not through the named tuple's own __new__, a Python function: the engine makes
# thousands of each in a run (issue 15).
_explanation: Callable[[tuple[Any, ...]], Explanation] = partial(tuple.__new__, Explanation)
_window_count: Callable[[tuple[Any, ...]], WindowCount] = partial(tuple.__new__, WindowCount)


def evaluate(policy: Policy, case: Case) -> Decision:
    """Decide every item the request names. Shipping is never refunded by the shipped policies."""
    items = _decide_items(policy, case, [case.item(item_id) for item_id in case.request.item_ids])
    needs_manager = case.request.type is _WARRANTY and any(d.allowed for d in items.values())
    return Decision(policy.name, items, ZERO, needs_manager)


def decide_item(policy: Policy, case: Case, item: Item) -> ItemDecision:
    return _decide_items(policy, case, [item])[item.id]


def _decide_items(policy: Policy, case: Case, items: list[Item]) -> dict[str, ItemDecision]:
    """Each item's decision. What depends on the case alone (the section, the day the goods came,
    the store, the inspection, the windows and conditions) is decided once for all its items: the
    items of one request share it, and a decision the case alone denies is one object for them all."""
    request = case.request
    if request.type is _CANCEL:
        return {item.id: _cancel(policy, case, item) for item in items}
    if request.type is _WARRANTY or request.reason is _DEFECTIVE:
        section, faulty = policy.fault, True
    elif request.reason is _WRONG_ITEM:
        section, faulty = policy.wrong_item, False
    else:
        section, faulty = policy.returns, False
    received = received_on(case)
    if received is None:
        denied = _denied(_because(policy, policy.cancel.clause, _WHY_NOT_RECEIVED))
        return {item.id: denied for item in items}
    refused = _store_refusal(policy, section, case)
    if refused is not None:
        return {item.id: refused for item in items}
    refused = _case_refusal(policy, section, case, faulty=faulty)  # after an item's excluded tags
    decided: dict[str, ItemDecision] = {}
    common = None
    fee_percent = section.restocking_fee_percent
    for item in items:
        excluded = _tags_refusal(policy, section, item) if section.excluded_tags else None
        if excluded is not None:
            decided[item.id] = excluded
            continue
        if refused is not None:
            decided[item.id] = refused
            continue
        if common is None:  # the windows and conditions depend on the case, not on the item
            common = _common(policy, section, case, received)
        ordered, said, pays, kept, reasons = common
        fee = ZERO
        if ordered and fee_percent:
            fee = percent_of(item.paid, fee_percent)
            reasons = (*said, _because(policy, section.fee_clause, _WHY_RESTOCKING_FEE,
                                       percent=fee_percent, fee=fee, paid=item.paid), *kept)
        decided[item.id] = ItemDecision(ordered, fee, item.paid - fee if pays else ZERO, reasons)
    return decided


def received_on(case: Case) -> date | None:
    """The day the customer had the goods: delivery or pickup, or the day of a counter sale."""
    order = case.order
    if order.received_on is None and order.fulfillment is _IN_STORE:
        return order.placed_on
    return order.received_on


def _denied(*reasons: Explanation) -> ItemDecision:
    return ItemDecision((), ZERO, ZERO, reasons)


def _because(policy: Policy, clause: str, why: Why, **params: object) -> Explanation:
    return _explanation((why, policy.title, clause, params))


def _common(policy: Policy, section: Section, case: Case, received: date) -> _Outcomes:
    """What the section's outcomes give on the case's day, the same for each of its items."""
    allowed, outcome_reasons = _outcomes(policy, section, case, received)
    ordered = tuple([r for r in RESOLUTION_ORDER if r in allowed])
    pays = not allowed.isdisjoint(_PAYS_MONEY)
    charged = case.order.shipping_charged
    shipping: tuple[Explanation, ...] = (
        (_because(policy, policy.shipping_clause, _WHY_SHIPPING_KEPT, amount=charged),)
        if pays and charged > 0 else ())
    said = tuple(outcome_reasons)
    # The reasons as a tuple, shared by the items that pay no fee (most): no list per item.
    return ordered, said, pays, shipping, said + shipping


def _store_refusal(policy: Policy, section: Section, case: Case) -> ItemDecision | None:
    """Every item refused at this kind of store for this way of fulfilment, or None."""
    for restriction in section.store_restrictions:
        if case.store_kind is restriction.store_kind and case.order.fulfillment in restriction.fulfillments:
            return _denied(_because(policy, restriction.clause, _WHY_STORE_RESTRICTED,
                                    fulfillment=case.order.fulfillment, store_kind=case.store_kind))
    return None


def _tags_refusal(policy: Policy, section: Section, item: Item) -> ItemDecision | None:
    """The item refused for its tags (a discount inferred from its prices when the policy says so)."""
    tags = item.tags
    if section.infer_discount and item.paid < item.price:
        tags = tags | _DISCOUNTED
    excluded = [t for t in section.excluded_tags if t in tags] if tags else None
    if not excluded:
        return None
    inferred = _TAG_DISCOUNTED in excluded and _TAG_DISCOUNTED not in item.tags
    prices = {"paid": item.paid, "price": item.price} if inferred else {}
    return _denied(_because(policy, section.exclusion_clause, _WHY_TAGS_EXCLUDED, tags=tuple(excluded),
                            change_of_mind=section is policy.returns, **prices))


def _case_refusal(policy: Policy, section: Section, case: Case, *, faulty: bool) -> ItemDecision | None:
    """Every item not refused for its tags refused for the case: its inspection, missing proof."""
    if faulty:
        refusals = _inspection_refusals(policy, section, case)
        if refusals:
            return _denied(*refusals)
    if section.requires:
        missing = _missing(section.requires, case)
        if missing:
            return _denied(_because(policy, section.clause, _WHY_CLAIM_NEEDS, needs=tuple(missing),
                                    paid_with=case.paid_with))
    return None


_DISCOUNTED = frozenset({Tag.DISCOUNTED})


def _outcomes(policy: Policy, section: Section, case: Case,
              received: date) -> tuple[set[Resolution], list[Explanation]]:
    """What the section's outcomes allow on this day, and why (granted first, then refused)."""
    verdicts = []
    allowed: set[Resolution] = set()
    for outcome in section.outcomes:
        verdict = _try_outcome(policy, outcome, case, received)
        if verdict is not None:
            verdicts.append((outcome, verdict))
            if verdict[0]:
                allowed.update(outcome.allow)
    granted: list[Explanation] = []
    for outcome, (ok, why) in verdicts:
        if ok:
            granted.append(why)
            if _REFUND in outcome.allow:
                granted.extend(_destination(policy, case, outcome.clause, granted))
    refused = []
    for outcome, (ok, why) in verdicts:
        if ok:
            continue
        lost = [r for r in outcome.allow if r not in allowed]  # name only what no other clause gives
        if len(lost) == len(outcome.allow):
            refused.append(why)
        elif lost:
            refused.append(Explanation(why.why, why.policy, why.clause, {**why.params, "allow": tuple(lost)}))
    if not granted and not refused:
        refused.append(_because(policy, section.clause, _WHY_NO_RESOLUTION))
    return allowed, granted + refused



# Window.last_day by (start, months, days): the items of one order, and many orders, share them.
_last_days: dict[tuple[date, int, int], date] = {}


def _try_outcome(policy: Policy, outcome: Outcome, case: Case,
                 received: date) -> tuple[bool, Explanation] | None:
    """(allowed, why) for one outcome, or None when its window has not opened yet."""
    counts = []
    today, placed_on = case.today, case.order.placed_on
    passed = False
    for window in outcome.windows:
        start = placed_on if window.anchor is _PURCHASE else received
        day = (today - start).days
        if window.after_days is not None and day <= window.after_days:
            return None
        key = (start, window.months, window.days)
        through = _last_days.get(key)
        if through is None:
            through = _last_days[key] = window.last_day(start)
            if len(_last_days) > 10_000:  # a run's distinct days, not an unbounded memory
                _last_days.clear()
        holds = today <= through
        passed = passed or not holds
        counts.append(_window_count((window.anchor, start, day, window.days, window.months, through, holds)))
    if passed:
        past = tuple(counts) if len(counts) == 1 else tuple([c for c in counts if not c.holds])
        return False, _explanation((_WHY_WINDOW_PASSED, policy.title, outcome.clause,
                                    {"allow": outcome.allow, "windows": past}))
    if outcome.requires:
        missing = _missing(outcome.requires, case)
        if missing:
            return False, _because(policy, outcome.clause, _WHY_NEEDS, allow=outcome.allow,
                                   needs=tuple(missing), paid_with=case.paid_with)
    return True, _explanation((_WHY_ALLOWED, policy.title, outcome.clause,
                               {"allow": outcome.allow, "windows": tuple(counts)}))


def _missing(requirements: tuple[Requirement, ...], case: Case) -> list[Requirement]:
    return [r for r in requirements if not _shown(r, case)]


def _shown(requirement: Requirement, case: Case) -> bool:
    condition = case.request.condition
    if requirement is _NEEDS_UNWORN:
        return not condition.worn
    if requirement is _NEEDS_ORIGINAL_BOX:
        return condition.original_box
    if requirement is _NEEDS_PACKAGING_INTACT:
        return condition.packaging_intact
    if requirement is _NEEDS_PROOF_OF_PURCHASE:
        return condition.proof_of_purchase
    if requirement is _NEEDS_ORIGINAL_CARD:
        # No card paid (PayPal, gift card, cash...): there is none to show; the refund goes back
        # to the original payment instead.
        return condition.original_card or case.no_card_paid
    raise KeyError(requirement)


def _destination(policy: Policy, case: Case, clause: str, said: list[Explanation]) -> list[Explanation]:
    """Where an allowed refund goes, once, when the till knows what paid the order."""
    if not case.paid_with:
        return []
    reason = _because(policy, clause, _WHY_REFUND_TO, paid_with=case.paid_with)
    return [] if reason in said else [reason]


def _inspection_refusals(policy: Policy, section: Section, case: Case) -> list[Explanation]:
    inspection = case.request.inspection
    if inspection is None:
        return [_because(policy, section.clause, _WHY_NO_INSPECTION)]
    found = {
        _FOUND_WEAR_AND_TEAR: inspection.wear_and_tear,
        _FOUND_MISUSE: inspection.misuse,
        _FOUND_UNCONFIRMED: not inspection.defect_confirmed,
    }
    return [_because(policy, section.clause, _WHY_FINDING, finding=f)
            for f in section.denied_findings if found[f]]


def _cancel(policy: Policy, case: Case, item: Item) -> ItemDecision:
    rule = policy.cancel
    if received_on(case) is not None:
        return _denied(_because(policy, rule.clause, _WHY_CANCEL_RECEIVED))
    if case.order.dispatched:
        return _denied(_because(policy, rule.clause, _WHY_CANCEL_DISPATCHED))
    if not rule.allow_before_dispatch:
        return _denied(_because(policy, rule.clause, _WHY_CANCEL_NOT_ALLOWED))
    fee = percent_of(item.paid, rule.fee_percent) if rule.fee_percent else ZERO
    pays = any(r in _PAYS_MONEY for r in rule.allow_before_dispatch)
    reasons = [_because(policy, rule.clause, _WHY_CANCEL_ALLOWED, allow=rule.allow_before_dispatch)]
    if _REFUND in rule.allow_before_dispatch:
        reasons.extend(_destination(policy, case, rule.clause, reasons))
    if fee:
        reasons.append(_because(policy, rule.clause, _WHY_RESTOCKING_FEE,
                                percent=rule.fee_percent, fee=fee, paid=item.paid))
    if case.order.shipping_charged > 0:
        reasons.append(_because(policy, policy.shipping_clause, _WHY_SHIPPING_KEPT,
                                amount=case.order.shipping_charged))
    ordered = tuple(r for r in RESOLUTION_ORDER if r in rule.allow_before_dispatch)
    return ItemDecision(allowed=ordered, restocking_fee=fee,
                        refund_amount=item.paid - fee if pays else Decimal("0.00"), reasons=tuple(reasons))
