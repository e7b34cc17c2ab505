"""The cancel dialog's presenter with a fake door and a fake dialog: nothing is written before the
cashier confirms, a refusal stays in words, a large refund asks a manager first and the approval
travels to the service, and an unexpected failure says nothing was refunded."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from storepos.domain.vocabulary import Reason, Resolution, TenderKind
from storepos.services.orders.api import Cancelled, CancelNotAllowed, CancelPlan
from storepos.services.orders.cancel import CancelLine
from storepos.services.returns.types import ReturnSummary, SummaryLine, TenderMove
from storepos.services.staff.approvals import ORDER_CANCEL, Approval
from storepos.ui.orders.cancel_presenter import CancelPresenter, CancelShown
from storepos.ui.widgets.decision import Decision

D = Decimal
ORDER = uuid.uuid4()


def plan(refund: str = "96.00", *, needs_manager: bool = False) -> CancelPlan:
    paid = D(refund) / D("0.8")
    return CancelPlan(ORDER, "W1001", "Côté", "Shoe of the Week", "AUD",
                      (CancelLine(1, "Runner, size 9", 1, paid, paid - D(refund), D(refund),
                                  ("Refund allowed (Shoe of the Week: Order Cancellations).",)),),
                      (TenderMove(TenderKind.CARD, D(refund), "VISA ••••4242"),), D("0.00"),
                      D("0.00"), needs_manager)


def summary(refund: str = "96.00") -> ReturnSummary:
    line = SummaryLine(1, "Runner, size 9", "", "", "9", 1, Reason.CHANGE_OF_MIND,
                       Resolution.REFUND, D(refund), D("24.00"), (), (), None, None, None)
    return ReturnSummary(
        return_id=uuid.uuid4(), return_number="R-T1-000001-1", order_id=ORDER,
        order_number="W1001", completed_at=datetime.now(UTC), store_id=uuid.uuid4(),
        till_prefix="T1", employee_name="Ana", customer_name="Côté", policy="shoeoftheweek",
        lines=(line,), refunds=(TenderMove(TenderKind.CARD, D(refund), "VISA ••••4242"),),
        collected=(), restocking_fee=D("24.00"), shipping_charged=D("0.00"),
        shipping_refunded=D("0.00"), unpaid_not_refunded=D("0.00"), store_credit_balance=None)


class Door:
    def __init__(self, preview: Any) -> None:
        self.preview, self.cancelled_with = preview, []  # type: ignore[var-annotated]
        self.answer: Any = Cancelled(summary(), "Refund receipt R-T1-000001-1 printed.")

    def cancel_preview(self, session: Any, actor: Any, number: str) -> CancelPlan:
        if isinstance(self.preview, Exception):
            raise self.preview
        assert number == "W1001"
        return self.preview  # type: ignore[no-any-return]

    def cancel(self, session: Any, actor: Any, order_id: uuid.UUID,
               approval: Approval | None) -> Cancelled:
        self.cancelled_with.append((order_id, approval))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer  # type: ignore[no-any-return]


class Dialog:
    def __init__(self) -> None:
        self.shown: CancelShown | None = None
        self.busy, self.error, self.done = False, "", ""

    def show_plan(self, shown: CancelShown) -> None:
        self.shown = shown

    def show_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy

    def show_error(self, text: str) -> None:
        self.error = text

    def show_done(self, text: str) -> None:
        self.done = text


def inline(action, on_success, on_failure) -> None:  # type: ignore[no-untyped-def]
    try:
        result = action(None, None)
    except Exception as exc:  # noqa: BLE001 - handed to the presenter, as the runner does
        on_failure(exc)
        return
    on_success(result)


def world(door: Door) -> tuple[CancelPresenter, Dialog, list[Decision]]:
    dialog, asked = Dialog(), []  # type: ignore[var-annotated]
    yes = Approval(uuid.uuid4(), "2002", "Sam", "Customer moved", datetime.now(UTC))

    def ask(what: Decision, on_approved: Any) -> None:
        asked.append(what)
        on_approved(yes)

    presenter = CancelPresenter(inline, door, money=lambda v, c: f"{c} {v}", ask_approval=ask,
                                open_dialog=lambda: dialog)
    return presenter, dialog, asked


def test_shows_the_plan_and_cancels_only_when_confirmed() -> None:
    door = Door(plan())
    presenter, dialog, asked = world(door)
    presenter.start("W1001")
    assert dialog.shown is not None and door.cancelled_with == []
    assert dialog.shown.totals == (("Paid for the items", "AUD 120.00"),
                                   ("Cancellation fee (Shoe of the Week)", "AUD -24.00"),
                                   ("Refund", "AUD 96.00"))
    assert dialog.shown.lines[0][2] == ("Refund allowed (Shoe of the Week: Order Cancellations).",)
    presenter.confirm()
    assert door.cancelled_with == [(ORDER, None)] and asked == []
    assert dialog.done.startswith("Order W1001 is cancelled: AUD 96.00 refunded to the original "
                                  "payment, fee AUD 24.00 kept (refund R-T1-000001-1).")
    presenter.confirm()  # a second press after it is done does nothing
    assert len(door.cancelled_with) == 1


def test_a_refusal_is_said_and_nothing_is_cancelled() -> None:
    door = Door(CancelNotAllowed("Order W1001 left the warehouse on Dec 1, 2026, so it can no "
                                 "longer be cancelled."))
    presenter, dialog, _ = world(door)
    presenter.start("W1001")
    assert dialog.error.startswith("Order W1001 left the warehouse") and dialog.shown is None
    presenter.confirm()
    assert door.cancelled_with == []


def test_a_large_refund_asks_a_manager_and_carries_the_approval() -> None:
    door = Door(plan("400.00", needs_manager=True))
    presenter, dialog, asked = world(door)
    presenter.start("W1001")
    assert dialog.shown is not None and "manager" in dialog.shown.note
    presenter.confirm()
    [what] = asked
    assert what.binding is not None and what.binding.purpose == ORDER_CANCEL
    assert (what.binding.subject, what.binding.amount) == (str(ORDER), D("400.00"))
    [(order_id, approval)] = door.cancelled_with
    assert order_id == ORDER and approval is not None and approval.manager_number == "2002"


def test_an_unexpected_failure_says_nothing_was_refunded() -> None:
    door = Door(plan())
    door.answer = RuntimeError("disk full")
    presenter, dialog, _ = world(door)
    presenter.start("W1001")
    presenter.confirm()
    assert "Nothing was refunded" in dialog.error and "disk full" not in dialog.error
