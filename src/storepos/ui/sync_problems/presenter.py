"""Sync problems: list the store's refused and flagged events, show one, and settle it with what
was done, why, and a manager's PIN.

Plain Python: calls to the sync door (services/sync/api.py, a `SyncDoor`) go through
`run(action, on_ok, on_err)` (AppContext.run, a worker thread, one transaction each); the manager's
approval through `ask_approval(prompt, suggested_reason, on_approved, on_cancelled)`; after a
decision is saved, `sync_soon()` asks the background sync to send it (False when the till does not
sync). The view gets rows already in words, times in the store's time zone and money in its locale.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from storepos.domain.errors import StoreposError
from storepos.domain.events import EventKind
from storepos.i18n import N_, _, ngettext
from storepos.i18n.formats import clock, day, day_and_clock, money, one_full_stop
from storepos.services.base.reader import reader_locale
from storepos.services.base.work import RunWork
from storepos.services.staff.approvals import Approval
from storepos.services.sync.api import SyncDoor
from storepos.services.sync.problems import (
    ProblemList,
    ProblemResolved,
    SyncProblem,
    outcome_label,
    outcomes_of,
    settlement_binding,
)
from storepos.ui.sync_problems.model import ProblemRow
from storepos.ui.widgets.decision import Decision

Run = RunWork
# (prompt, suggested reason, on_approved, on_cancelled): the manager approval dialog.
AskApproval = Callable[[Decision, str, Callable[[Approval], None], Callable[[], None]], None]
ProblemKey = tuple[uuid.UUID, str]  # (event, kind): one problem, as ProblemRow.key

# Marked here, worded where shown.
CHOOSE_PROBLEM = N_("Choose a problem first.")
CHOOSE_OUTCOME = N_("Choose what was done about it.")
TYPE_WHY = N_("Type why: it is kept with the decision.")

# What the till did, in words, by the event's action (exact, then by its first word).
_ACTION_WORDS: dict[str, str] = {
    EventKind.RETURN_COMPLETED: N_("a return"),
    EventKind.ACCOUNT_OPENED: N_("a new gift card or store credit"),
    EventKind.LEDGER_ISSUE: N_("a gift card sold"),
    EventKind.LEDGER_REDEEM: N_("a payment from a gift card or store credit"),
    EventKind.LEDGER_CREDIT: N_("money put on a card"),
    EventKind.WARRANTY_OPENED: N_("a warranty claim opened"),
    EventKind.SYNC_PROBLEM_RESOLVED: N_("a manager's decision on a sync problem"),
    "ledger": N_("a gift card or store credit entry"),
    "warranty": N_("a warranty claim"),
    "pickup": N_("a pickup"),
}


def key_of(p: SyncProblem) -> ProblemKey:
    return p.event_id, p.kind.value


def action_words(action: str) -> str:
    if not action:
        return ""
    words = _ACTION_WORDS.get(action) or _ACTION_WORDS.get(action.split(".")[0])
    return _(words) if words else action


def error_words(exc: Exception) -> str:
    """What went wrong, as the service said it; never a traceback."""
    if isinstance(exc, StoreposError):
        return _(exc.message)
    return _("That didn't work ({problem}). Try again.").format(
        problem=str(exc) or type(exc).__name__)


@dataclass(frozen=True, slots=True)
class Place:
    """What the screen formats with (from AppContext.place)."""

    locale: str
    currency: str
    time_zone: str


class SyncProblemsViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_banner(self, text: str, local: bool) -> None: ...
    def show_problems(self, rows: list[ProblemRow]) -> None: ...
    def select_row(self, row: int) -> None: ...
    def show_detail(self, title: str, lines: list[str]) -> None: ...
    def show_outcomes(self, choices: list[tuple[str, str]]) -> None: ...
    def enable_resolve(self, enabled: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def form(self) -> tuple[str, str]: ...  # (outcome code, why) as chosen and typed
    def set_form(self, outcome: str, why: str) -> None: ...


class SyncProblemsPresenter:
    def __init__(self, view: SyncProblemsViewPort, door: SyncDoor, run: Run, place: Place,
                 ask_approval: AskApproval, sync_soon: Callable[[], bool] = lambda: False, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._view, self._door, self._run, self._place = view, door, run, place
        self._ask_approval, self._sync_soon = ask_approval, sync_soon
        self._zone, self._clock = ZoneInfo(place.time_zone), clock
        self._loading = False
        self._again = False  # a refresh was asked while one was running
        self._acting = False  # an approval is open or a decision is being saved
        self._saving = False
        self.listing: ProblemList | None = None
        self.problems: list[SyncProblem] = []
        self._selected: ProblemKey | None = None
        # What was chosen and typed for a problem the manager moved away from, until they are back.
        self._drafts: dict[ProblemKey, tuple[str, str]] = {}

    @property
    def busy(self) -> bool:
        return self._loading or self._acting

    # -- words --------------------------------------------------------------------------------
    def _local(self, moment: datetime) -> datetime:
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self._zone)

    def time_words(self, moment: datetime) -> str:
        local, today = self._local(moment), self._local(self._clock()).date()
        reader = reader_locale(self._place.locale)
        if local.date() == today:
            return _("Today {time}").format(time=clock(local, reader))
        return day_and_clock(local, reader)

    def when(self, moment: datetime) -> str:
        """In a sentence: "today at 2:02 p.m.", "Dec 2, 2026 at 2:02 p.m." (14 h 02 in French)."""
        local, reader = self._local(moment), reader_locale(self._place.locale)
        if local.date() == self._local(self._clock()).date():
            return _("today at {time}").format(time=clock(local, reader))
        return _("{day} at {time}").format(day=day(local.date(), reader),
                                           time=clock(local, reader))

    def money(self, value: Decimal) -> str:
        return money(value, self._place.currency, reader_locale(self._place.locale))

    def amount_words(self, p: SyncProblem) -> str:
        if p.amount is not None:
            return _("{amount} overdrawn").format(amount=self.money(p.amount))
        if p.quantity is not None:
            return _("{n} more than sold").format(n=p.quantity)
        if p.receipts:
            return ngettext("{n} receipt", "{n} receipts", len(p.receipts)).format(
                n=len(p.receipts))
        return "—"

    def row(self, p: SyncProblem) -> ProblemRow:
        return ProblemRow(key_of(p), p.kind.value, self.time_words(p.at),
                          p.title, p.till or "—", self.amount_words(p), p.what)

    @staticmethod
    def where(p: SyncProblem) -> str:
        if p.till:
            if p.seq is not None:
                return _("till {till}, event {seq}").format(till=p.till, seq=p.seq)
            return _("till {till}").format(till=p.till)
        if p.seq is not None:
            return _("a till of the store, event {seq}").format(seq=p.seq)
        return _("a till of the store")

    def detail(self, p: SyncProblem) -> tuple[str, list[str]]:
        lines = [p.what or _("The central database gave no reason.")]
        if p.receipts:
            lines.append(_("Receipts: {receipts}").format(receipts=", ".join(p.receipts)))
        if p.amount is not None:
            lines.append(_("Overdrawn: {amount}").format(amount=self.money(p.amount)))
        if p.quantity is not None:
            lines.append(_("Refunded beyond what was sold: {n}").format(n=p.quantity))
        did = action_words(p.action)
        where = self.where(p)
        lines.append(_("From {where}: {what}.").format(where=where, what=did) if did
                     else _("From {where}.").format(where=where))
        lines.append(one_full_stop(_("Found {when}.").format(when=self.when(p.at))))
        return p.title, lines

    def banner(self, listing: ProblemList) -> str:
        count = len(listing.problems)
        if listing.central:
            text = (_("The store's central list, every till: nothing open.") if not count else
                    ngettext("The store's central list, every till: {n} open.",
                             "The store's central list, every till: {n} open.",
                             count).format(n=count))
        else:
            text = listing.note + " " + (_("Nothing open.") if not count else ngettext(
                "{n} open.", "{n} open.", count).format(n=count))
        if listing.waiting:
            text += " " + ngettext("{n} decision taken here waits to be sent.",
                                   "{n} decisions taken here wait to be sent.",
                                   listing.waiting).format(n=listing.waiting)
        return text

    # -- loading ------------------------------------------------------------------------------
    def refresh(self, quiet: bool = False) -> None:
        """Reload the list; `quiet` (after a sync): no busy bar."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        if not quiet:
            self._view.show_busy(True)
        self._run(lambda s, a: self._door.list(s, a), self._loaded, self._load_failed)

    def _loaded(self, listing: ProblemList) -> None:
        self._loading = False
        self._view.show_busy(self._saving)
        self.listing = listing
        self.problems = list(listing.problems)
        self._view.show_banner(self.banner(listing), not listing.central)
        self._view.show_problems([self.row(p) for p in self.problems])
        row = self._row_of(self._selected)
        if row < 0 and self.problems:
            row = 0
        self._view.select_row(row)
        self.select(row)
        if self._again:
            self._again = False
            self.refresh(quiet=True)

    def _load_failed(self, exc: Exception) -> None:
        self._loading = False
        self._again = False
        self._view.show_busy(self._saving)
        self._view.show_error(_("Could not load the sync problems: {problem}").format(
            problem=error_words(exc)))

    def _row_of(self, key: ProblemKey | None) -> int:
        return next((i for i, p in enumerate(self.problems)
                     if key_of(p) == key), -1)

    # -- selection ----------------------------------------------------------------------------
    def _problem(self, row: int) -> SyncProblem | None:
        return self.problems[row] if 0 <= row < len(self.problems) else None

    def select(self, row: int) -> None:
        p = self._problem(row)
        key = key_of(p) if p is not None else None
        if key != self._selected and self._selected is not None:
            self._drafts[self._selected] = self._view.form()
        moved = key != self._selected
        if p is None:
            self._selected = None
            if self.listing is not None and not self.problems:
                self._view.show_detail(_("Nothing to settle"), [
                    _("Every event of the store reached the central books as the tills sent them.")
                    if self.listing.central else
                    _("This till has no refused or flagged events of its own.")])
            else:
                self._view.show_detail("", [_("Choose a problem in the list to settle it.")])
            self._view.show_outcomes([])
            self._view.enable_resolve(False)
            return
        self._selected = key
        self._view.show_detail(*self.detail(p))
        self._view.show_outcomes(outcomes_of(p.kind))
        if moved:  # each problem has its own decision: what was typed for another waits there
            self._view.set_form(*self._drafts.pop(key_of(p), ("", "")))
        self._view.enable_resolve(True)

    # -- settling -----------------------------------------------------------------------------
    def resolve(self, row: int, outcome: str, why: str) -> None:
        """Check the form, ask a manager's approval (the why as the reason), then record it."""
        p = self._problem(row)
        if p is None:
            self._view.show_error(_(CHOOSE_PROBLEM))
            return
        choices = dict(outcomes_of(p.kind))
        if not outcome:
            self._view.show_error(_(CHOOSE_OUTCOME))
            return
        if outcome not in choices:
            self._view.show_error(_("Choose what was done about it: {choices}.").format(
                choices="; ".join(choices.values())))
            return
        why = why.strip()
        if not why:
            self._view.show_error(_(TYPE_WHY))
            return
        if self._acting:
            self._view.show_status(_("Still working on the last decision…"))
            return
        self._acting = True
        words = choices[outcome]
        prompt = Decision(_("Settle the sync problem “{problem}”").format(problem=p.title),
                          _("Settle problem"),
                          _("From {where}: {what}.").format(where=self.where(p), what=words),
                          settlement_binding(p, outcome))
        self._ask_approval(prompt, why, lambda approval: self._approved(p, outcome, approval),
                           self._cancelled)

    def _cancelled(self) -> None:
        self._acting = False
        self._view.show_status(_("Not settled: the approval was cancelled. What you chose and "
                               "typed is kept."))

    def _approved(self, p: SyncProblem, outcome: str, approval: Approval) -> None:
        self._saving = True
        self._view.show_busy(True)
        self._view.show_status(_("Saving the decision…"))
        self._run(lambda s, a: self._door.resolve(s, a, p, outcome, approval),
                  self._resolved, self._failed)

    def _resolved(self, done: ProblemResolved) -> None:
        self._acting = self._saving = False
        self._view.show_busy(self._loading)
        self._drafts.pop(key_of(done.problem), None)
        self._selected = None  # settled: it leaves the list
        self._view.set_form("", "")
        sent = self._sync_soon()
        then = (_("It reaches the central database with the next sync.") if sent
                else _("It is kept on this till."))
        self._view.show_status(_("Settled: {what} (by {manager}).").format(
            what=outcome_label(done.outcome), manager=done.by) + " " + then)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._acting = self._saving = False
        self._view.show_busy(self._loading)
        self._view.show_error(error_words(exc))
