"""ReturnsPresenter alone: a fake view, a fake returns door and a runner the test steps by hand.

No database and no widgets: what the presenter asks the services, and what it tells the view,
including answers that come back late (a newer change wins) and errors said in words.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from storepos.domain.errors import InvalidInput
from storepos.domain.policy import ItemDecision
from storepos.domain.policy.reasons import Explanation, Why
from storepos.domain.vocabulary import (
    Channel,
    Fulfillment,
    Resolution,
    ReturnStatus,
    StoreKind,
    TenderKind,
)
from storepos.services.base.order_lookup import (
    LineView,
    OrderView,
    ReturnRef,
    TenderView,
)
from storepos.services.printing.status import Paper, paper_sentence
from storepos.services.returns.api import (
    Completed,
    ExchangeOption,
    LoadedOrder,
    QueuedJob,
    ReceiptPreview,
    ReturnsDoor,
)
from storepos.services.returns.complete import ReturnRefused
from storepos.services.returns.eligibility import (
    LineEligibility,
    OrderEligibility,
    StoreContext,
)
from storepos.services.returns.types import (
    PlannedExchange,
    PlannedLine,
    ReturnPlan,
    ReturnRequest,
    ReturnSummary,
    SummaryLine,
    TenderMove,
)
from storepos.services.staff.auth import Approval
from storepos.ui.returns.presenter import ReturnsPresenter, looks_like_return_id

D = Decimal
ALL = (Resolution.REFUND, Resolution.EXCHANGE, Resolution.STORE_CREDIT)

NO_PRINTER_SENTENCE = paper_sentence([Paper("Refund receipt R-TOR1-000001-5", "receipt", "queued",
                                            printer_set_up=False)])


# -- the order the fakes know ----------------------------------------------------------------
def line(no: int, paid: str, qty: int = 1, returned: int = 0) -> LineView:
    return LineView(uuid.uuid4(), no, uuid.uuid4(), f"06000000{no}", "Blundstone", f"Boot {no}",
                    "Brown", "9", qty, returned, D(paid), D(paid), frozenset(), frozenset(), frozenset())


CARD = TenderView(uuid.uuid4(), TenderKind.CARD, D("300.00"), "VISA", "4242", "A1", None, None)


def order(*lines: LineView, shipping: str = "0.00", matched: ReturnRef | None = None) -> OrderView:
    return OrderView(uuid.uuid4(), "10000042", Channel.ONLINE, Fulfillment.SHIP_TO_HOME, "Côté",
                     uuid.uuid4(), date(2025, 1, 5), date(2025, 1, 6), date(2025, 1, 9), D(shipping),
                     False, None, None, tuple(lines), (CARD,), matched)


def best_case(o: OrderView) -> OrderEligibility:
    store = StoreContext(uuid.uuid4(), "TOR", "Toronto", StoreKind.RETAIL, "softmoc", "America/Toronto")
    lines = []
    for ln in o.lines:
        allowed = Explanation(Why.ALLOWED, "SoftMoc", "", {"allow": ALL, "windows": ()})
        decision = ItemDecision(ALL, D("0.00"), ln.paid, (allowed,))
        units = (decision,) if ln.remaining else ()
        lines.append(LineEligibility(ln, ln.remaining, (ln.paid,) if units else (), units, ln.paid,
                                     D("0.00"), "Refund, exchange or store credit allowed (SoftMoc policy)."))
    return OrderEligibility(o, store, date(2025, 1, 12), "softmoc", tuple(lines), D("0.00"), False)


def allowed_for(req_line: Any) -> tuple[Resolution, ...]:
    """The fake policy: box and proof for exchange or credit; the card as well for a refund."""
    c = req_line.condition
    if not (c.original_box and c.proof_of_purchase and not c.worn):
        return ()
    return ALL if c.original_card else (Resolution.EXCHANGE, Resolution.STORE_CREDIT)


@dataclass
class FakeDoor(ReturnsDoor):
    """The returns door (`services.returns.api`) over one order held in memory."""

    current: OrderView
    previews: list[ReturnRequest] = field(default_factory=list)
    completed: list[ReturnRequest] = field(default_factory=list)
    fail_complete: Exception | None = None
    receipt_locales: list[str | None] = field(default_factory=list)

    def load_order(self, s: Any, a: Any, number: str, last_name: str) -> LoadedOrder:
        if last_name.lower() != "côté":
            raise InvalidInput(f"No order {number} with last name {last_name}")
        return LoadedOrder(self.current, best_case(self.current), None)

    def load_return_id(self, s: Any, a: Any, return_id: str) -> LoadedOrder:
        return LoadedOrder(self.current, best_case(self.current), return_id)

    def exchange_options(self, s: Any, a: Any, variant_id: uuid.UUID) -> tuple[ExchangeOption, ...]:
        return (ExchangeOption(uuid.UUID(int=7), "Brown", "10", "Blundstone Boot, Brown, size 10",
                               D("250.00"), 3),)

    def preview(self, s: Any, a: Any, request: ReturnRequest) -> ReturnPlan:
        self.previews.append(request)
        lines, pool, credit, collect = [], D("0"), D("0"), D("0")
        for req in request.lines:
            ln = self.current.line(req.line_no)
            allowed = allowed_for(req)
            value = ln.paid / ln.quantity * req.quantity
            exchange = None
            if req.resolution is Resolution.EXCHANGE:
                if req.exchange_variant_id is None:
                    raise InvalidInput("Choose the size or colour the customer wants in exchange.")
                exchange = PlannedExchange(req.exchange_variant_id, "Blundstone Boot, Brown, size 10",
                                           "1", D("250.00"), D("250.00") * req.quantity - value)
                collect += max(exchange.price_difference, D("0"))
            elif req.resolution is Resolution.REFUND:
                pool += value
            else:
                credit += value
            needs = req.resolution not in allowed
            lines.append(PlannedLine(ln.id, ln.line_no, ln.description, ln.upc, ln.colour, ln.size,
                                     ln.variant_id, req.quantity, req.reason, req.resolution, allowed,
                                     ("reason one.", "reason two."), value, D("0.00"), value, needs,
                                     req.override if needs else None, True, exchange))
        refunds = (TenderMove(TenderKind.CARD, pool, "VISA ••••4242", CARD.id),) if pool else ()
        return ReturnPlan(self.current.id, self.current.number, "softmoc", tuple(lines), refunds,
                          credit, collect, D("0.00"), self.current.shipping_charged, D("0.00"))

    def complete(self, s: Any, a: Any, request: ReturnRequest, *,
                 receipt_locale: str | None = None) -> Completed:
        self.receipt_locales.append(receipt_locale)
        if self.fail_complete:
            raise self.fail_complete
        self.completed.append(request)
        plan = self.preview(s, a, request)
        summary = ReturnSummary(
            uuid.uuid4(), "R-TOR1-000001-5", self.current.id, self.current.number,
            datetime(2025, 1, 12, tzinfo=UTC), uuid.uuid4(), "TOR1", "Ana", "Ana Côté",
            "softmoc",
            tuple(SummaryLine(p.line_no, p.description, p.upc, p.colour, p.size, p.quantity,
                              p.reason, p.resolution, p.value, p.restocking_fee, p.reasons,
                              p.reasons, None, None, p.exchange) for p in plan.lines),
            plan.refunds, (), D("0.00"), self.current.shipping_charged, D("0.00"), D("0.00"), None)
        return Completed(summary, (QueuedJob(uuid.uuid4(), "Refund receipt", "receipt"),),
                         NO_PRINTER_SENTENCE, receipt_locale)

    def receipt_preview(self, s: Any, a: Any, job_id: uuid.UUID) -> ReceiptPreview:
        return ReceiptPreview(None, False)


class SteppedRun:
    """AppContext.run that keeps the work until the test lets it finish (as a slow worker would)."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Any, Any, Any, bool]] = []

    def __call__(self, action, on_success, on_failure, *, commit: bool = True) -> None:  # type: ignore[no-untyped-def]
        self.waiting.append((action, on_success, on_failure, commit))

    def step(self, index: int = 0) -> None:
        action, ok, failed, _ = self.waiting.pop(index)
        try:
            result = action(None, None)
        except Exception as exc:  # noqa: BLE001
            failed(exc)
        else:
            ok(result)

    def drain(self) -> None:
        while self.waiting:
            self.step()


class FakeView:
    def __init__(self) -> None:
        self.rows: dict[int, Any] = {}
        self.calls: list[str] = []
        self.status = self.error = ""
        self.busy = self.locked = False
        self.totals: Any = None
        self.confirmation: str | None = None
        self.done: Any = None
        self.receipt: tuple[bytes | None, str] | None = None
        self.header: Any = None
        self.search = ("", "")

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text

    def show_search(self, number: str, last_name: str) -> None:
        self.search = (number, last_name)

    def focus_last_name(self) -> None:
        self.calls.append("focus_last_name")

    def show_order(self, header: Any) -> None:
        self.header = header

    def show_lines(self, rows: list[Any]) -> None:
        self.rows = {row.line_no: row for row in rows}
        self.calls.append("show_lines")

    def update_line(self, row: Any) -> None:
        self.rows[row.line_no] = row

    def show_totals(self, totals: Any) -> None:
        self.totals = totals

    def show_confirmation(self, text: str | None) -> None:
        self.confirmation = text

    def show_completed(self, done: Any) -> None:
        self.done = done

    def show_receipt(self, png: bytes | None, text: str) -> None:
        self.receipt = (png, text)

    def show_locked(self, locked: bool) -> None:
        self.locked = locked

    def show_receipt_language(self, language: str) -> None:
        self.receipt_language = language


@pytest.fixture
def parts():  # type: ignore[no-untyped-def]
    view, run = FakeView(), SteppedRun()
    services = FakeDoor(order(line(1, "200.00"), line(2, "100.00", qty=2)))
    approvals: list[Any] = []
    went: list[str] = []
    presenter = ReturnsPresenter(
        view, run, services, money=lambda v: f"${v:,.2f}", day=lambda d: d.isoformat(),
        ask_approval=lambda what, done: approvals.append((what, done)),
        navigate=lambda name, **kw: went.append(name),
    )
    return presenter, view, run, services, approvals, went


def loaded(parts):  # type: ignore[no-untyped-def]
    presenter, view, run, *_ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    return presenter, view, run


def tick(presenter: ReturnsPresenter, line_no: int, card: bool = True) -> None:
    presenter.set_included(line_no, True)
    presenter.set_check(line_no, "unworn", True)
    presenter.set_check(line_no, "original_box", True)
    presenter.set_order_check("proof_of_purchase", True)
    presenter.set_order_check("original_card", card)


def test_find_routes_return_ids_and_waits_for_a_last_name(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, _services, *_ = parts
    presenter.find("10000042", "")
    assert view.calls == ["focus_last_name"] and not run.waiting and "last name" in view.status
    presenter.find("r-tor1-000001-5", "")
    assert len(run.waiting) == 1
    run.drain()
    assert presenter.loaded.requested_return == "r-tor1-000001-5"
    assert looks_like_return_id("R-TOR1-000001-5") and not looks_like_return_id("10000042")
    presenter.find("10000042", "Smith")
    run.drain()
    assert view.error == "No order 10000042 with last name Smith"
    assert view.busy is False


def test_best_case_shown_on_load_then_live_decisions(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run = loaded(parts)
    services = parts[3]
    assert view.header.title == "Order 10000042 · Côté"
    assert "VISA ••••4242 $300.00" in view.header.details
    row = view.rows[1]
    assert not row.included and row.verdict.startswith("With everything shown: refund")
    assert row.returnable == 1 and view.rows[2].returnable == 2
    assert view.totals.blockers == ("Tick the items coming back.",)

    presenter.set_included(1, True)
    assert view.rows[1].verdict == "Checking with the policy…" and view.busy
    run.drain()
    assert view.rows[1].denied and view.rows[1].verdict == "Not returnable under the policy"
    assert view.rows[1].can_override and view.rows[1].enabled == ()
    tick(presenter, 1, card=False)
    run.drain()
    # Without the card: the line moved from refund to store credit by itself.
    assert presenter.choice(1).resolution is Resolution.STORE_CREDIT
    assert view.rows[1].enabled == (Resolution.EXCHANGE, Resolution.STORE_CREDIT)
    assert services.previews[-1].lines[0].resolution is Resolution.STORE_CREDIT
    presenter.set_order_check("original_card", True)
    run.drain()
    assert presenter.choice(1).resolution is Resolution.REFUND  # nobody chose: the best one
    assert [r.label for r in view.totals.rows] == ["Refund to VISA ••••4242", "Restocking fee"]
    assert view.totals.can_complete and view.totals.blockers == ()


def test_a_resolution_staff_chose_is_kept(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run = loaded(parts)
    tick(presenter, 1)
    run.drain()
    presenter.set_resolution(1, "store_credit")
    presenter.set_order_check("original_card", False)
    presenter.set_order_check("original_card", True)
    run.drain()
    assert presenter.choice(1).resolution is Resolution.STORE_CREDIT
    assert view.totals.rows[0].label == "Store credit to the customer's account"


def test_one_preview_at_a_time_and_stale_answers_are_dropped(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, *_ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    presenter.set_included(2, True)
    assert len(run.waiting) == 1
    presenter.set_quantity(2, 2)
    presenter.set_check(2, "unworn", True)
    assert len(run.waiting) == 1  # still the first; the newer choices wait for it
    assert presenter.plan is None and view.totals.blockers == ("Checking with the policy…",)
    run.step()  # the first answer is about quantity 1: dropped, asked again
    assert len(run.waiting) == 1 and presenter.plan is None
    run.step()
    assert presenter.plan is not None
    assert [r.quantity for r in services.previews[-1].lines] == [2]
    assert services.previews[-1].lines[0].condition.worn is False
    assert len(services.previews) == 2


def test_quantity_stays_within_what_can_come_back(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, _view, _run = loaded(parts)
    presenter.set_included(2, True)
    presenter.set_quantity(2, 5)
    assert presenter.choice(2).quantity == 2
    presenter.set_quantity(2, 0)
    assert presenter.choice(2).quantity == 1


def test_fully_returned_lines_cannot_be_ticked(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, *_ = parts
    services.current = order(line(1, "200.00", qty=1, returned=1), line(2, "50.00"))
    presenter.find("10000042", "Côté")
    run.drain()
    assert view.rows[1].returnable == 0 and view.rows[1].verdict == "Cannot come back now"
    assert view.rows[2].included  # the only line left is ticked for them
    presenter.set_included(1, True)
    assert not presenter.choice(1).included


def test_a_requested_return_ticks_its_own_lines_only(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, *_ = parts
    first, second = line(1, "200.00"), line(2, "100.00", qty=2)
    ref = ReturnRef("R-WEB-000001-7", ReturnStatus.REQUESTED, ((second.id, 1),))
    services.current = order(first, second, matched=ref)
    presenter.find("R-WEB-000001-7", "")
    run.drain()
    assert view.rows[1].returnable == 0 and "Not on Return" in view.rows[1].reasons
    assert view.rows[2].included and view.rows[2].returnable == 1
    assert services.previews[-1].return_number == "R-WEB-000001-7"


def test_exchange_waits_for_a_size_then_collects_the_difference(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, *_ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    tick(presenter, 1)
    run.drain()
    presenter.set_resolution(1, "exchange")
    run.drain()
    row = view.rows[1]
    assert row.exchange_options and row.exchange_options[0].label == "Brown, size 10 · $250.00 · 3 in stock"
    assert row.pending == "Choose the new size or colour."
    assert "Line 1: choose the new size or colour." in view.totals.blockers
    # Asked as store credit meanwhile (same decision), and not counted as credit on screen.
    assert services.previews[-1].lines[0].resolution is Resolution.STORE_CREDIT
    assert all(r.kind != "credit" for r in view.totals.rows)
    presenter.set_exchange_variant(1, str(uuid.UUID(int=7)))
    run.drain()
    assert view.totals.to_collect == "$50.00"
    assert "last four digits" in " ".join(view.totals.blockers)
    presenter.set_payment("card", "VISA", "4242", "")
    assert view.totals.can_complete
    presenter.complete()
    presenter.confirm()
    run.drain()
    sent = services.completed[-1]
    assert sent.lines[0].exchange_variant_id == uuid.UUID(int=7)
    assert [(p.kind, p.amount, p.card_last4) for p in sent.payments] == [
        (TenderKind.CARD, D("50.00"), "4242")]


def test_manager_override_for_a_denied_line(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, approvals, _ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    presenter.set_included(1, True)
    run.drain()
    assert "a manager can override" in " ".join(view.totals.blockers)
    presenter.request_override(1)
    what, done = approvals[-1]
    assert what.title == "Override the return policy on line 1"
    assert what.button == "Override the policy"
    assert what.details.startswith("Line 1: Blundstone Boot 1")
    approval = Approval(uuid.uuid4(), "101", "Maria", "Box lost in shipping",
                        datetime(2025, 1, 12, tzinfo=UTC))
    done(approval)
    run.drain()
    row = view.rows[1]
    assert row.override == "Approved by Maria: Box lost in shipping"
    assert row.enabled == ALL and not row.can_override
    assert services.previews[-1].lines[0].override == approval
    assert view.totals.can_complete


def test_complete_confirms_then_shows_the_return_id(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, _services, *_ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    tick(presenter, 1)
    run.drain()
    presenter.complete()
    assert view.confirmation.startswith("Complete the return for order 10000042? Refund to VISA")
    assert not run.waiting
    presenter.escape()  # Escape: back to the choices, nothing lost
    assert view.confirmation is None and presenter.choice(1).included
    presenter.complete()
    presenter.confirm()
    assert view.locked
    run.drain()
    assert not view.locked
    assert view.done.headline == "Return R-TOR1-000001-5 completed"
    assert view.done.printing == NO_PRINTER_SENTENCE  # the queue's own words, as every screen
    assert view.receipt == (None, view.done.receipt_text)  # no printer: the text on screen
    assert NO_PRINTER_SENTENCE in view.status


def test_a_failed_completion_keeps_everything(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, *_ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    tick(presenter, 1)
    run.drain()
    services.fail_complete = InvalidInput("Line 1 has already come back: never more back than sold.")
    presenter.complete()
    presenter.confirm()
    run.drain()
    assert view.error == "Line 1 has already come back: never more back than sold."
    assert presenter.choice(1).included and presenter.choice(1).original_box
    assert view.done is None and not view.locked and view.totals.can_complete


def test_a_line_returned_at_another_store_is_said_as_it_was_refused(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, services, *_ = parts
    presenter.find("10000042", "Côté")
    run.drain()
    tick(presenter, 1)
    run.drain()
    words = ("Line 1 (Runner) was already returned at SoftMoc Yorkdale on Nov 3, so it can't be "
             "refunded again here.")
    services.fail_complete = ReturnRefused(words)
    presenter.complete()
    presenter.confirm()
    run.drain()
    assert view.error == words and view.done is None and not view.locked


def test_complete_with_something_missing_says_what(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, _run = loaded(parts)
    presenter.complete()
    assert view.error == "Tick the items coming back." and view.confirmation is None


def test_escape_goes_home_and_an_old_answer_is_ignored(parts) -> None:  # type: ignore[no-untyped-def]
    presenter, view, run, _services, _approvals, went = parts
    presenter.find("10000042", "Côté")
    presenter.new_return()  # the lookup is still running when staff start over
    run.drain()
    assert presenter.loaded is None and view.header is None
    presenter.escape()
    assert went == ["home"]
