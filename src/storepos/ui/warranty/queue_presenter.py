"""The managers' queue: submitted claims, what the store's policy allows for each (claim_options),
and the decision with the manager's PIN: approve one outcome (carried out at once, ticket printed)
or deny. Plain Python, unit-tested with a fake view and gateway."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from storepos.domain.policy.wording import RESOLUTION_WORDS, join_words
from storepos.domain.vocabulary import Resolution, Role
from storepos.domain.warranty import DEFECT_WORDS, OUTCOMES
from storepos.services.auth import Approval
from storepos.services.warranty_types import ClaimOptions, ClaimView
from storepos.ui.warranty.gateway import Decided, WarrantyGateway
from storepos.ui.warranty.model import ClaimLine
from storepos.ui.warranty.presenter import capital
from storepos.ui.warranty.steps import Place, Run, Steps, plain_words

# (prompt, suggested reason, on_approved): the manager approval dialog.
AskApproval = Callable[[str, str, Callable[[Approval], None]], None]


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


class QueueViewPort(Protocol):
    def show_page(self, name: str) -> None: ...
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_queue(self, lines: list[ClaimLine]) -> None: ...
    def select_queue_row(self, row: int) -> None: ...
    def show_decision(self, info: DecisionInfo | None) -> None: ...
    def show_decision_error(self, text: str) -> None: ...


class QueuePresenter:
    def __init__(self, view: QueueViewPort, run: Run, place: Place,
                 role: Callable[[], Role | None], ask_approval: AskApproval,
                 show_decided: Callable[[Decided, str], None],
                 gateway: WarrantyGateway | None = None) -> None:
        self._view, self._place, self._role = view, place, role
        self._ask_approval, self._show_decided = ask_approval, show_decided
        self._gateway = gateway or WarrantyGateway()
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
            self._view.show_error("Only a manager can see the warranty claim queue.")
            return
        self._view.show_page("queue")
        self._steps(lambda s, a: self._gateway.queue(s, a), lambda claims: self._loaded(
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
            self._view.show_status("No claims are waiting for a decision.")
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
        self._steps(lambda s, a: self._gateway.options(s, a, number),
                    lambda options: self._got_options(claim, options),
                    lambda exc: self._view.show_decision_error(plain_words(exc)))

    def _got_options(self, claim: ClaimView, options: ClaimOptions) -> None:
        if self._claim is None or self._claim.number != claim.number:
            return  # the manager moved on
        self._options = options
        self._view.show_decision(self.decision_info(claim, options))

    def decision_info(self, claim: ClaimView, options: ClaimOptions) -> DecisionInfo:
        place = self._place
        who = claim.customer_name or "No customer on file"
        if claim.order_number:
            bought = f"{who}, order {claim.order_number}, bought {place.day(claim.placed_on)}"
        else:
            bought = f"{who}, proof of purchase: {claim.proof_of_purchase}"
        defect = DEFECT_WORDS[claim.defect_category] if claim.defect_category else "—"
        photos = claim.photo_count
        summary = [bought, claim.item.description,
                   f"{defect}: {', '.join(claim.findings) or 'not inspected'}. "
                   f"{photos} photo{'' if photos == 1 else 's'}, inspected by "
                   f"{claim.inspected_by or '—'}."]
        if claim.notes:
            summary.append(f"Notes: {claim.notes}")
        value = place.money(options.value)
        order = options.has_order
        on_hand = options.replacement_on_hand
        labels = {
            Resolution.REFUND: (f"Refund {value}", order, "needs the order on file"),
            Resolution.REPLACEMENT: (f"Replacement, same size ({on_hand} in stock)",
                                     order and on_hand > 0,
                                     "none in stock" if order else "needs the order on file"),
            Resolution.STORE_CREDIT: ((f"Store credit {value}" if order
                                       else "Store credit (type the amount)"), True, ""),
            Resolution.REPAIR: ("Repair", True, ""),
        }
        outcomes = tuple(
            OutcomeChoice(r, labels[r][0], r in options.allowed, labels[r][1],
                          "" if labels[r][1] else labels[r][2])
            for r in OUTCOMES)
        allowed = join_words(RESOLUTION_WORDS[r] for r in options.allowed)
        policy = ((f"The {options.policy} policy allows {allowed}." if allowed
                   else f"The {options.policy} policy allows nothing for this claim."),
                  *options.reasons)
        return DecisionInfo(claim.number, tuple(summary), tuple(policy), outcomes,
                            options.needs_override or not order, not order)

    # -- deciding --------------------------------------------------------------------------
    def approve(self, outcome: Resolution | None, override: bool, amount: str = "") -> None:
        claim, options = self._claim, self._options
        if claim is None or options is None:
            self._view.show_decision_error("Choose a claim from the queue first.")
            return
        if outcome is None:
            self._view.show_decision_error("Choose the outcome to approve.")
            return
        info = self.decision_info(claim, options)
        choice = next(c for c in info.outcomes if c.outcome is outcome)
        if not choice.possible:
            self._view.show_decision_error(
                f"{capital(RESOLUTION_WORDS[outcome])} is not possible: {choice.why_not}.")
            return
        override = override or info.must_override
        if not choice.allowed and not override:
            allowed = join_words(RESOLUTION_WORDS[r] for r in options.allowed)
            self._view.show_decision_error(
                f"The policy allows {allowed}, not {RESOLUTION_WORDS[outcome]}. Tick "
                "\u201cOutside the policy\u201d to approve it as a manager override.")
            return
        credit: Decimal | None = None
        if info.needs_amount and outcome is Resolution.STORE_CREDIT:
            try:
                credit = Decimal(amount.strip().replace(",", ".").lstrip("$"))
            except InvalidOperation:
                credit = None
            if credit is None or credit <= 0 or credit != credit.quantize(Decimal("0.01")):
                self._view.show_decision_error("Type the store credit amount, like 89.99.")
                return
        words = RESOLUTION_WORDS[outcome]
        outside = override and not choice.allowed
        prompt = (f"Approve claim {claim.number}: {words}"
                  + (" as a manager override, outside the policy" if outside else "")
                  + ". Manager number, PIN and the reason.")
        suggested = "" if outside else (
            f"{DEFECT_WORDS[claim.defect_category]} confirmed at inspection"
            if claim.defect_category and claim.inspection.defect_confirmed else "")
        number = claim.number

        def approved(approval: Approval) -> None:
            self._steps(lambda s, a: self._gateway.approve(
                s, a, number, outcome, approval, override=override, credit_amount=credit),
                lambda done: self._decided(done, self._approved_words(done)),
                lambda exc: self._view.show_decision_error(plain_words(exc)))

        self._ask_approval(prompt, suggested, approved)

    def deny(self) -> None:
        claim = self._claim
        if claim is None:
            self._view.show_decision_error("Choose a claim from the queue first.")
            return
        number = claim.number

        def approved(approval: Approval) -> None:
            self._steps(lambda s, a: self._gateway.deny(s, a, number, approval),
                        lambda done: self._decided(done, f"Claim {number} denied."),
                        lambda exc: self._view.show_decision_error(plain_words(exc)))

        self._ask_approval(f"Deny claim {number}. The reason is printed on the claim ticket "
                           "for the customer.", "", approved)

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
