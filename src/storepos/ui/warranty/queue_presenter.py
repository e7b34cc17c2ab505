"""The managers' queue: submitted claims, what the store's policy allows for each (claim_options),
and the decision with the manager's PIN: approve one outcome (carried out at once, ticket printed)
or deny. Plain Python, unit-tested with a fake view and a fake of the feature's door
(`WarrantyDoor`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from storepos.domain.amounts import AmountCode, AmountError
from storepos.domain.vocabulary import Resolution, Role
from storepos.domain.warranty import OUTCOMES
from storepos.i18n import _, ngettext
from storepos.services.staff.approvals import Approval
from storepos.services.warranty import words as said
from storepos.services.warranty.api import Decided, WarrantyDoor, WarrantyServices
from storepos.services.warranty.decisions import decision_binding
from storepos.services.warranty.types import ClaimOptions, ClaimPhoto, ClaimView
from storepos.ui.warranty.model import ClaimLine
from storepos.ui.warranty.steps import Place, Run, Steps, plain_words
from storepos.ui.widgets.decision import Decision
from storepos.ui.widgets.money_entry import read_typed
from storepos.ui.widgets.typed_amount import amount_refusal, read_amount

# (the decision, suggested reason, on_approved): the manager approval dialog.
AskApproval = Callable[[Decision, str, Callable[[Approval], None]], None]


@dataclass(frozen=True, slots=True)
class OutcomeChoice:
    outcome: Resolution
    label: str
    allowed: bool  # within the policy
    possible: bool  # at all (a refund needs the order; a replacement, the size in stock)
    why_not: str = ""


@dataclass(frozen=True, slots=True)
class DecisionInfo:
    number: str
    summary: tuple[str, ...]
    policy: tuple[str, ...]
    outcomes: tuple[OutcomeChoice, ...]
    must_override: bool  # nothing within the policy (or no order on file)
    needs_amount: bool  # store credit with no order: the manager types the amount
    photos: tuple[ClaimPhoto, ...] = ()  # what the inspection saw, to open large


class QueueViewPort(Protocol):
    def show_page(self, name: str) -> None: ...
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_queue(self, lines: list[ClaimLine]) -> None: ...
    def select_queue_row(self, row: int) -> None: ...
    def show_decision(self, info: DecisionInfo | None) -> None: ...
    def show_decision_error(self, text: str) -> None: ...


def approve_decision(number: str, outcome: Resolution, outside: bool, *, override: bool = False,
                     credit: Decimal | None = None) -> Decision:
    """The approval dialog's words for approving `outcome` on claim `number`, and what the
    manager's token is bound to (this claim, this outcome, the override tick, the amount)."""
    words = said.outcome_words(outcome)
    binding = decision_binding(number, outcome, override=override or outside, credit_amount=credit)
    if outside:
        return Decision(
            _("Override the policy on warranty claim {number}: {outcome}").format(
                number=number, outcome=words),
            _("Override: {outcome}").format(outcome=words),
            _("The policy does not allow {outcome}; the manager approves it as an override. It is "
              "carried out at once and the claim ticket printed.").format(outcome=words), binding)
    return Decision(_("Approve warranty claim {number}: {outcome}").format(number=number,
                                                                            outcome=words),
                    _("Approve {outcome}").format(outcome=words),
                    _("It is carried out at once and the claim ticket printed."), binding)


def findings_of(claim: ClaimView) -> str:
    """The inspection's findings, in the reader's language ("" before the inspection)."""
    return ", ".join(said.findings(claim.inspection)) if claim.findings else ""


class QueuePresenter:
    def __init__(self, view: QueueViewPort, run: Run, place: Place,
                 role: Callable[[], Role | None], ask_approval: AskApproval,
                 show_decided: Callable[[Decided, str], None],
                 api: WarrantyDoor | None = None) -> None:
        self._view, self._place, self._role = view, place, role
        self._ask_approval, self._show_decided = ask_approval, show_decided
        self._api = api or WarrantyServices()
        self._steps = Steps(run, view.show_busy, view.show_error)
        self._claims: tuple[ClaimView, ...] = ()
        self._claim: ClaimView | None = None
        self._options: ClaimOptions | None = None

    @property
    def busy(self) -> bool:
        return self._steps.pending > 0

    @property
    def claim(self) -> ClaimView | None:
        return self._claim

    @property
    def options(self) -> ClaimOptions | None:
        return self._options

    def open(self, number: str | None = None) -> None:
        if self._role() is not Role.MANAGER:
            self._view.show_error(_("Only a manager can see the warranty claim queue."))
            return
        self._view.show_page("queue")
        self._steps(lambda s, a: self._api.queue(s, a), lambda claims: self._loaded(
            claims, number))

    def _loaded(self, claims: tuple[ClaimView, ...], number: str | None) -> None:
        self._claims = tuple(claims)
        place = self._place
        self._view.show_queue([
            ClaimLine(c.number, place.day(c.created_at), c.item.description,
                      c.customer_name or "—", findings_of(c) or _("Not inspected"))
            for c in self._claims])
        wanted = number or (self._claim.number if self._claim else None)
        index = next((i for i, c in enumerate(self._claims) if c.number == wanted), 0)
        if not self._claims:
            self._view.show_status(_("No claims are waiting for a decision."))
            index = -1
        self._view.select_queue_row(index)
        self.select(index)

    def select(self, index: int) -> None:
        claim = self._claims[index] if 0 <= index < len(self._claims) else None
        if claim is not None and self._claim is not None and claim.number == self._claim.number \
                and self._options is not None:
            return
        self._claim, self._options = claim, None
        self._view.show_decision(None)
        if claim is None:
            return
        number = claim.number
        self._steps(lambda s, a: (self._api.options(s, a, number),
                                  self._api.photos(s, a, number)),
                    lambda found: self._got_options(claim, *found),
                    lambda exc: self._view.show_decision_error(plain_words(exc)))

    def _got_options(self, claim: ClaimView, options: ClaimOptions,
                     photos: tuple[ClaimPhoto, ...]) -> None:
        if self._claim is None or self._claim.number != claim.number:
            return  # the manager moved on
        self._options = options
        self._view.show_decision(self.decision_info(claim, options, photos))

    def decision_info(self, claim: ClaimView, options: ClaimOptions,
                      photos: tuple[ClaimPhoto, ...] = ()) -> DecisionInfo:
        place = self._place
        who = claim.customer_name or _("No customer on file")
        if claim.order_number:
            bought = _("{customer}, order {order}, bought {day}").format(
                customer=who, order=claim.order_number, day=place.day(claim.placed_on))
        else:
            bought = _("{customer}, proof of purchase: {proof}").format(
                customer=who, proof=claim.proof_of_purchase)
        defect = said.defect_label(claim.defect_category)
        count = claim.photo_count
        summary = [bought, claim.item.description,
                   _("{defect}: {findings}.").format(
                       defect=defect, findings=findings_of(claim) or _("not inspected")),
                   ngettext("Inspected by {name}; {n} photo.", "Inspected by {name}; {n} photos.",
                            count).format(name=claim.inspected_by or "—", n=count)]
        if claim.notes:
            summary.append(_("Notes: {notes}").format(notes=claim.notes))
        value = place.money(options.value)
        order = options.has_order
        on_hand = options.replacement_on_hand
        no_order = _("needs the order on file")
        labels = {
            Resolution.REFUND: (_("Refund {amount}").format(amount=value), order, no_order),
            Resolution.REPLACEMENT: (
                _("Replacement, same size ({n} in stock)").format(n=on_hand),
                order and on_hand > 0,
                _("none of this size in stock") if order else no_order),
            Resolution.STORE_CREDIT: ((_("Store credit {amount}").format(amount=value) if order
                                       else _("Store credit (type the amount)")), True, ""),
            Resolution.REPAIR: (said.outcome_label(Resolution.REPAIR), True, ""),
        }
        outcomes = tuple(  # what is not possible is named short, beside why
            OutcomeChoice(r, labels[r][0] if labels[r][1] else said.outcome_label(r),
                          r in options.allowed, labels[r][1],
                          "" if labels[r][1] else labels[r][2])
            for r in OUTCOMES)
        allowed = said.outcomes(options.allowed)
        name = options.policy_title or options.policy
        policy = ((_("The {policy} policy allows {outcomes}.").format(policy=name,
                                                                       outcomes=allowed)
                   if allowed
                   else _("The {policy} policy allows nothing for this claim.").format(
                       policy=name)),
                  *options.reasons)
        return DecisionInfo(claim.number, tuple(summary), tuple(policy), outcomes,
                            options.needs_override or not order, not order, tuple(photos))

    # -- deciding --------------------------------------------------------------------------
    def approve(self, outcome: Resolution | None, override: bool, amount: str = "") -> None:
        claim, options = self._claim, self._options
        if claim is None or options is None:
            self._view.show_decision_error(_("Choose a claim from the queue first."))
            return
        if outcome is None:
            self._view.show_decision_error(_("Choose the outcome to approve."))
            return
        info = self.decision_info(claim, options)
        choice = next(c for c in info.outcomes if c.outcome is outcome)
        if not choice.possible:
            self._view.show_decision_error(_("{outcome} is not possible: {why}.").format(
                outcome=said.outcome_label(outcome), why=choice.why_not))
            return
        outside = info.must_override or not choice.allowed
        if outside and not override:  # an override is the manager's own tick, never assumed
            self._view.show_decision_error(self._tick_override(options, outcome))
            return
        credit: Decimal | None = None
        if info.needs_amount and outcome is Resolution.STORE_CREDIT:
            try:
                credit = read_typed(amount, self._place.locale, read_amount)
            except AmountError as exc:  # the rule broken, when it is more than "not an amount"
                self._view.show_decision_error(
                    amount_refusal(exc)
                    if exc.code not in (AmountCode.NOT_AN_AMOUNT, AmountCode.EMPTY)
                    else _("Type the store credit amount, like 89.99."))
                return
            if credit <= 0:
                self._view.show_decision_error(_("Type the store credit amount, like 89.99."))
                return
        suggested = "" if outside else (
            _("{defect} confirmed at inspection").format(
                defect=said.defect_label(claim.defect_category))
            if claim.defect_category and claim.inspection.defect_confirmed else "")
        number = claim.number

        def approved(approval: Approval) -> None:
            self._steps(lambda s, a: self._api.approve(
                s, a, number, outcome, approval, override=override, credit_amount=credit),
                lambda done: self._decided(done, self._approved_words(done)),
                lambda exc: self._view.show_decision_error(plain_words(exc)))

        self._ask_approval(approve_decision(claim.number, outcome, outside, override=override,
                                            credit=credit), suggested, approved)

    @staticmethod
    def _tick_override(options: ClaimOptions, outcome: Resolution) -> str:
        asked = said.outcome_words(outcome)
        allowed = said.outcomes(options.allowed)
        if not options.has_order:
            return _("No order on file: tick \u201cOutside the policy (override)\u201d to approve "
                     "{outcome}.").format(outcome=asked)
        if not allowed:
            return _("The policy allows nothing here: tick \u201cOutside the policy (override)"
                     "\u201d to approve {outcome}.").format(outcome=asked)
        return _("The policy allows {allowed}, not {outcome}: tick \u201cOutside the policy "
                 "(override)\u201d to approve {outcome}.").format(allowed=allowed, outcome=asked)

    def deny(self) -> None:
        claim = self._claim
        if claim is None:
            self._view.show_decision_error(_("Choose a claim from the queue first."))
            return
        number = claim.number

        def approved(approval: Approval) -> None:
            self._steps(lambda s, a: self._api.deny(s, a, number, approval),
                        lambda done: self._decided(
                            done, _("Claim {number} denied.").format(number=number)),
                        lambda exc: self._view.show_decision_error(plain_words(exc)))

        self._ask_approval(Decision(
            _("Deny warranty claim {number}").format(number=number), _("Deny claim"),
            _("The customer gets nothing for this claim. The reason is printed on the claim "
            "ticket for the customer."), decision_binding(number, None)), "", approved)

    def _approved_words(self, done: Decided) -> str:
        t, place = done.ticket, self._place
        if t.outcome:
            sentences = [_("Claim {number} approved: {outcome}.").format(
                number=t.claim_number, outcome=said.outcome_words(t.outcome))]
        else:
            sentences = [_("Claim {number} approved.").format(number=t.claim_number)]
        if t.refunded is not None:
            sentences.append(_("{amount} goes back to the original payment.").format(
                amount=place.money(t.refunded)))
        if t.gift_card_number and t.gift_card_amount is not None:
            sentences.append(_("Give the customer gift card {number} with {amount}.").format(
                number=t.gift_card_number, amount=place.money(t.gift_card_amount)))
        if t.replacement:
            sentences.append(_("Hand over the replacement: {item}.").format(item=t.replacement))
        return " ".join(sentences)

    def _decided(self, done: Decided, message: str) -> None:
        self._claim, self._options = None, None
        self._show_decided(done, message)
