"""The sync problems presenter with a fake view, a fake sync door and a synchronous `run`: no Qt, no
database. Each step's answer reaches the view before the call returns."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput
from storepos.domain.sync import PROBLEM_OUTCOMES, PROBLEM_TITLES, ProblemKind
from storepos.services.base.context import Actor
from storepos.services.staff.auth import Approval, PermissionDenied
from storepos.services.sync.api import SyncDoor
from storepos.services.sync.problems import ProblemList, ProblemResolved, SyncProblem
from storepos.ui.sync_problems.model import ProblemRow
from storepos.ui.sync_problems.presenter import (
    CHOOSE_OUTCOME,
    CHOOSE_PROBLEM,
    TYPE_WHY,
    Place,
    SyncProblemsPresenter,
    action_words,
)
from storepos.ui.widgets.decision import Decision
from tests.ui.fake_runner import run_now

NOW = datetime(2025, 6, 2, 18, 30, tzinfo=UTC)  # 14:30 in Toronto
TORONTO = Place("en_CA", "CAD", "America/Toronto")
OFFLINE = ("Offline: the central database can't be reached, so this is this till's own list. "
           "Decisions taken now are sent when the till reconnects.")
MARIA = Approval(uuid.uuid4(), "1001", "Maria Manager", "typed in the dialog", NOW)


def refused(seq: int = 7) -> SyncProblem:
    return SyncProblem(ProblemKind.REFUSED, uuid.uuid4(), datetime(2025, 6, 2, 16, 5),  # naive: UTC
                       PROBLEM_TITLES[ProblemKind.REFUSED],
                       "Warranty claim W-Y-1 belongs to another store.", "warranty.opened",
                       "TOR1", seq)


def overdraft() -> SyncProblem:
    return SyncProblem(ProblemKind.CARD_OVERDRAFT, uuid.uuid4(),
                       datetime(2025, 5, 30, 21, 0, tzinfo=UTC),
                       PROBLEM_TITLES[ProblemKind.CARD_OVERDRAFT],
                       "Card ending 0042: $40.00 was taken offline but the card had $20.00 left; "
                       "$20.00 overdrawn.", "ledger.redeem", "TOR2", 12, amount=Decimal("20.00"))


def over_refund() -> SyncProblem:
    return SyncProblem(ProblemKind.OVER_REFUND, uuid.uuid4(), NOW,
                       PROBLEM_TITLES[ProblemKind.OVER_REFUND], "Line 1 of the order: ...",
                       "return.completed", "", None, quantity=1,
                       receipts=("R-TOR1-000004-2", "R-OTT1-000001-5"))


class FakeView:
    """Records every setter call: calls["show_error"] == ["Choose …", ...]."""

    def __init__(self) -> None:
        self.calls: dict[str, list[Any]] = {}
        self.state = ("", "")  # the form: (outcome code, why)

    def form(self) -> tuple[str, str]:
        return self.state

    def set_form(self, outcome: str, why: str) -> None:
        self.calls.setdefault("set_form", []).append((outcome, why))
        self.state = (outcome, why)

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> None:
            self.calls.setdefault(name, []).append(args[0] if len(args) == 1 else args)
        return record

    def last(self, name: str) -> Any:
        return self.calls[name][-1]


class FakeSync(SyncDoor):
    """The sync door over a list of listings (the last one stays); it remembers the decisions."""

    def __init__(self, *listings: ProblemList) -> None:
        self.listings = list(listings)
        self.resolved: list[tuple[SyncProblem, str, Approval]] = []
        self.refuse: Exception | None = None  # what resolve() raises
        self.unreadable: Exception | None = None  # what list() raises

    def list(self, session: Session, actor: Actor) -> ProblemList:
        if self.unreadable is not None:
            raise self.unreadable
        return self.listings.pop(0) if len(self.listings) > 1 else self.listings[0]

    def resolve(self, session: Session, actor: Actor, problem: SyncProblem, outcome: str,
                approval: Approval) -> ProblemResolved:
        if self.refuse is not None:
            raise self.refuse
        self.resolved.append((problem, outcome, approval))
        words = dict(PROBLEM_OUTCOMES[problem.kind])[outcome]
        return ProblemResolved(problem, outcome, words,
                               f"{approval.manager_number} {approval.manager_name}",
                               approval.reason)


class Approver:
    """The manager approval dialog: remembers what it was asked; the test answers."""

    def __init__(self) -> None:
        self.asked: list[tuple[Decision, str]] = []
        self.on_approved: Callable[[Approval], None] | None = None
        self.on_cancelled: Callable[[], None] | None = None

    def __call__(self, prompt: Decision, reason: str, on_approved: Callable[[Approval], None],
                 on_cancelled: Callable[[], None]) -> None:
        self.asked.append((prompt, reason))
        self.on_approved, self.on_cancelled = on_approved, on_cancelled

    def approve(self, reason: str) -> None:
        assert self.on_approved is not None
        self.on_approved(Approval(MARIA.manager_id, "1001", "Maria Manager", reason, NOW))


def make(*listings: ProblemList, syncs: bool = True
         ) -> tuple[SyncProblemsPresenter, FakeView, FakeSync, Approver, list[str]]:
    view, door, approver, synced = FakeView(), FakeSync(*listings), Approver(), []

    def sync_soon() -> bool:
        synced.append("sync")
        return syncs

    presenter = SyncProblemsPresenter(view, door, run_now, TORONTO, approver, sync_soon, clock=lambda: NOW)
    return presenter, view, door, approver, synced


def test_the_central_list_is_shown_in_words_and_the_first_problem_selected() -> None:
    problems = [refused(), overdraft(), over_refund()]
    presenter, view, _, _, _ = make(ProblemList(problems, True, 0, ""))
    presenter.refresh()

    rows: list[ProblemRow] = view.last("show_problems")
    assert [(r.found, r.title, r.till, r.amount) for r in rows] == [
        ("Today 12:05\u202fp.m.", "Refused by the central database", "TOR1", "—"),
        ("May 30, 2025, 5:00\u202fp.m.", "Card overdrawn offline", "TOR2", "$20.00 overdrawn"),
        ("Today 2:30\u202fp.m.", "Refunded twice", "—", "1 more than sold"),
    ]
    assert rows[0].what == "Warranty claim W-Y-1 belongs to another store."
    assert view.last("show_banner") == (
        "The store's central list, every till: 3 open.", False)
    assert view.last("select_row") == 0
    title, lines = view.last("show_detail")
    assert title == "Refused by the central database"
    assert lines == ["Warranty claim W-Y-1 belongs to another store.",
                     "From till TOR1, event 7: a warranty claim opened.",
                     "Found today at 12:05\u202fp.m."]
    assert view.last("show_outcomes") == list(PROBLEM_OUTCOMES[ProblemKind.REFUSED])
    assert view.last("enable_resolve") is True
    assert view.calls["show_busy"] == [True, False]

    presenter.select(1)
    title, lines = view.last("show_detail")
    assert "Overdrawn: $20.00" in lines and "From till TOR2, event 12: a payment from a gift " \
        "card or store credit." in lines and lines[-1] == "Found May 30, 2025 at 5:00\u202fp.m."
    assert view.last("show_outcomes")[0] == ("collected", "Shortfall collected from the customer")
    presenter.select(2)
    _, lines = view.last("show_detail")
    assert "Receipts: R-TOR1-000004-2, R-OTT1-000001-5" in lines
    assert "Refunded beyond what was sold: 1" in lines
    assert "From a till of the store: a return." in lines


def test_offline_the_note_says_it_is_this_tills_own_list_and_what_waits_to_be_sent() -> None:
    presenter, view, _, _, _ = make(ProblemList([refused()], False, 2, OFFLINE))
    presenter.refresh()
    text, local = view.last("show_banner")
    assert local is True and text.startswith(OFFLINE) and " 1 open." in text
    assert text.endswith("2 decisions taken here wait to be sent.")


def test_an_empty_list_says_there_is_nothing_to_settle() -> None:
    presenter, view, _, _, _ = make(ProblemList([], True, 1, ""))
    presenter.refresh()
    text, local = view.last("show_banner")
    assert text == ("The store's central list, every till: nothing open. 1 decision taken here "
                    "waits to be sent.")
    assert local is False
    assert view.last("select_row") == -1
    assert view.last("show_detail")[0] == "Nothing to settle"
    assert view.last("show_outcomes") == [] and view.last("enable_resolve") is False


def test_a_list_refused_by_the_service_is_said_in_its_words() -> None:
    presenter, view, door, _, _ = make(ProblemList([], True, 0, ""))
    door.unreadable = PermissionDenied(
        "Only a manager can see and settle sync problems. Sam is signed in as cashier.")
    presenter.refresh()
    assert view.last("show_error") == ("Could not load the sync problems: Only a manager can see "
                                       "and settle sync problems. Sam is signed in as cashier.")
    assert not presenter.busy and view.last("show_busy") is False


@pytest.mark.parametrize(("row", "outcome", "why", "message"), [
    (-1, "kept", "because", CHOOSE_PROBLEM),
    (5, "kept", "because", CHOOSE_PROBLEM),
    (0, "", "because", CHOOSE_OUTCOME),
    (0, "kept", "   ", TYPE_WHY),
])
def test_the_form_is_checked_in_words_before_a_manager_is_asked(row: int, outcome: str, why: str,
                                                                 message: str) -> None:
    presenter, view, door, approver, _ = make(ProblemList([refused()], True, 0, ""))
    presenter.refresh()
    view.state = (outcome, why)
    presenter.resolve(row, outcome, why)
    assert view.last("show_error") == message
    assert approver.asked == [] and door.resolved == []
    assert view.state == (outcome, why)  # nothing typed is lost


def test_an_outcome_of_another_kind_is_refused_with_the_choices() -> None:
    presenter, view, _, approver, _ = make(ProblemList([refused()], True, 0, ""))
    presenter.refresh()
    presenter.resolve(0, "recovered", "because")
    assert view.last("show_error") == (
        "Choose what was done about it: The till's record stands; nothing to change; Corrected "
        "at the counter by a new entry; Sent to head office to put right.")
    assert approver.asked == []


def test_a_cancelled_approval_records_nothing_and_keeps_the_form() -> None:
    problem = refused()
    presenter, view, door, approver, synced = make(ProblemList([problem], True, 0, ""))
    presenter.refresh()
    view.state = ("head_office", "  Keyed at the wrong store  ")
    presenter.resolve(0, "head_office", "  Keyed at the wrong store  ")
    [(prompt, reason)] = approver.asked
    assert reason == "Keyed at the wrong store"  # the why is the suggested reason
    assert prompt.title == "Settle the sync problem “Refused by the central database”"
    assert prompt.button == "Settle problem"
    assert prompt.details == "From till TOR1, event 7: Sent to head office to put right."
    assert presenter.busy  # the dialog is open
    assert approver.on_cancelled is not None
    approver.on_cancelled()
    assert not presenter.busy and door.resolved == [] and synced == []
    assert view.last("show_status").startswith("Not settled: the approval was cancelled.")
    assert view.state == ("head_office", "  Keyed at the wrong store  ")  # kept as typed

    presenter.resolve(0, "head_office", "Keyed at the wrong store")  # asked again, fine
    assert len(approver.asked) == 2


def test_an_approved_decision_is_recorded_said_sent_and_the_list_read_again() -> None:
    problem, other = refused(), overdraft()
    presenter, view, door, approver, synced = make(
        ProblemList([problem, other], True, 0, ""), ProblemList([other], True, 1, ""))
    presenter.refresh()
    view.state = ("kept", "The claim stands as the till has it")
    presenter.resolve(0, "kept", "The claim stands as the till has it")
    approver.approve("The claim stands as the till has it (checked)")

    [(done, outcome, approval)] = door.resolved
    assert done is problem and outcome == "kept"
    assert approval.reason == "The claim stands as the till has it (checked)"  # as approved
    assert synced == ["sync"]  # after the transaction: AppContext.run committed before ok()
    assert view.last("show_status") == (
        "Settled: The till's record stands; nothing to change (by 1001 Maria Manager). It reaches "
        "the central database with the next sync.")
    assert view.state == ("", "")  # done with
    assert view.last("show_banner")[0].endswith("1 decision taken here waits to be sent.")
    assert [r.title for r in view.last("show_problems")] == ["Card overdrawn offline"]
    assert view.last("select_row") == 0 and not presenter.busy


def test_a_till_that_does_not_sync_keeps_the_decision_and_says_so() -> None:
    presenter, view, _, approver, _ = make(ProblemList([refused()], False, 0, "No sync."),
                                           syncs=False)
    presenter.refresh()
    presenter.resolve(0, "corrected", "New entry made")
    approver.approve("New entry made")
    assert view.last("show_status").endswith("(by 1001 Maria Manager). It is kept on this till.")


def test_a_refused_decision_is_said_in_the_services_words_and_the_form_kept() -> None:
    presenter, view, door, approver, synced = make(ProblemList([refused()], True, 0, ""))
    presenter.refresh()
    view.state = ("kept", "Stands")
    door.refuse = InvalidInput("This problem is already settled here; the decision is on its "
                                  "way to the central database.")
    presenter.resolve(0, "kept", "Stands")
    approver.approve("Stands")
    assert view.last("show_error") == ("This problem is already settled here; the decision is on "
                                       "its way to the central database.")
    assert view.state == ("kept", "Stands") and synced == [] and not presenter.busy
    assert view.last("show_busy") is False

    door.refuse = RuntimeError("disk I/O error")
    presenter.resolve(0, "kept", "Stands")
    approver.approve("Stands")
    assert view.last("show_error") == "That didn't work (disk I/O error). Try again."


def test_a_refresh_keeps_the_selected_problem() -> None:
    a, b = refused(1), refused(2)
    presenter, view, _, _, _ = make(ProblemList([a, b], True, 0, ""), ProblemList([b, a], True,
                                                                                   0, ""))
    presenter.refresh()
    presenter.select(1)  # b
    presenter.refresh()
    assert view.last("select_row") == 0  # b is first now
    assert view.last("show_detail")[1][1] == "From till TOR1, event 2: a warranty claim opened."


def test_actions_are_worded() -> None:
    assert action_words("return.completed") == "a return"
    assert action_words("pickup.ready") == "a pickup"
    assert action_words("something.new") == "something.new"


def test_what_was_typed_for_a_problem_waits_for_it_when_the_manager_looks_at_another() -> None:
    a, b = refused(1), overdraft()
    presenter, view, _, _, _ = make(ProblemList([a, b], True, 0, ""))
    presenter.refresh()
    assert view.state == ("", "")
    view.state = ("head_office", "Wrong store")
    presenter.select(1)
    assert view.state == ("", "")  # b's own decision starts empty
    view.state = ("collected", "Paid in cash")
    presenter.select(0)
    assert view.state == ("head_office", "Wrong store")
    presenter.refresh()  # the same problem stays selected: the form is left alone
    assert view.state == ("head_office", "Wrong store")
    presenter.select(1)
    assert view.state == ("collected", "Paid in cash")
