"""Deciding warranty claims: what the store's policy allows, and the manager's approval (PIN and
reason, from `auth.approve`) or denial, carried out in the same transaction:

- refund: through `returns.complete_return` (a defective line, so nothing goes back on the shelf;
  the money goes back to the tenders that paid, exactly like a return);
- replacement: the pair leaves this store's stock, no money moves;
- store credit: a new gift card for the pair's value (`value_accounts.issue_gift_card`);
- repair: approved now, completed when the shoe comes back (`complete_repair`).

The engine sees a warranty case: the inspection from the form, the order's dates, proof of purchase
shown when the order is on file. A claim with only a paper proof of purchase has no dates the
engine could check: a manager may approve it only as an override, with the reason.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storepos.domain import warranty as rules
from storepos.domain.card_value import ValueSource
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO
from storepos.domain.policy import Condition
from storepos.domain.policy.reasons import explanation_from_json, explanation_to_json
from storepos.domain.vocabulary import (
    Reason,
    RequestType,
    Resolution,
    Role,
    WarrantyStatus,
)
from storepos.domain.warranty import ClaimRefused, DefectCategory
from storepos.i18n import N_, SOURCE_LANGUAGE, _, speaking
from storepos.persistence.base import table_of
from storepos.persistence.db import rows_changed
from storepos.persistence.models import AuditEvent, OrderLine, Store, WarrantyClaim
from storepos.services.base import journal, stock
from storepos.services.base.amount_words import checked_amount
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import LineView
from storepos.services.base.policy_book import get_policy
from storepos.services.cards import value_accounts
from storepos.services.cards.value_source import Source
from storepos.services.returns.complete import complete_return
from storepos.services.returns.eligibility import evaluate_order, load_store
from storepos.services.returns.exchanges import variant_info
from storepos.services.returns.types import LineRequest, ReturnRequest
from storepos.services.staff import approvals
from storepos.services.staff.approvals import Approval
from storepos.services.staff.auth import require_role
from storepos.services.warranty import words
from storepos.services.warranty.claims import (
    STAFF,
    claim_for_update,
    inspection_of,
    order_and_line,
    view_of,
)
from storepos.services.warranty.types import ClaimOptions, ClaimTicket
from storepos.wording.policy import CONTRACT, Figures, reasons_text

W = WarrantyStatus
# A claimed shoe has been worn (being worn never bars a claim); the order on file is the proof.
CLAIM_CONDITION = Condition(worn=True, proof_of_purchase=True)
OVERRIDE_PREFIX = "Override: "
_NO_ORDER = N_("This claim has no order on file, so the policy can't check its dates: a manager "
               "may approve it only as an override, with the reason.")
_DECIDED = (EventKind.WARRANTY_APPROVED, EventKind.WARRANTY_DENIED)


def _policy_title(name: str) -> str:
    try:
        return get_policy(name).title
    except KeyError:
        return name


def _options(session: Session, actor: Actor,
             claim: WarrantyClaim) -> tuple[ClaimOptions, LineView | None]:
    options, line = _options_of(session, actor, claim)
    return replace(options, policy_title=_policy_title(options.policy)), line


def _options_of(session: Session, actor: Actor,
                claim: WarrantyClaim) -> tuple[ClaimOptions, LineView | None]:
    today = actor.today()
    store = load_store(session, actor.store_id)
    if claim.order_id is None:
        return ClaimOptions(claim.number, store.policy, today, False, (), (_(_NO_ORDER),), ZERO,
                            True, None, "", 0), None
    order, line = order_and_line(session, claim)
    info = variant_info(session, actor.store_id, line.variant_id)
    if line.remaining == 0:
        gone = (_("Line {line} ({item}) has already come back (returned or credited), so there is "
                  "nothing left to claim.").format(line=line.line_no, item=line.description),)
        return ClaimOptions(claim.number, store.policy, today, True, (), gone, ZERO, True,
                            line.variant_id, info.description, info.on_hand), line
    try:
        policy = get_policy(store.policy)
    except KeyError:
        raise ClaimRefused(
            _("This store's return policy {policy} is not installed.").format(
                policy=repr(store.policy))) from None
    verdict = evaluate_order(
        order, store, request_type=RequestType.WARRANTY, reason=Reason.DEFECTIVE,
        condition=CLAIM_CONDITION, inspection=inspection_of(claim),
        quantities={line.line_no: 1}, today=today, policy=policy,
    )
    unit = next(le for le in verdict.lines if le.line.id == line.id)
    decision = unit.decision
    assert decision is not None  # one unit was asked for
    value = decision.refund_amount if decision.refund_amount > 0 else unit.unit_paid[0]
    return ClaimOptions(claim.number, verdict.policy, today, True, decision.allowed,
                        unit.reasons, value, not decision.allowed, line.variant_id,
                        info.description, info.on_hand, explained=decision.reasons), line


def claim_options(session: Session, actor: Actor, number: str) -> ClaimOptions:
    """What the policy allows for this claim today, and whether the same size is in stock."""
    require_role(actor, *STAFF, doing=N_("see what a warranty claim may get"))
    claim = claim_for_update(session, actor, number, lock=False)
    if W(claim.status) not in (W.OPEN, W.SUBMITTED):
        raise ClaimRefused(_("Warranty claim {number} is already {status}.").format(
            number=claim.number, status=words.status_words(W(claim.status))))
    return _options(session, actor, claim)[0]


# -- carrying the outcome out ---------------------------------------------------------------------

def _refund(session: Session, actor: Actor, claim: WarrantyClaim, line: LineView | None,
            approval: Approval, overridden: bool) -> dict[str, Any]:
    if line is None:
        raise ClaimRefused(_("A refund goes back to what paid, so it needs the order on file; "
                           "choose store credit, a replacement or a repair."))
    session.flush()
    summary = complete_return(session, actor, ReturnRequest(
        (LineRequest(line.line_no, 1, Reason.DEFECTIVE, CLAIM_CONDITION, Resolution.REFUND,
                     inspection=inspection_of(claim),
                     override=approval if overridden else None),),
        order_id=claim.order_id, note=f"Warranty claim {claim.number}",
    ))
    return {"return_number": summary.return_number, "refunded": summary.money_back,
            "refunds": [{"kind": r.kind, "amount": r.amount, "label": r.label}
                        for r in summary.refunds]}


def _replace(session: Session, actor: Actor, line: LineView | None,
             variant_id: uuid.UUID | None) -> dict[str, Any]:
    wanted = variant_id or (line.variant_id if line else None)
    if wanted is None:
        raise ClaimRefused(_("Scan the replacement pair: a claim with no order on file does not "
                           "say which shoe it is."))
    info = variant_info(session, actor.store_id, wanted)
    if line is not None and wanted != line.variant_id:
        original = variant_info(session, actor.store_id, line.variant_id)
        if info.product_id != original.product_id:
            raise ClaimRefused(_("A replacement is the same style: {item} is a different style "
                                 "from {original}.").format(item=info.description,
                                                            original=original.description))
    stock.take(session, actor.store_id, wanted, 1, info.description)  # refused when none left
    return {"replacement": info.description, "replacement_variant_id": wanted}


def _count_back(session: Session, line: LineView) -> None:
    # One guarded statement, like returns: the credited pair counts as come back, never twice.
    t = table_of(OrderLine)
    changed = rows_changed(
        session,
        update(t).where(t.c.id == line.id, t.c.quantity_returned + 1 <= t.c.quantity)
        .values(quantity_returned=t.c.quantity_returned + 1)
    )
    if changed != 1:
        raise ClaimRefused(_("Line {line} ({item}) has already come back: never more back than "
                             "sold.").format(line=line.line_no, item=line.description))


def _credit(session: Session, actor: Actor, claim: WarrantyClaim, line: LineView | None,
            options: ClaimOptions, overridden: bool,
            credit_amount: Decimal | str | None) -> dict[str, Any]:
    if line is None and credit_amount is None:
        raise ClaimRefused(_("Type the store credit amount: a claim with no order on file does "
                           "not say what was paid."))
    amount = options.value
    if credit_amount is not None:
        asked = checked_amount(credit_amount, what="The store credit")
        if line is not None and asked != options.value and not overridden:
            raise ClaimRefused(_("The policy credits {amount} for this pair; a different amount "
                                 "needs a manager override.").format(amount=options.value))
        amount = asked
    moved = value_accounts.issue_gift_card(
        session, actor, amount, Source(ValueSource.WARRANTY, claim_id=claim.id),
        order_id=claim.order_id, note=f"warranty claim {claim.number}")
    if line is not None:
        _count_back(session, line)
    return {"gift_card_number": moved.account.number, "gift_card_amount": amount,
            "gift_card_account_id": moved.account.id}


def decision_binding(number: str, outcome: Resolution | str | None, *, override: bool = False,
                     credit_amount: Decimal | None = None) -> approvals.Binding:
    """What a manager's PIN confirms on a claim: this claim, this outcome (None: denied), whether
    as an override, and any store credit amount typed."""
    words = "denied" if outcome is None else str(Resolution(outcome).value)
    return approvals.Binding(approvals.WARRANTY_DECISION,
                             f"{number.strip().upper()}:{words}{':override' if override else ''}",
                             amount=credit_amount)


def approve_claim(
    session: Session, actor: Actor, number: str, outcome: Resolution | str, approval: Approval,
    *, override: bool = False, replacement_variant_id: uuid.UUID | None = None,
    credit_amount: Decimal | str | None = None,
) -> ClaimTicket:
    """A manager approves a submitted claim with their PIN (`approval`) and carries it out now.

    `outcome` must be one the policy allows, unless `override` (the approval's reason is then the
    override reason); claims with no order on file are always overrides.
    """
    require_role(actor, Role.MANAGER, doing=N_("decide warranty claims"))
    claim = claim_for_update(session, actor, number)
    try:
        chosen = Resolution(outcome)
    except ValueError:
        raise ClaimRefused(_("Choose a refund, a replacement, store credit or a repair.")) from None
    target = W.APPROVED if chosen is Resolution.REPAIR else W.COMPLETED
    rules.check_move(claim.number, W(claim.status), target)
    options, line = _options(session, actor, claim)
    overridden = rules.check_outcome(chosen, options.allowed, has_order=options.has_order,
                                     override=override)
    typed = checked_amount(credit_amount, what="The store credit") if credit_amount is not None else None
    approvals.verify(session, actor, approval,
                     decision_binding(claim.number, chosen, override=override, credit_amount=typed))
    facts: dict[str, Any] = {}
    if chosen is Resolution.REFUND:
        facts = _refund(session, actor, claim, line, approval, overridden)
    elif chosen is Resolution.REPLACEMENT:
        facts = _replace(session, actor, line, replacement_variant_id)
    elif chosen is Resolution.STORE_CREDIT:
        facts = _credit(session, actor, claim, line, options, overridden, credit_amount)

    claim.status, claim.outcome = target, chosen
    claim.decided_by, claim.decided_at = approval.manager_id, actor.now()
    claim.decision_reason = (OVERRIDE_PREFIX if overridden else "") + approval.reason
    details = {"number": claim.number, "outcome": chosen, "allowed": options.allowed,
               **_policy_said(options), "overridden": overridden,
               "manager": approval.manager_number, **facts}
    journal.record(session, actor, EventKind.WARRANTY_APPROVED, "warranty_claim", claim.id, details,
                   approved_by=approval.manager_id, reason=approval.reason)
    return _ticket(session, actor, claim, details)


def deny_claim(session: Session, actor: Actor, number: str, approval: Approval) -> ClaimTicket:
    """A manager denies a submitted claim with their PIN and the reason (told to the customer)."""
    require_role(actor, Role.MANAGER, doing=N_("decide warranty claims"))
    claim = claim_for_update(session, actor, number)
    rules.check_move(claim.number, W(claim.status), W.DENIED)
    options, _line = _options(session, actor, claim)
    approvals.verify(session, actor, approval, decision_binding(claim.number, None))
    claim.status, claim.decided_by, claim.decided_at = W.DENIED, approval.manager_id, actor.now()
    claim.decision_reason = approval.reason
    details = {"number": claim.number, "outcome": None, "allowed": options.allowed,
               **_policy_said(options), "overridden": False,
               "manager": approval.manager_number}
    journal.record(session, actor, EventKind.WARRANTY_DENIED, "warranty_claim", claim.id, details,
                   approved_by=approval.manager_id, reason=approval.reason)
    return _ticket(session, actor, claim, details)


def complete_repair(session: Session, actor: Actor, number: str) -> ClaimTicket:
    """The repaired shoe went back to the customer: an approved repair is completed."""
    require_role(actor, *STAFF, doing=N_("complete warranty repairs"))
    claim = claim_for_update(session, actor, number)
    rules.check_move(claim.number, W(claim.status), W.COMPLETED)
    if claim.outcome != Resolution.REPAIR:
        raise ClaimRefused(_("Warranty claim {number} is not a repair.").format(
            number=claim.number))
    claim.status = W.COMPLETED
    journal.record(session, actor, EventKind.WARRANTY_REPAIRED, "warranty_claim", claim.id,
                   {"number": claim.number})
    return _ticket(session, actor, claim, _decision(session, claim))


# -- the ticket -----------------------------------------------------------------------------------

def _decision(session: Session, claim: WarrantyClaim) -> dict[str, Any] | None:
    session.flush()
    return session.scalars(
        select(AuditEvent.details)
        .where(AuditEvent.subject_id == claim.id, AuditEvent.action.in_(_DECIDED))
        .order_by(AuditEvent.occurred_at.desc()).limit(1)
    ).first()


def _policy_said(options: ClaimOptions) -> dict[str, Any]:
    """The policy's reasons as the decision's record keeps them: the contract's English, and the
    codes ("why") that word them again in whoever reads the claim's language."""
    if not options.explained:  # no order, nothing left to claim: the sentence is all there is
        return {"reasons": options.reasons}
    with speaking(SOURCE_LANGUAGE):
        english = reasons_text(options.explained, CONTRACT)
    return {"reasons": english, "why": [explanation_to_json(r) for r in options.explained]}


def _reasons_read(facts: dict[str, Any], currency: str, undecided: tuple[str, ...]) -> tuple[str, ...]:
    """A decision's reasons in the reader's language; one recorded before the codes: its words;
    no decision yet: the policy's answer today (`undecided`)."""
    try:
        explained = [explanation_from_json(data) for data in facts["why"]]
    except (KeyError, TypeError, ValueError):
        return tuple(facts.get("reasons", undecided))
    return reasons_text(explained, Figures(currency))


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _ticket(session: Session, actor: Actor, claim: WarrantyClaim,
            decided: dict[str, Any] | None, options: ClaimOptions | None = None) -> ClaimTicket:
    view = view_of(session, claim)
    store = session.get(Store, claim.store_id)
    assert store is not None
    facts = decided or {}
    allowed = facts.get("allowed", options.allowed if options else ())
    reasons = _reasons_read(facts, store.currency, options.reasons if options else ())
    category = view.defect_category
    return ClaimTicket(
        claim_number=view.number, status=view.status, store_code=store.code,
        store_name=store.name, created_at=view.created_at, order_number=view.order_number,
        proof_of_purchase=view.proof_of_purchase, purchased_on=view.placed_on,
        customer_name=view.customer_name, item=view.item,
        defect=words.DEFECTS[DefectCategory(category)] if category else "", notes=view.notes,
        findings=view.findings, inspected_by=view.inspected_by, photo_count=view.photo_count,
        allowed=tuple(Resolution(r) for r in allowed), policy_reasons=tuple(reasons),
        outcome=view.outcome, overridden=bool(facts.get("overridden")),
        decision_reason=view.decision_reason, decided_by=view.decided_by,
        decided_at=view.decided_at, refund_return_number=facts.get("return_number"),
        refunded=_money(facts.get("refunded")), gift_card_number=facts.get("gift_card_number"),
        gift_card_amount=_money(facts.get("gift_card_amount")),
        replacement=facts.get("replacement"), employee_name=actor.employee_name,
        printed_at=actor.now(),
    )


def claim_ticket(session: Session, actor: Actor, number: str) -> ClaimTicket:
    """The claim ticket, for printing or reprinting: as decided, or what the policy says today."""
    require_role(actor, *STAFF, doing=N_("print warranty claim tickets"))
    claim = claim_for_update(session, actor, number, lock=False)
    decided = _decision(session, claim)
    options = None
    if decided is None and W(claim.status) in (W.OPEN, W.SUBMITTED) and claim.inspected_by:
        options = _options(session, actor, claim)[0]
    return _ticket(session, actor, claim, decided, options)
