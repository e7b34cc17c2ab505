"""Cancel an order from Find orders: what the policy keeps and gives back first, then the
cancellation itself (a manager's approval when the service asks for one), or why not, in words.

It reaches the services only through the cancel door (`services.orders.api`, a `CancelDoor`); the
dialog is a port, so a test drives this with a fake. Nothing is written until the cashier confirms,
and a refusal leaves the dialog open with its reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import TenderKind
from storepos.i18n import _
from storepos.services.base.work import RunWork
from storepos.services.orders.api import CancelDoor, Cancelled, CancelPlan, cancel_binding
from storepos.services.returns.types import ReturnSummary
from storepos.services.staff.approvals import Approval
from storepos.ui.widgets.decision import Decision

Money = Callable[[Decimal, str], str]  # (amount, currency) in the store's locale
AskApproval = Callable[[Decision, Callable[[Approval], None]], None]


@dataclass(frozen=True, slots=True)
class CancelShown:
    """What the dialog shows, worded: the heading, one block per line, the totals, the tenders."""

    heading: str
    lines: tuple[tuple[str, str, tuple[str, ...]], ...]  # (item, what was paid, policy reasons)
    totals: tuple[tuple[str, str], ...]  # (label, amount)
    refund_to: tuple[tuple[str, str], ...]  # (tender, amount)
    note: str  # a manager is needed, shipping stays ...


class CancelDialogPort(Protocol):
    def show_plan(self, shown: CancelShown) -> None: ...
    def show_busy(self, busy: bool, text: str = "") -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_done(self, text: str) -> None: ...


def worded(plan: CancelPlan, money: Money) -> CancelShown:
    def m(value: Decimal) -> str:
        return money(value, plan.currency)

    lines = tuple((
        _("{n} x {item}").format(n=ln.quantity, item=ln.description),
        m(ln.paid),
        ln.reasons) for ln in plan.lines)
    totals = [(_("Paid for the items"), m(plan.paid)),
              (_("Cancellation fee ({policy})").format(policy=plan.policy), m(-plan.fee)),
              (_("Refund"), m(plan.refund))]
    notes = []
    if plan.shipping_not_refunded:
        notes.append(_("Shipping ({amount}) is not refunded.").format(
            amount=m(plan.shipping_not_refunded)))
    if plan.unpaid_not_refunded:
        notes.append(_("{amount} was never paid (pay offline): nothing to refund on it.").format(
            amount=m(plan.unpaid_not_refunded)))
    if plan.needs_manager:
        notes.append(_("A refund this large needs a manager's approval."))
    return CancelShown(
        heading=_("Cancel order {number} for {customer}?").format(number=plan.order_number,
                                                                   customer=plan.customer),
        lines=lines, totals=tuple(totals),
        refund_to=tuple((m_.label, m(m_.amount)) for m_ in plan.refunds), note=" ".join(notes))


class CancelPresenter:
    def __init__(self, run: RunWork, door: CancelDoor, *, money: Money,
                 ask_approval: AskApproval,
                 open_dialog: Callable[[], CancelDialogPort]) -> None:
        self._run, self._door, self._money = run, door, money
        self._ask_approval, self._open_dialog = ask_approval, open_dialog
        self._dialog: CancelDialogPort | None = None
        self._plan: CancelPlan | None = None
        self._busy = False

    def start(self, number: str) -> None:
        """The order chosen in the list: open the dialog and ask what cancelling would do."""
        self._plan, self._busy = None, True
        dialog = self._dialog = self._open_dialog()
        dialog.show_busy(True, _("Checking order {number}…").format(number=number))
        self._run(lambda s, a: self._door.cancel_preview(s, a, number),
                  lambda plan: self._on_plan(dialog, plan), lambda exc: self._failed(dialog, exc))

    def _on_plan(self, dialog: CancelDialogPort, plan: CancelPlan) -> None:
        if dialog is not self._dialog:
            return  # a dialog closed since
        self._plan, self._busy = plan, False
        dialog.show_busy(False)
        dialog.show_plan(worded(plan, self._money))

    def confirm(self) -> None:
        plan = self._plan
        if plan is None or self._busy:
            return
        if plan.needs_manager:
            self._ask_approval(Decision(
                _("Cancel order {number}").format(number=plan.order_number), _("Approve"),
                _("Refunds {amount} to the original payment.").format(
                    amount=self._money(plan.refund, plan.currency)),
                binding=cancel_binding(plan.order_id, plan.refund)), self._cancel_with)
            return
        self._cancel_with(None)

    def _cancel_with(self, approval: Approval | None) -> None:
        plan, dialog = self._plan, self._dialog
        if plan is None or dialog is None:
            return
        self._busy = True
        dialog.show_busy(True, _("Cancelling order {number}…").format(number=plan.order_number))
        order_id: uuid.UUID = plan.order_id
        currency = plan.currency
        self._run(lambda s, a: self._door.cancel(s, a, order_id, approval),
                  lambda done: self._on_done(dialog, done, currency),
                  lambda exc: self._failed(dialog, exc))

    def _on_done(self, dialog: CancelDialogPort, done: Cancelled, currency: str) -> None:
        self._busy, self._plan = False, None
        if dialog is not self._dialog:
            return  # closed meanwhile (signed out): the refund stands, its receipt is queued
        summary = done.summary
        refunded = sum((r.amount for r in summary.refunds), Decimal("0.00"))
        dialog.show_done(_("Order {number} is cancelled: {amount} refunded to the original "
                           "payment, fee {fee} kept (refund {refund_id}). {printing}").format(
            number=summary.order_number, amount=self._money(refunded, currency),
            fee=self._money(summary.restocking_fee, currency), refund_id=summary.return_number,
            printing=done.printing).strip() + self._cash_words(summary, currency))

    def _cash_words(self, summary: ReturnSummary, currency: str) -> str:
        """The cash handed over, where it was rounded to the smallest coin (CAD, AUD)."""
        if not summary.cash_rounding:
            return ""
        cash = sum((r.amount for r in summary.refunds if r.kind is TenderKind.CASH),
                   Decimal("0.00"))
        return " " + _("Cash to hand over: {amount} (cash rounding {rounding})").format(
            amount=self._money(cash + summary.cash_rounding, currency),
            rounding=("+" if summary.cash_rounding > 0 else "")
            + self._money(summary.cash_rounding, currency))

    def _failed(self, dialog: CancelDialogPort, exc: Exception) -> None:
        self._busy = False
        if dialog is not self._dialog:
            return
        dialog.show_busy(False)
        if isinstance(exc, StoreposError):
            dialog.show_error(exc.message)
        else:
            dialog.show_error(_("The order could not be cancelled: something went wrong on this "
                                "till. Nothing was refunded. Try again."))

    def closed(self) -> None:
        self._dialog, self._plan, self._busy = None, None, False
