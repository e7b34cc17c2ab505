"""The Day screen in plain Python: the float and the close counted by denomination, paid in and
out with a manager, the X report (or the Z report once closed), printed or saved as a PDF.

Every call to the day door (services/day/api.py) goes through `run(action, on_ok, on_err)`
(AppContext.run: a worker thread, one transaction). A manager's yes goes through `run_approved`
(the shared approval dialog, bound to what the service then verifies). Nothing typed is cleared
unless the action succeeded; errors are shown in the service's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

from storepos.domain.amounts import AmountError
from storepos.domain.errors import StoreposError
from storepos.domain.till_day import Movement
from storepos.i18n import _
from storepos.i18n.formats import day as day_words
from storepos.i18n.formats import money
from storepos.services.base.reader import reader_locale
from storepos.services.base.work import Actor, RunWork, WorkSession
from storepos.services.day.api import (
    Closed,
    CountCheck,
    DayDoor,
    DayState,
    Denomination,
    ReportView,
    paid_in_out_binding,
)
from storepos.services.staff.approvals import Approval
from storepos.ui.widgets.decision import Decision
from storepos.ui.widgets.typed_amount import amount_refusal, read_amount

T = TypeVar("T")


class RunApproved(Protocol):
    def __call__(self, what: Decision, work: Callable[[WorkSession, Actor, Approval], T],
                 on_ok: Callable[[T], None], on_err: Callable[[Exception], None],
                 on_cancel: Callable[[], None], /) -> None: ...


class DayViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_denominations(self, rows: list[tuple[str, str, bool]]) -> None: ...
    def counts(self) -> dict[str, int]: ...
    def show_count_total(self, text: str) -> None: ...
    def show_day(self, heading: str, can_open: bool, can_close: bool, can_pay: bool) -> None: ...
    def show_report(self, report: ReportView) -> None: ...
    def paid_fields(self) -> tuple[str, str]: ...
    def clear_paid(self) -> None: ...
    def clear_counts(self) -> None: ...


def words(exc: Exception) -> str:
    if isinstance(exc, StoreposError):
        return exc.message
    return _("That didn't work ({what}). Nothing was saved; try again.").format(
        what=str(exc) or type(exc).__name__)


@dataclass
class Place:
    locale: str
    currency: str


class DayPresenter:
    def __init__(self, view: DayViewPort, door: DayDoor, run: RunWork, place: Place,
                 run_approved: RunApproved, choose_pdf: Callable[[str], str | None],
                 save: Callable[[str, bytes], None]) -> None:
        self._view, self._door, self._run, self._place = view, door, run, place
        self._run_approved, self._choose_pdf, self._save = run_approved, choose_pdf, save
        self._faces: dict[str, Decimal] = {}
        self.state: DayState | None = None
        self.report: ReportView | None = None
        self.busy = False

    # -- loading -----------------------------------------------------------------------------
    def enter(self) -> None:
        door = self._door
        self._call(lambda s, a: (door.denominations(s, a), door.state(s, a), door.report(s, a, None)),
                   self._loaded)

    def _loaded(self, answer: tuple[tuple[Denomination, ...], DayState, ReportView]) -> None:
        found, state, report = answer
        self._faces = {d.face: d.value for d in found}
        self._view.show_denominations([(d.face, self._money(d.value), d.note) for d in found])
        self._show_state(state)
        self._show_report(report)
        self.counted()

    def _money(self, value: Decimal) -> str:
        return money(value, self._place.currency, reader_locale(self._place.locale))

    def _show_state(self, state: DayState) -> None:
        self.state = state
        when = day_words(state.business_date, reader_locale(self._place.locale), style="full")
        if state.closed:
            heading = _("{date}: closed. The drawer was counted and the day can no longer change."
                        ).format(date=when)
        elif state.opened:
            heading = _("{date}: open. The drawer should hold {amount}.").format(
                date=when, amount=self._money(state.expected))
        elif state.expected:
            heading = _("{date}: cash moved before a float was counted. The drawer should hold "
                        "{amount}; count the float to open the till.").format(
                date=when, amount=self._money(state.expected))
        else:
            heading = _("{date}: not open yet. Count the float, then open the till.").format(
                date=when)
        self._view.show_day(heading, can_open=not state.opened and not state.closed,
                            can_close=not state.closed and (state.opened or bool(state.expected)),
                            can_pay=not state.closed)

    def _show_report(self, report: ReportView) -> None:
        self.report = report
        self._view.show_report(report)

    # -- the count -------------------------------------------------------------------------
    def counted(self) -> None:
        """The total of what is typed in the count, as the count is typed."""
        total = sum((self._faces.get(face, Decimal(0)) * n
                     for face, n in self._view.counts().items()), Decimal("0.00"))
        self._view.show_count_total(_("Counted: {amount}").format(amount=self._money(total)))

    def open_till(self) -> None:
        counts = self._view.counts()
        door = self._door
        self._call(lambda s, a: (door.open(s, a, counts), door.report(s, a, None)),
                   lambda answer: self._after(answer, _("The till is open with its float counted."),
                                              "counts"))

    def _after(self, answer: tuple[DayState, ReportView], said: str, clear: str = "") -> None:
        state, report = answer
        self._show_state(state)
        self._show_report(report)
        if clear == "paid":
            self._view.clear_paid()
        elif clear == "counts":
            self._view.clear_counts()
            self.counted()
        self._view.show_status(said)

    def close_day(self) -> None:
        counts = self._view.counts()
        door = self._door
        self._call(lambda s, a: door.check_count(s, a, counts),
                   lambda check: self._checked(counts, check))

    def _checked(self, counts: dict[str, int], check: CountCheck) -> None:
        if not check.needs_manager:
            self._call(lambda s, a: self._closing(s, a, counts, None), self._closed)
            return
        title = (_("Approve the count: {amount} over") if check.variance > 0
                 else _("Approve the count: {amount} short"))
        what = Decision(
            title.format(amount=self._money(abs(check.variance))),
            _("Approve count"),
            _("Expected {expected}, counted {counted}. Type the reason; the Z report prints it."
              ).format(expected=self._money(check.expected), counted=self._money(check.counted)),
            check.binding)
        self._view.show_status(_("The count is off by more than the limit: a manager approves it."))
        self._set_busy(True)
        self._run_approved(what, lambda s, a, approval: self._closing(s, a, counts, approval),
                           self._closed_ok, self._failed, self._cancelled)

    def _closing(self, session: WorkSession, actor: Actor, counts: dict[str, int],
                 approval: Approval | None) -> tuple[Closed, DayState, ReportView]:
        closed = self._door.close(session, actor, counts, approval)
        return closed, self._door.state(session, actor), self._door.report(session, actor, None)

    def _closed_ok(self, answer: tuple[Closed, DayState, ReportView]) -> None:
        self._set_busy(False)
        self._closed(answer)

    def _closed(self, answer: tuple[Closed, DayState, ReportView]) -> None:
        closed, state, report = answer
        self._after((state, report), _("The day is closed: expected {expected}, counted "
                                        "{counted}. Print the Z report or save it as a PDF.").format(
            expected=self._money(closed.expected), counted=self._money(closed.counted)), "counts")

    def _cancelled(self) -> None:
        self._set_busy(False)
        self._view.show_status(_("Not closed: nothing was saved. Count again, or ask a manager."))

    # -- paid in and out ---------------------------------------------------------------------
    def pay(self, kind: Movement) -> None:
        amount_text, reason = self._view.paid_fields()
        if self.state is None:
            return
        try:
            amount = read_amount(amount_text, self._place.locale)
        except AmountError as refused:
            self._view.show_error(amount_refusal(refused))
            return
        if not reason.strip():
            self._view.show_error(_("Say why the cash goes in or out (for example: change from "
                                    "the bank)."))
            return
        business_date: date = self.state.business_date
        title = (_("Pay {amount} into the drawer") if kind is Movement.PAID_IN
                 else _("Pay {amount} out of the drawer")).format(amount=self._money(amount))
        what = Decision(title, _("Approve"), _("Reason given: {reason}").format(reason=reason),
                        paid_in_out_binding(kind, business_date, amount))
        door = self._door
        self._set_busy(True)

        def work(s: WorkSession, a: Actor, approval: Approval) -> tuple[DayState, ReportView]:
            return door.pay(s, a, kind, str(amount), reason, approval), door.report(s, a, None)

        said = (_("Paid in: {amount}.") if kind is Movement.PAID_IN
                else _("Paid out: {amount}.")).format(amount=self._money(amount))
        self._run_approved(what, work, lambda answer: self._paid(answer, said), self._failed,
                           lambda: self._set_busy(False))

    def _paid(self, answer: tuple[DayState, ReportView], said: str) -> None:
        self._set_busy(False)
        self._after(answer, said, "paid")

    # -- the report --------------------------------------------------------------------------
    def x_report(self) -> None:
        door = self._door
        self._call(lambda s, a: door.report(s, a, None), self._show_report)

    def print_report(self) -> None:
        door = self._door
        self._call(lambda s, a: door.print_report(s, a, None), self._view.show_status)

    def save_pdf(self) -> None:
        report = self.report
        if report is None:
            return
        name = f"day-{report.business_date.isoformat()}.pdf"
        path = self._choose_pdf(name)
        if not path:
            return
        door = self._door

        def saved(pdf: bytes) -> None:
            try:
                self._save(path, pdf)
            except OSError as error:
                self._view.show_error(_("The PDF could not be saved to {path}: {why}").format(
                    path=path, why=error.strerror or error))
                return
            self._view.show_status(_("Saved the report as {path}.").format(path=path))

        self._call(lambda s, a: door.report_pdf(s, a, report.business_date), saved)

    # -- plumbing ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._view.show_busy(busy)

    def _call(self, action: Callable[[WorkSession, Actor], T], ok: Callable[[T], None]) -> None:
        self._set_busy(True)

        def done(answer: T) -> None:
            self._set_busy(False)
            ok(answer)

        self._run(action, done, self._failed)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._view.show_error(words(exc))
