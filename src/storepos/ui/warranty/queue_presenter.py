"""The managers' queue: submitted claims, what the store's policy allows for each (claim_options),
and the decision with the manager's PIN: approve one outcome (carried out at once, ticket printed)
or deny. Plain Python, unit-tested with a fake view and a fake of the feature's door
(`WarrantyDoor`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from storepos.domain.amounts import NOT_AN_AMOUNT, TYPE_AN_AMOUNT, AmountError, parse_typed_amount
from storepos.domain.policy.wording import RESOLUTION_WORDS, join_words
from storepos.domain.vocabulary import Resolution, Role
from storepos.domain.warranty import DEFECT_WORDS, OUTCOMES
from storepos.i18n import _
from storepos.services.staff.approvals import Approval
from storepos.services.warranty.api import Decided, WarrantyDoor, WarrantyServices
from storepos.services.warranty.decisions import decision_binding
from storepos.services.warranty.types import ClaimOptions, ClaimPhoto, ClaimView
from storepos.ui.warranty.model import ClaimLine
from storepos.ui.warranty.presenter import capital
from storepos.ui.warranty.steps import Place, Run, Steps, plain_words
from storepos.ui.widgets.decision import Decision

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
    words = RESOLUTION_WORDS[outcome]
    binding = decision_binding(number, outcome, override=override or outside, credit_amount=credit)
    if outside:
        return Decision(f"Override the policy on warranty claim {number}: {words}",
                        f"Override: {words}",
                        f"The policy does not allow {words}; the manager approves it as an "
                        "override. It is carried out at once and the claim ticket printed.", binding)
    return Decision(f"Approve warranty claim {number}: {words}", f"Approve {words}",
                    _("It is carried out at once and the claim ticket printed."), binding)


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
                      c.customer_name or "—", ", ".join(c.findings) or "Not inspected")
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
        who = claim.customer_name or "No customer on file"
        if claim.order_number:
            bought = f"{who}, order {claim.order_number}, bought {place.day(claim.placed_on)}"
        else:
            bought = f"{who}, proof of purchase: {claim.proof_of_purchase}"
        defect = DEFECT_WORDS[claim.defect_category] if claim.defect_category else "—"
        count = claim.photo_count
        summary = [bought, claim.item.description,
                   f"{defect}: {', '.join(claim.findings) or 'not inspected'}.",
                   f"Inspected by {claim.inspected_by or '—'}; "
                   f"{count} photo{'' if count == 1 else 's'}."]
        if claim.notes:
            summary.append(f"Notes: {claim.notes}")
        value = place.money(options.value)
        order = options.has_order
        on_hand = options.replacement_on_hand
        labels = {
            Resolution.REFUND: (f"Refund {value}", order, "needs the order on file"),
            Resolution.REPLACEMENT: (f"Replacement, same size ({on_hand} in stock)",
                                     order and on_hand > 0,
                                     "none of this size in stock" if order
                                     else "needs the order on file"),
            Resolution.STORE_CREDIT: ((f"Store credit {value}" if order
                                       else "Store credit (type the amount)"), True, ""),
            Resolution.REPAIR: ("Repair", True, ""),
        }
        outcomes = tuple(  # what is not possible is named short, beside why
            OutcomeChoice(r, labels[r][0] if labels[r][1] else capital(RESOLUTION_WORDS[r]),
                          r in options.allowed, labels[r][1],
                          "" if labels[r][1] else labels[r][2])
            for r in OUTCOMES)
        allowed = join_words(RESOLUTION_WORDS[r] for r in options.allowed)
        name = options.policy_title or options.policy
        policy = ((f"The {name} policy allows {allowed}." if allowed
                   else f"The {name} policy allows nothing for this claim."),
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
            self._view.show_decision_error(
                f"{capital(RESOLUTION_WORDS[outcome])} is not possible: {choice.why_not}.")
            return
        outside = info.must_override or not choice.allowed
        if outside and not override:  # an override is the manager's own tick, never assumed
            self._view.show_decision_error(self._tick_override(options, outcome))
            return
        credit: Decimal | None = None
        if info.needs_amount and outcome is Resolution.STORE_CREDIT:
            try:
                credit = parse_typed_amount(amount, self._place.locale)
            except AmountError as exc:  # the rule broken, when it is more than "not an amount"
                self._view.show_decision_error(
                    exc.message if exc.message not in (NOT_AN_AMOUNT, TYPE_AN_AMOUNT)
                    else "Type the store credit amount, like 89.99.")
                return
            if credit <= 0:
                self._view.show_decision_error(_("Type the store credit amount, like 89.99."))
                return
        suggested = "" if outside else (
            f"{DEFECT_WORDS[claim.defect_category]} confirmed at inspection"
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
        asked = RESOLUTION_WORDS[outcome]
        tick = f"tick \u201cOutside the policy (override)\u201d to approve {asked}."
        allowed = join_words(RESOLUTION_WORDS[r] for r in options.allowed)
        if not options.has_order:
            return f"No order on file: {tick}"
        if not allowed:
            return f"The policy allows nothing here: {tick}"
        return f"The policy allows {allowed}, not {asked}: {tick}"

    def deny(self) -> None:
        claim = self._claim
        if claim is None:
            self._view.show_decision_error(_("Choose a claim from the queue first."))
            return
        number = claim.number

        def approved(approval: Approval) -> None:
            self._steps(lambda s, a: self._api.deny(s, a, number, approval),
                        lambda done: self._decided(done, f"Claim {number} denied."),
                        lambda exc: self._view.show_decision_error(plain_words(exc)))

        self._ask_approval(Decision(
            f"Deny warranty claim {number}", _("Deny claim"),
            _("The customer gets nothing for this claim. The reason is printed on the claim "
            "ticket for the customer."), decision_binding(number, None)), "", approved)

    def _approved_words(self, done: Decided) -> str:
        t, place = done.ticket, self._place
        words = f"Claim {t.claim_number} approved: {RESOLUTION_WORDS[t.outcome]}." \
            if t.outcome else f"Claim {t.claim_number} approved."
        if t.refunded is not None:
            words += f" {place.money(t.refunded)} goes back to the original payment."
        if t.gift_card_number and t.gift_card_amount is not None:
            words += (f" Give the customer gift card {t.gift_card_number} with "
                      f"{place.money(t.gift_card_amount)}.")
        if t.replacement:
            words += f" Hand over the replacement: {t.replacement}."
        return words

    def _decided(self, done: Decided, message: str) -> None:
        self._claim, self._options = None, None
        self._show_decided(done, message)
