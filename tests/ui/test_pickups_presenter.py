"""The pickup presenter with a fake view and a fake `PickupsDoor`: no Qt, no database.

`run` is synchronous here, so each step's answer reaches the view before the call returns."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.pickups import NotifyChannel
from storepos.domain.pickups import PickupListStatus as L
from storepos.domain.vocabulary import PickupStatus as S
from storepos.domain.vocabulary import Role, TenderKind
from storepos.services.pickups.api import (
    HandedOver,
    Listing,
    PickupsDoor,
    PickupsServices,
    Scanned,
)
from storepos.services.pickups.handover import HandOverSummary
from storepos.services.pickups.status import PickupRow
from storepos.services.printing.paper import QueuedPaper
from storepos.services.printing.status import Paper, paper_sentence
from storepos.services.returns.types import Payment, TenderMove
from storepos.services.staff.auth import Approval
from storepos.ui.pickups.presenter import Actions, HandOverForm, PickupsPresenter
from storepos.ui.warranty.steps import Place
from storepos.ui.widgets.decision import Decision

PAPER_SENTENCE = paper_sentence([Paper("Pickup receipt P-TOR1-000001-1", "receipt", "queued",
                                       printer_set_up=False)])

UTC = UTC
TORONTO = Place("SoftMoc Eaton Centre", "en_CA", "CAD", "America/Toronto")


def row(status: S = S.READY, *, late: bool = False, due: str = "0.00", number: str = "P-1",
        last: str = "Côté") -> PickupRow:
    listed = L.OVERDUE if late else L(status.value)
    return PickupRow(
        id=uuid.uuid4(), number=number, order_id=uuid.uuid4(), order_number="10000015",
        customer_name=f"Ana {last}", billing_last_name=last, status=status, list_status=listed,
        arrived_at=datetime(2025, 6, 1, 3, 30, tzinfo=UTC), hold_until=date(2025, 6, 15),
        notified_at=None, collected_at=None, sent_back_at=None, days_overdue=3 if late else 0,
        amount_due=Decimal(due),
    )


class FakeView:
    """Records every setter call: `calls["show_status"]` is the list of its arguments."""

    def __init__(self) -> None:
        self.calls: dict[str, list[Any]] = {}

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> None:
            self.calls.setdefault(name, []).append(args[0] if len(args) == 1 else args)
        return record

    def last(self, name: str) -> Any:
        return self.calls[name][-1]


class FakePickupsApi:
    def __init__(self, rows: list[PickupRow]) -> None:
        self.rows = rows
        self.done: list[tuple[str, Any]] = []
        self.fail: Exception | None = None

    def _maybe_fail(self) -> None:
        if self.fail is not None:
            exc, self.fail = self.fail, None
            raise exc

    def load(self, s: Any, a: Any, status: L) -> Listing:
        counts = dict.fromkeys(L, 0)
        for r in self.rows:
            counts[r.list_status] += 1
        return Listing(counts, tuple(r for r in self.rows if r.list_status is status))

    def _move(self, number: str, status: S) -> PickupRow:
        i = next(i for i, r in enumerate(self.rows) if r.number == number)
        self.rows[i] = replace(self.rows[i], status=status, list_status=L(status.value))
        return self.rows[i]

    def scan(self, s: Any, a: Any, code: str) -> Scanned:
        self._maybe_fail()
        found = next(r for r in self.rows if code in (r.number, r.order_number))
        if found.status is S.IN_TRANSIT:
            return Scanned(self._move(found.number, S.ARRIVED), True)
        return Scanned(found, False)

    def mark_ready(self, s: Any, a: Any, number: str) -> PickupRow:
        self.done.append(("ready", number))
        return self._move(number, S.READY)

    def notify(self, s: Any, a: Any, number: str, how: NotifyChannel, note: str) -> PickupRow:
        self._maybe_fail()
        self.done.append(("notify", (number, how, note)))
        return self._move(number, S.NOTIFIED)

    def send_back(self, s: Any, a: Any, number: str) -> PickupRow:
        self.done.append(("send_back", number))
        return self._move(number, S.SENT_BACK)

    def hand_over(self, s: Any, a: Any, number: str, *, id_last_name: str,
                  photo_id_checked: bool, payments: Sequence[Payment],
                  approval: Approval | None, mark_ready_first: bool) -> HandedOver:
        self._maybe_fail()
        kw = {"id_last_name": id_last_name, "photo_id_checked": photo_id_checked,
              "payments": payments, "approval": approval, "mark_ready_first": mark_ready_first}
        self.done.append(("hand_over", (number, kw)))
        picked = self._move(number, S.COLLECTED)
        paid = tuple(TenderMove(p.kind, p.amount, p.kind.value.title()) for p in payments)
        summary = HandOverSummary(
            picked.id, number, picked.order_id, picked.order_number, uuid.uuid4(), "TOR",
            "Eaton Centre", picked.customer_name, (), Decimal("129.95"), Decimal(0), paid, True,
            approval is None, approval.manager_name if approval else None,
            None, "Sam", "TOR1", datetime(2025, 6, 2, tzinfo=UTC), date(2025, 6, 2))
        return HandedOver(summary, QueuedPaper("counter", ("pickup_receipt",), (uuid.uuid4(),),
                                               PAPER_SENTENCE))


def sync_run(action, ok, err) -> None:  # type: ignore[no-untyped-def]
    try:
        result = action(None, None)
    except Exception as exc:  # noqa: BLE001 - the presenter decides what to show
        err(exc)
    else:
        ok(result)


def make(rows: list[PickupRow], role: Role = Role.CASHIER, approvals: list[Decision] | None = None,
         ) -> tuple[PickupsPresenter, FakeView, FakePickupsApi]:
    view, api = FakeView(), FakePickupsApi(rows)
    boss = Approval(uuid.uuid4(), "101", "Olivia Wang", "Married name", datetime.now(UTC))

    def approve(prompt: Decision, on_approved: Any) -> None:
        if approvals is not None:
            approvals.append(prompt)
            on_approved(boss)

    presenter = PickupsPresenter(view, sync_run, TORONTO, lambda: role, approve,
                                 api)
    return presenter, view, api


def test_the_list_shows_counts_formatted_lines_and_what_may_be_done() -> None:
    presenter, view, _ = make([row(S.READY, due="129.95"), row(S.NOTIFIED, late=True,
                                                                number="P-2")])
    presenter.start()
    labels, current = view.last("show_tabs")
    assert labels[2] == "Ready (1)" and labels[4] == "Overdue (1)" and current == 2
    (line,) = view.last("show_lines")
    assert line.to_pay == "$129.95" and line.hold_until == "Jun 15, 2025"
    assert line.arrived == "May 31, 2025"  # 03:30 UTC is the evening before in Toronto
    assert view.last("show_actions") == Actions(notify=True, hand_over=True)
    presenter.show_tab(4)
    (late,) = view.last("show_lines")
    assert late.status == "Overdue, 3 days" and late.late
    # a reminder or the hand-over; a cashier does not send back
    assert view.last("show_actions") == Actions(notify=True, hand_over=True)


def test_roles_decide_the_buttons() -> None:
    presenter, view, _ = make([row(S.NOTIFIED, late=True)], role=Role.STOCK)
    presenter.show_tab(4)
    assert view.last("show_actions") == Actions(notify=True, send_back=True)


def test_an_empty_tab_says_so() -> None:
    presenter, view, _ = make([])
    presenter.start()
    assert view.last("show_empty") == "No pickups ready and waiting to be notified."
    assert view.last("show_actions") == Actions()


def test_scanning_in_transit_marks_it_arrived_and_shows_its_tab() -> None:
    presenter, view, api = make([row(S.IN_TRANSIT)])
    presenter.start("10000015")
    assert api.rows[0].status is S.ARRIVED
    assert "arrived: held for Ana Côté until Jun 15, 2025" in view.last("show_status")
    assert view.last("show_tabs")[1] == 1  # the Arrived tab
    assert "open_hand_over" not in view.calls and view.calls["clear_scan"]


def test_scanning_a_waiting_pickup_opens_the_hand_over() -> None:
    presenter, view, _ = make([row(S.ARRIVED, due="129.95")])
    presenter.scan(" P-1 ")
    info = view.last("open_hand_over")
    assert info.amount_due == "$129.95" and "marks it ready first" in info.note
    assert [kind for kind, _ in info.methods][:2] == [TenderKind.CASH, TenderKind.CARD]


def test_an_empty_scan_and_a_service_refusal_are_said_in_words() -> None:
    presenter, view, api = make([row()])
    presenter.scan("   ")
    assert view.last("show_error") == "Scan or type the pickup number or the order number."
    api.fail = InvalidInput("P-TOR1-000001-8 is not a valid number: check the last digit.")
    presenter.scan("P-TOR1-000001-8")
    assert "check the last digit" in view.last("show_error")
    assert view.last("show_busy") is False


def test_mark_ready_and_notify() -> None:
    presenter, view, api = make([row(S.ARRIVED)])
    presenter.show_tab(1)
    presenter.mark_ready()
    assert api.done == [("ready", "P-1")] and "ready on the shelf" in view.last("show_status")
    presenter.show_tab(2)
    presenter.open_notify()
    assert "How was Ana Côté told" in view.last("open_notify")[0]
    presenter.notify(None, "")
    assert "Choose how" in view.last("show_notify_error")
    api.fail = InvalidInput("Don't type a card number in the note; describe the call in words.")
    presenter.notify(NotifyChannel.PHONE, "4242 4242 4242 4242")
    assert "card number" in view.last("show_notify_error") and "close_notify" not in view.calls
    presenter.notify(NotifyChannel.PHONE, "left a voicemail")
    assert api.done[-1] == ("notify", ("P-1", NotifyChannel.PHONE, "left a voicemail"))
    assert view.calls["close_notify"] and "by phone" in view.last("show_status")


def test_hand_over_checks_the_form_before_asking_the_service() -> None:
    presenter, view, api = make([row(S.NOTIFIED, due="129.95")])
    presenter.show_tab(3)
    presenter.open_hand_over()
    presenter.hand_over(HandOverForm("Côté", photo_id_checked=False))
    assert "Photo ID checked" in view.last("show_hand_over_error")
    presenter.hand_over(HandOverForm("  ", photo_id_checked=True))
    assert "last name shown on the photo ID" in view.last("show_hand_over_error")
    presenter.hand_over(HandOverForm("Cote", photo_id_checked=True))
    assert "has $129.95 to pay: choose how" in view.last("show_hand_over_error")
    assert api.done == []


def test_hand_over_takes_the_amount_due_and_keeps_the_dialog_on_a_refusal() -> None:
    presenter, view, api = make([row(S.NOTIFIED, due="129.95")])
    presenter.show_tab(3)
    presenter.open_hand_over()
    form = HandOverForm("cote", True, TenderKind.CARD, "VISA", "4242", "", "")
    api.fail = InvalidInput("Type the authorisation reference from the card terminal's slip.")
    presenter.hand_over(form)
    assert "authorisation reference" in view.last("show_hand_over_error")
    assert "close_hand_over" not in view.calls
    presenter.hand_over(replace(form, reference="AUTH77"))
    _number, kw = api.done[-1][1]
    (payment,) = kw["payments"]
    assert payment.amount == Decimal("129.95") and payment.reference == "AUTH77"
    assert payment.card_last4 == "4242" and kw["approval"] is None
    assert view.calls["close_hand_over"]
    assert "handed over to Ana Côté. Paid $129.95 by Card." in view.last("show_status")
    assert view.last("show_status").endswith(f"Card. {PAPER_SENTENCE}")  # the queue's own words


def test_a_name_mismatch_needs_a_manager() -> None:
    approvals: list[Decision] = []
    presenter, view, api = make([row(S.READY)], approvals=approvals)
    presenter.start()
    presenter.open_hand_over()
    presenter.hand_over(HandOverForm("Tremblay", True))
    assert "does not match the name on order 10000015 (Côté)" in view.calls[
        "show_hand_over_error"][0]
    assert approvals[0].title == "Hand over order 10000015 to Tremblay"
    assert approvals[0].button == "Hand over" and "billing name is Côté" in approvals[0].details
    kw = api.done[-1][1][1]
    assert kw["approval"].manager_name == "Olivia Wang" and kw["payments"] == ()
    assert "Name approved by Olivia Wang." in view.last("show_status")


@pytest.mark.parametrize("status", [S.COLLECTED, S.SENT_BACK])
def test_scanning_a_finished_pickup_only_shows_it(status: S) -> None:
    presenter, view, _ = make([row(status)])
    presenter.scan("P-1")
    assert "open_hand_over" not in view.calls and "P-1 was" in view.last("show_status")


def test_send_back() -> None:
    presenter, view, api = make([row(S.NOTIFIED, late=True)], role=Role.MANAGER)
    presenter.show_tab(4)
    presenter.send_back()
    assert api.done == [("send_back", "P-1")]
    assert "send-back list" in view.calls["show_status"][-1]


def test_the_fake_and_the_real_door_are_both_a_pickups_api() -> None:
    """The presenter takes one typed door: what these tests fake is what the services offer."""
    assert isinstance(PickupsServices(), PickupsDoor)
    assert isinstance(FakePickupsApi([]), PickupsDoor)
