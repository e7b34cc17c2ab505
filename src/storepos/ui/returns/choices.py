"""What staff chose at the counter, turned into the returns service's request; what still blocks.

Qt-free, so the presenter's rules are plain functions over plain data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from storepos.domain.money import ZERO
from storepos.domain.policy import Condition, Inspection
from storepos.domain.vocabulary import Reason, Resolution, TenderKind
from storepos.i18n import _
from storepos.services.returns.types import (
    LineRequest,
    Payment,
    PlannedLine,
    ReturnPlan,
    ReturnRequest,
)
from storepos.services.staff.approvals import Approval

CHECKS = ("unworn", "original_box", "packaging_intact", "defect_confirmed")
ORDER_CHECKS = ("proof_of_purchase", "original_card")
_ACCOUNTS = (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT)


@dataclass
class LineChoice:
    line_no: int
    included: bool = False
    quantity: int = 1
    reason: Reason = Reason.CHANGE_OF_MIND
    unworn: bool = False
    original_box: bool = False
    packaging_intact: bool = False
    defect_confirmed: bool = False
    resolution: Resolution = Resolution.REFUND
    chosen: bool = False  # staff picked the resolution (else the best one allowed is used)
    exchange_variant_id: uuid.UUID | None = None
    override: Approval | None = None

    @property
    def waits_for_variant(self) -> bool:
        return self.resolution is Resolution.EXCHANGE and self.exchange_variant_id is None


@dataclass
class PaymentChoice:
    """How the customer pays the difference on an exchange that costs more."""

    kind: TenderKind = TenderKind.CARD
    card_brand: str = ""
    card_last4: str = ""
    account_number: str = ""

    def missing(self) -> str:
        if self.kind is TenderKind.CARD and not (len(self.card_last4) == 4
                                                 and self.card_last4.isdigit()):
            return _("Type the last four digits of the card that pays the difference.")
        if self.kind in _ACCOUNTS and not self.account_number:
            return _("Scan or type the gift card or store credit number.")
        return ""


def build_request(order_id: uuid.UUID, return_number: str | None,
                  choices: Iterable[LineChoice], shown: Mapping[str, bool], *,
                  payment: PaymentChoice | None = None, to_collect: Decimal = ZERO,
                  for_preview: bool) -> ReturnRequest:
    """The request for the ticked lines. A preview asks an exchange still waiting for its new
    pair as store credit: the policy decides both alike, and the pair is priced once chosen."""
    lines = []
    for choice in choices:
        if not choice.included:
            continue
        resolution = choice.resolution
        if for_preview and choice.waits_for_variant:
            resolution = Resolution.STORE_CREDIT
        inspection = (Inspection(defect_confirmed=choice.defect_confirmed)
                      if choice.reason is Reason.DEFECTIVE else None)
        condition = Condition(
            worn=not choice.unworn, original_box=choice.original_box,
            packaging_intact=choice.packaging_intact,
            proof_of_purchase=shown.get("proof_of_purchase", False),
            original_card=shown.get("original_card", False),
        )
        lines.append(LineRequest(
            choice.line_no, choice.quantity, choice.reason, condition, resolution,
            inspection=inspection,
            exchange_variant_id=(choice.exchange_variant_id
                                 if resolution is Resolution.EXCHANGE else None),
            override=choice.override,
        ))
    payments: tuple[Payment, ...] = ()
    if not for_preview and payment is not None and to_collect > 0:
        payments = (Payment(payment.kind, to_collect, card_brand=payment.card_brand or None,
                            card_last4=payment.card_last4 or None,
                            account_number=payment.account_number or None),)
    return ReturnRequest(lines=tuple(lines), order_id=order_id, return_number=return_number,
                         payments=payments)


def planned_line(plan: ReturnPlan | None, line_no: int) -> PlannedLine | None:
    if plan is None:
        return None
    return next((ln for ln in plan.lines if ln.line_no == line_no), None)


def blockers(choices: Iterable[LineChoice], plan: ReturnPlan | None, *, fresh: bool,
             plan_error: str, payment: PaymentChoice) -> list[str]:
    """What still stands between the screen and Complete, in words (empty: ready)."""
    included = [c for c in choices if c.included]
    if not included:
        return [_("Tick the items coming back.")]
    if plan_error:
        return [plan_error]
    if plan is None or not fresh:
        return [_("Checking with the policy…")]
    out = []
    for choice in included:
        planned = planned_line(plan, choice.line_no)
        if choice.waits_for_variant:
            out.append(_("Line {line}: choose the new size or colour.").format(line=choice.line_no))
        elif planned and planned.needs_approval and planned.approval is None:
            out.append(_("Line {line}: not allowed by the policy; a manager can override "
                         "it.").format(line=choice.line_no))
    if plan.to_collect > 0 and payment.missing():
        out.append(payment.missing())
    return out


def pending_credit(choices: Iterable[LineChoice], plan: ReturnPlan | None) -> Decimal:
    """Store credit a preview counted for exchanges still waiting for their new pair."""
    total = ZERO
    for choice in choices:
        planned = planned_line(plan, choice.line_no)
        if choice.included and choice.waits_for_variant and planned is not None:
            total += planned.value
    return total
