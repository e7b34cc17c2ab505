"""The warranty presenters with a fake view and a fake `WarrantyDoor`: no Qt, no database.

`run` is synchronous here, so each step's answer reaches the view before the call returns."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.policy import Inspection as Found
from storepos.domain.vocabulary import Resolution as R  # noqa: N817 - short in the tables below
from storepos.domain.vocabulary import Role
from storepos.domain.vocabulary import WarrantyStatus as W
from storepos.domain.warranty import ClaimRefused, DefectCategory
from storepos.services.base.order_lookup import LineView, OrderView
from storepos.services.printing.paper import QueuedPaper
from storepos.services.printing.status import Paper, paper_sentence
from storepos.services.staff.auth import Approval
from storepos.services.warranty.api import (
    ClaimFile,
    Decided,
    Inspection,
    WarrantyDoor,
    WarrantyServices,
)
from storepos.services.warranty.types import (
    ClaimItem,
    ClaimOptions,
    ClaimPhoto,
    ClaimTicket,
    ClaimView,
    PhotoInfo,
)
from storepos.ui.warranty.presenter import WarrantyPresenter, ticket_info
from storepos.ui.warranty.queue_presenter import QueuePresenter
from storepos.ui.warranty.steps import Place
from storepos.ui.widgets.decision import Decision

PAPER_SENTENCE = paper_sentence([Paper("Warranty ticket W-1", "receipt", "queued", printer_set_up=False)])

UTC = UTC
TORONTO = Place("SoftMoc Eaton Centre", "en_CA", "CAD", "America/Toronto")
BOOT = ClaimItem("Timberland 6-inch Premium Boot, Wheat, size 10", upc="123", colour="Wheat",
                 size="10", variant_id=uuid.uuid4(), line_no=1, paid=Decimal("140.00"))
FORM = Inspection(DefectCategory.SOLE_SEPARATION, "Sole lifting at the toe", True, False, False)


def claim(status: W = W.OPEN, *, number: str = "W-1", order: bool = True,
          inspected: bool = False) -> ClaimView:
    found = Found(defect_confirmed=inspected, wear_and_tear=False, misuse=False)
    return ClaimView(
        id=uuid.uuid4(), number=number, status=status, store_id=uuid.uuid4(),
        created_at=datetime(2025, 2, 9, 17, tzinfo=UTC), order_id=uuid.uuid4() if order else None,
        order_number="W123" if order else None, order_line_id=None,
        placed_on=date(2025, 1, 10) if order else None, customer_name="Ana Côté" if order else "",
        proof_of_purchase="" if order else "Receipt 4471, 3 Jan 2025",
        item=BOOT if order else ClaimItem("Blundstone 500, brown, size 9"),
        defect_category=DefectCategory.SOLE_SEPARATION if inspected else None,
        notes="Sole lifting at the toe" if inspected else "", inspection=found,
        findings=("Defect confirmed",) if inspected else (), inspected_by="Sam" if inspected
        else None, photo_count=1, outcome=None, decided_by=None, decided_at=None,
        decision_reason=None)


def options(allowed: tuple[R, ...] = (R.REFUND, R.REPLACEMENT), *, order: bool = True,
            on_hand: int = 2) -> ClaimOptions:
    return ClaimOptions("W-1", "softmoc", date(2025, 2, 9), order, allowed,
                        ("Refund or replacement allowed: day 30 of 75.",), Decimal("140.00"),
                        not allowed, BOOT.variant_id if order else None,
                        "Timberland 6-inch Premium Boot, Wheat, size 10", on_hand, "SoftMoc")


def ticket(status: W = W.COMPLETED, outcome: R | None = R.REPLACEMENT, **kw: Any) -> ClaimTicket:
    return ClaimTicket(
        claim_number="W-1", status=status, store_code="TOR", store_name="Eaton Centre",
        created_at=datetime(2025, 2, 9, tzinfo=UTC), order_number="W123", proof_of_purchase="",
        purchased_on=date(2025, 1, 10), customer_name="Ana Côté", item=BOOT,
        defect="Sole separation", notes="Sole lifting", findings=("Defect confirmed",),
        inspected_by="Sam", photo_count=1, allowed=(R.REFUND, R.REPLACEMENT),
        policy_reasons=(), outcome=outcome, overridden=False, decision_reason="Clear defect",
        decided_by="Olivia Wang", decided_at=datetime(2025, 2, 9, 18, tzinfo=UTC), **kw)


class FakeView:
    def __init__(self) -> None:
        self.calls: dict[str, list[Any]] = {}

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> None:
            self.calls.setdefault(name, []).append(args[0] if len(args) == 1 else args)
        return record

    def last(self, name: str) -> Any:
        return self.calls[name][-1]


class FakeWarrantyApi:
    def __init__(self) -> None:
        self.claims: dict[str, ClaimView] = {}
        self.done: list[tuple[str, Any]] = []
        self.fail: Exception | None = None
        self.options_for = options()

    def _maybe_fail(self) -> None:
        if self.fail is not None:
            exc, self.fail = self.fail, None
            raise exc

    def recent(self, s: Any, a: Any) -> tuple[ClaimView, ...]:
        return tuple(self.claims.values())

    def find_order(self, s: Any, a: Any, number: str, last: str) -> OrderView:
        self._maybe_fail()
        line = LineView(uuid.uuid4(), 1, uuid.uuid4(), "123", "Timberland", "6-inch Boot",
                        "Wheat", "10", 1, 0, Decimal("140.00"), Decimal("140.00"), frozenset(),
                        frozenset(), frozenset())
        gone = replace(line, line_no=2, quantity_returned=1)
        return OrderView(uuid.uuid4(), number, "store", "in_store", last, None,  # type: ignore[arg-type]
                         date(2025, 1, 10), None, None, Decimal(0), False, None, None,
                         (line, gone), ())

    def open_from_order(self, s: Any, a: Any, order_id: Any, line_no: int) -> ClaimFile:
        self._maybe_fail()
        self.claims["W-1"] = claim()
        return ClaimFile(self.claims["W-1"], ())

    def open_from_proof(self, s: Any, a: Any, proof: str, item: str) -> ClaimFile:
        self._maybe_fail()
        self.claims["W-2"] = claim(number="W-2", order=False)
        return ClaimFile(self.claims["W-2"], ())

    def claim(self, s: Any, a: Any, number: str) -> ClaimFile:
        self._maybe_fail()
        return ClaimFile(self.claims[number], ("sole.jpg",))

    def save(self, s: Any, a: Any, number: str, form: Inspection) -> ClaimView:
        self._maybe_fail()
        self.done.append(("save", form))
        return self.claims[number]

    def attach(self, s: Any, a: Any, number: str, path: str | Path) -> PhotoInfo:
        if "big" in str(path):
            raise InvalidInput(f"{path} is 6.0 MB; a claim photo can be at most 5.0 MB.")
        return PhotoInfo(uuid.uuid4(), number, str(path), "image/jpeg", 10)

    def submit(self, s: Any, a: Any, number: str, form: Inspection) -> Decided:
        self._maybe_fail()
        self.done.append(("submit", form))
        self.claims[number] = replace(self.claims[number], status=W.SUBMITTED)
        return Decided(ticket(W.SUBMITTED, None), None)

    def queue(self, s: Any, a: Any) -> tuple[ClaimView, ...]:
        return tuple(c for c in self.claims.values() if c.status is W.SUBMITTED)

    def options(self, s: Any, a: Any, number: str) -> ClaimOptions:
        return self.options_for

    def photos(self, s: Any, a: Any, number: str) -> tuple[ClaimPhoto, ...]:
        return (ClaimPhoto(uuid.uuid4(), "sole.jpg", "image/jpeg", b"\xff\xd8jpeg",
                           datetime(2025, 2, 9, 17, tzinfo=UTC)),)

    def approve(self, s: Any, a: Any, number: str, outcome: R, approval: Approval, *,
                override: bool, credit_amount: Decimal | None) -> Decided:
        self._maybe_fail()
        kw = {"override": override, "credit_amount": credit_amount}
        self.done.append(("approve", (outcome, approval.reason, kw)))
        extra: dict[str, Any] = {
            "gift_card_number": "G-TOR1-000009-1",
            "gift_card_amount": credit_amount or Decimal("140.00"),
        } if outcome is R.STORE_CREDIT else {}
        return Decided(ticket(outcome=outcome, **extra),
                       QueuedPaper("counter", (), (), PAPER_SENTENCE))

    def deny(self, s: Any, a: Any, number: str, approval: Approval) -> Decided:
        self.done.append(("deny", approval.reason))
        return Decided(ticket(W.DENIED, None), QueuedPaper("counter", (), ()))

    def ticket(self, s: Any, a: Any, number: str) -> Decided:
        return Decided(ticket(), None)

    def print_ticket(self, s: Any, a: Any, number: str) -> Decided:
        self.done.append(("print_ticket", number))
        return Decided(ticket(), QueuedPaper("counter", (), (), PAPER_SENTENCE))

    def report_pdf(self, s: Any, a: Any, number: str) -> bytes:
        self.done.append(("report_pdf", number))
        return b"%PDF-1.4"

    def repair_done(self, s: Any, a: Any, number: str) -> Decided:
        self.done.append(("repair_done", number))
        return Decided(ticket(W.COMPLETED, R.REPAIR),
                       QueuedPaper("counter", (), (), PAPER_SENTENCE))


def sync_run(action, ok, err) -> None:  # type: ignore[no-untyped-def]
    try:
        result = action(None, None)
    except Exception as exc:  # noqa: BLE001 - the presenter decides what to show
        err(exc)
    else:
        ok(result)


class World:
    def __init__(self, role: Role = Role.CASHIER) -> None:
        self.view, self.api = FakeView(), FakeWarrantyApi()
        self.home: list[bool] = []
        self.prompts: list[tuple[Decision, str]] = []
        self.presenter = WarrantyPresenter(self.view, sync_run, TORONTO, lambda: role,
                                           lambda: self.home.append(True),
                                           self.api)
        self.queue = QueuePresenter(self.view, sync_run, TORONTO, lambda: role, self.approve,
                                    lambda done, words: self.presenter.show_decided(
                                        done, words, "queue"),
                                    self.api)
        self.presenter.open_queue = self.queue.open

    def approve(self, prompt: Decision, reason: str, on_approved: Any) -> None:
        self.prompts.append((prompt, reason))
        on_approved(Approval(uuid.uuid4(), "101", "Olivia Wang", reason or "Typed reason",
                             datetime.now(UTC)))


def test_open_from_an_order_inspect_and_submit() -> None:
    w = World()
    w.presenter.start()
    w.presenter.open_from_order(1)
    assert "Find the order first" in w.view.last("show_error")
    w.presenter.find_order("W123", "cote")
    found = w.view.last("show_order")
    assert found.heading.startswith("Order W123, cote, bought Jan 10, 2025")
    assert [(c.line_no, c.can_claim) for c in found.lines] == [(1, True), (2, False)]
    assert found.lines[1].text.endswith("(already came back)")
    w.presenter.open_from_order(1)
    assert w.view.last("show_page") == "inspection" and w.view.calls["clear_open_forms"]
    heading, form, photos = w.view.last("show_claim")
    assert heading.number == "W-1" and "bought Jan 10, 2025" in heading.details[1]
    assert form.category is None and photos == []

    w.presenter.submit()
    assert "Choose the defect" in w.view.last("show_error")
    w.presenter.form_changed(FORM)
    w.presenter.attach_photos(["toe.jpg", "big.jpg", "heel.jpg"])
    assert w.view.calls["add_photo"] == ["toe.jpg", "heel.jpg"]
    assert "big.jpg is 6.0 MB" in w.view.last("show_error")
    w.presenter.submit()
    assert w.api.done == [("submit", FORM)]
    assert w.view.last("show_page") == "ticket"
    assert "managers' queue" in w.view.last("show_status")
    assert dict(w.view.last("show_ticket").rows)["Status"] == "Submitted to a manager"


def test_what_is_typed_is_kept_as_a_draft_until_saved() -> None:
    w = World()
    w.presenter.open_from_proof("Receipt 4471", "Blundstone 500, brown, size 9")
    heading, _, _ = w.view.last("show_claim")
    assert heading.details[1] == "Proof of purchase: Receipt 4471, 3 Jan 2025"
    w.presenter.form_changed(FORM)
    w.presenter.back()
    assert "what you typed is kept" in w.view.last("show_status")
    assert w.view.last("show_page") == "start"
    w.presenter.open_claim("W-2")
    _, form, photos = w.view.last("show_claim")
    assert form == FORM and photos == ["sole.jpg"]
    w.api.fail = InvalidInput("Keep the notes under 1792 characters.")
    w.presenter.save()
    assert "under 1792" in w.view.last("show_error") and w.presenter.draft("W-2") == FORM
    w.presenter.save()
    assert w.presenter.draft("W-2") is None and "saved" in w.view.last("show_status")
    w.presenter.back()
    w.presenter.back()
    assert w.home == [True]


def test_a_decided_claim_opens_its_ticket() -> None:
    w = World()
    w.api.claims["W-1"] = claim(W.COMPLETED)
    w.presenter.open_claim(" W-1 ")
    assert w.view.last("show_page") == "ticket"
    rows = dict(w.view.last("show_ticket").rows)
    assert rows["Outcome"] == "Replacement" and rows["Bought on"] == "Jan 10, 2025"
    w.presenter.open_claim("")
    assert "Scan the claim ticket" in w.view.last("show_error")


def test_the_queue_shows_what_the_policy_allows() -> None:
    w = World(Role.MANAGER)
    w.api.claims["W-1"] = claim(W.SUBMITTED, inspected=True)
    w.presenter.start()
    assert w.view.last("show_queue_button") == (True, 1)
    w.presenter.to_queue()
    assert w.view.last("show_page") == "queue" and w.presenter.page == "queue"
    (line,) = w.view.last("show_queue")
    assert line.status == "Defect confirmed"
    info = w.view.last("show_decision")
    assert info.policy[0] == "The SoftMoc policy allows refund or replacement."  # its title, not its file
    by = {c.outcome: c for c in info.outcomes}
    assert by[R.REFUND].label == "Refund $140.00" and by[R.REFUND].allowed
    assert "(2 in stock)" in by[R.REPLACEMENT].label and by[R.REPLACEMENT].possible
    assert not by[R.STORE_CREDIT].allowed and by[R.STORE_CREDIT].possible
    assert not info.must_override and not info.needs_amount
    assert "Inspected by Sam; 1 photo." in info.summary
    assert [p.filename for p in info.photos] == ["sole.jpg"]
    w.presenter.back()
    assert w.view.last("show_page") == "start"


def test_a_cashier_has_no_queue() -> None:
    w = World(Role.CASHIER)
    w.presenter.start()
    assert w.view.last("show_queue_button") == (False, 0)
    w.queue.open()
    assert "Only a manager" in w.view.last("show_error")


def test_approve_within_the_policy() -> None:
    w = World(Role.MANAGER)
    w.api.claims["W-1"] = claim(W.SUBMITTED, inspected=True)
    w.queue.open()
    w.queue.approve(None, False)
    assert "Choose the outcome" in w.view.last("show_decision_error")
    w.queue.approve(R.STORE_CREDIT, False)
    assert "allows refund or replacement, not store credit" in w.view.last(
        "show_decision_error")
    assert w.prompts == []
    w.queue.approve(R.REPLACEMENT, False)
    prompt, reason = w.prompts[-1]
    assert prompt.title == "Approve warranty claim W-1: replacement"
    assert prompt.button == "Approve replacement"
    assert reason == "Sole separation confirmed at inspection"
    assert w.api.done[-1][0] == "approve"
    assert w.api.done[-1][1][2] == {"override": False, "credit_amount": None}
    assert w.view.last("show_page") == "ticket"
    assert w.view.last("show_status").endswith(f"approved: replacement. {PAPER_SENTENCE}")
    w.presenter.back()  # back to the queue it came from
    assert w.view.last("show_page") == "queue"


def test_an_override_and_a_claim_without_an_order() -> None:
    w = World(Role.MANAGER)
    w.api.claims["W-2"] = claim(W.SUBMITTED, number="W-2", order=False, inspected=True)
    w.api.options_for = options((), order=False, on_hand=0)
    w.queue.open()
    info = w.view.last("show_decision")
    assert info.must_override and info.needs_amount
    by = {c.outcome: c for c in info.outcomes}
    assert not by[R.REFUND].possible and by[R.REFUND].why_not == "needs the order on file"
    w.queue.approve(R.REFUND, True)
    assert "not possible: needs the order on file" in w.view.last("show_decision_error")
    w.queue.approve(R.STORE_CREDIT, True, "lots")
    assert "Type the store credit amount" in w.view.last("show_decision_error")
    for typed, words in (("1e3", "Type the store credit amount"), ("12,34,5", "groups of three"),
                         ("-5", "minus"), ("89.999", "two decimals"), ("0", "Type the store")):
        w.queue.approve(R.STORE_CREDIT, True, typed)  # "1e3" was read as 1,000.00
        assert words in w.view.last("show_decision_error"), typed
        assert w.prompts == [] and w.api.done == []
    w.queue.approve(R.STORE_CREDIT, False, "89.99")  # the override box left as it opened
    assert w.view.last("show_decision_error") == (
        "No order on file: tick \u201cOutside the policy (override)\u201d to approve store credit.")
    assert w.prompts == [] and w.api.done == []
    w.queue.approve(R.STORE_CREDIT, True, "89.99")  # the manager ticks it
    outcome, _, kw = w.api.done[-1][1]
    assert outcome is R.STORE_CREDIT and kw == {"override": True,
                                                "credit_amount": Decimal("89.99")}
    prompt, reason = w.prompts[-1]
    assert prompt.title == "Override the policy on warranty claim W-2: store credit"
    assert prompt.button == "Override: store credit" and reason == ""
    assert "gift card G-TOR1-000009-1 with $89.99" in w.view.last("show_status")


def test_a_refused_decision_stays_on_the_queue_in_words() -> None:
    w = World(Role.MANAGER)
    w.api.claims["W-1"] = claim(W.SUBMITTED, inspected=True)
    w.queue.open()
    w.api.fail = ClaimRefused("No Timberland 6-inch Premium Boot size 10 left in stock.")
    w.queue.approve(R.REPLACEMENT, False)
    assert "left in stock" in w.view.last("show_decision_error")
    assert w.view.last("show_page") == "queue"
    w.queue.deny()
    assert w.prompts[-1][0].title == "Deny warranty claim W-1"
    assert w.prompts[-1][0].button == "Deny claim"
    assert w.api.done[-1][0] == "deny" and "denied" in w.view.last("show_status")


@pytest.mark.parametrize(("outcome", "row", "words"), [
    (R.REFUND, "Refunded", "$140.00 to the original payment (return R-TOR1-000004-1)"),
    (R.STORE_CREDIT, "Gift card", "G-TOR1-000009-1: $140.00"),
])
def test_ticket_words(outcome: R, row: str, words: str) -> None:
    t = ticket(outcome=outcome, refunded=Decimal("140.00") if outcome is R.REFUND else None,
               refund_return_number="R-TOR1-000004-1" if outcome is R.REFUND else None,
               gift_card_number="G-TOR1-000009-1" if outcome is R.STORE_CREDIT else None,
               gift_card_amount=Decimal("140.00") if outcome is R.STORE_CREDIT else None)
    rows = dict(ticket_info(t, TORONTO).rows)
    assert rows[row] == words and rows["Decided by"] == "Olivia Wang, Feb 9, 2025"
    repair = ticket_info(ticket(W.APPROVED, R.REPAIR), TORONTO)
    assert repair.can_complete_repair


def test_the_fake_and_the_real_door_are_both_a_warranty_api() -> None:
    """Both presenters take one typed door: what these tests fake is what the services offer."""
    assert isinstance(WarrantyServices(), WarrantyDoor)
    assert isinstance(FakeWarrantyApi(), WarrantyDoor)
