"""Print jobs: list them (on demand and every few seconds), reprint, send elsewhere, cancel, preview.

Plain Python: calls to the print queue's door (services/printing/api.py, a `PrintingDoor`) go
through `run(action, on_ok, on_err)` (AppContext.run, a worker thread), and the view gets rows
already in words and in the store's time zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from storepos.domain.errors import StoreposError
from storepos.i18n import N_, _, ngettext
from storepos.i18n.formats import clock, day_and_clock, one_full_stop
from storepos.services.base.reader import reader_locale
from storepos.services.base.work import Actor, RunWork, WorkSession
from storepos.services.printing.api import JobRef, Listing, PrintingDoor
from storepos.services.printing.queue import JobView
from storepos.services.printing.status import (
    JOB_STATUS_WORDS,
    Paper,
    job_status_words,
    missing_printer,
    paper_sentence,
    problem_action,
    problem_words,
)
from storepos.ui.printing.model import JobRow

Run = RunWork
T = TypeVar("T")
JobCall = Callable[[WorkSession, Actor, uuid.UUID], T]  # a door method on one job

# Marked here, worded where shown.
STATUS_WORDS = JOB_STATUS_WORDS
CANCELLABLE = {"queued", "waiting", "failed"}

NO_PRINTER = N_("No printer is set up on this till yet, so its receipts and slips wait here. "
                "A manager can add this till's receipt printer in Printers, on the home screen; "
                "the waiting jobs print once it is added.")


def error_words(exc: Exception) -> str:
    if isinstance(exc, StoreposError):
        return _(exc.message)
    text = str(exc) or type(exc).__name__
    if isinstance(exc, ValueError):  # PrintQueueError and the printer model errors
        return problem_words(text).rstrip(".") + "."
    return _("That didn't work ({problem}). Try again.").format(problem=text)


def status_words(status: str) -> str:
    return job_status_words(status)


class PrintJobsViewPort(Protocol):
    def show_busy(self, busy: bool) -> None: ...
    def show_status(self, text: str) -> None: ...
    def show_error(self, text: str) -> None: ...
    def show_updated(self, text: str) -> None: ...
    def show_jobs(self, rows: list[JobRow]) -> None: ...
    def show_printers(self, names: list[str], default: str) -> None: ...
    def select_row(self, row: int) -> None: ...
    def enable_actions(self, *, reprint: bool, send: bool, cancel: bool, preview: bool) -> None: ...
    def show_detail(self, text: str, problem: bool) -> None: ...
    def show_notice(self, text: str) -> None: ...


class PrintJobsPresenter:
    def __init__(self, view: PrintJobsViewPort, door: PrintingDoor, run: Run, time_zone: str,
                 locale: str, open_preview: Callable[[uuid.UUID, str], None], *,
                 poll: Run | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._view, self._door, self._run, self._open_preview = view, door, run, open_preview
        self._poll = poll or run  # quiet refreshes (the timer's): no busy bar for them
        self._zone, self._locale, self._clock = ZoneInfo(time_zone), locale, clock
        self._loading = False
        self._acting = False
        self.jobs: list[JobView] = []
        self.printers: list[str] = []
        self._selected: uuid.UUID | None = None
        self._cancelling: tuple[uuid.UUID, str] | None = None  # checked on the next listing

    # -- words --------------------------------------------------------------------------------
    def _local(self, moment: datetime) -> datetime:
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self._zone)

    def time_words(self, moment: datetime) -> str:
        """Today's to the second ("3:05:03 p.m.", "15 h 05 min 03 s"), else the day and minute."""
        local, today = self._local(moment), self._local(self._clock()).date()
        reader = reader_locale(self._locale)
        if local.date() == today:
            return clock(local, reader, "medium")
        return day_and_clock(local, reader)

    def row(self, job: JobView) -> JobRow:
        document = job.title
        if job.reference and document.endswith(job.reference):
            document = document[: -len(job.reference)].strip() or document
        if job.reprint_of:
            document = _("{document} (reprint)").format(document=document)
        state = job.status
        problem = problem_words(job.last_error)
        if job.status in ("queued", "waiting") and job.printer not in self.printers:
            # It waits for a printer, not for its next try: the same words as every screen's.
            state, problem = "waiting", missing_printer(job.printer)
        elif job.status == "waiting":
            problem = f"{problem} {self._next_try(job)}".strip()
        return JobRow(job.id, self.time_words(job.created_at), document, job.reference,
                      job.printer, status_words(state), job.attempts, problem, state)

    def _next_try(self, job: JobView) -> str:
        return one_full_stop(_("Next try {time}.").format(time=clock(
            self._local(job.next_attempt_at), reader_locale(self._locale), "medium")))

    # -- loading ------------------------------------------------------------------------------
    def refresh(self, quiet: bool = False) -> None:
        """Reload the jobs; `quiet` (the timer): no busy bar, and skipped while one is running."""
        if self._loading:
            return
        self._loading = True
        if not quiet:
            self._view.show_busy(True)
        (self._poll if quiet else self._run)(
            lambda s, a: self._door.load(s, a), lambda listing: self._loaded(listing, quiet),
            lambda exc: self._load_failed(exc, quiet))

    def _loaded(self, listing: Listing, quiet: bool) -> None:
        self._loading = False
        if not quiet:
            self._view.show_busy(self._acting)
        self.jobs = list(listing.jobs)
        self.printers = [p.name for p in listing.printers]
        default = next((p.name for p in listing.printers if p.is_default), "")
        self._view.show_printers(self.printers, default)
        self._view.show_jobs([self.row(j) for j in self.jobs])
        row = self._row_of(self._selected)
        self._view.select_row(row)
        self.select(row)
        if self._cancelling is not None:
            self._report_cancel(*self._cancelling)
        now = clock(self._local(self._clock()), reader_locale(self._locale), "medium")
        self._view.show_updated(ngettext("{n} job · updated {time}", "{n} jobs · updated {time}",
                                         len(self.jobs)).format(n=len(self.jobs), time=now))
        self._view.show_notice("" if self.printers else _(NO_PRINTER))

    def _load_failed(self, exc: Exception, quiet: bool) -> None:
        self._loading = False
        if not quiet:
            self._view.show_busy(self._acting)
        self._view.show_error(_("Could not load the print jobs: {problem}").format(
            problem=error_words(exc)))

    def _row_of(self, job_id: uuid.UUID | None) -> int:
        return next((i for i, j in enumerate(self.jobs) if j.id == job_id), -1)

    # -- selection ----------------------------------------------------------------------------
    def _job(self, row: int) -> JobView | None:
        return self.jobs[row] if 0 <= row < len(self.jobs) else None

    def _paper(self, job: JobView) -> Paper:
        printed_at = self.time_words(job.printed_at) if job.printed_at else ""
        return Paper(job.title or _("The document"), job.printer, job.status,
                     job.printer in self.printers, job.last_error, printed_at=printed_at)

    def detail(self, job: JobView) -> str:
        """The selected job as every screen says it, and what to do about a problem."""
        sentence = paper_sentence([self._paper(job)])
        if job.status not in CANCELLABLE:
            return sentence
        action = problem_action(job.last_error) if job.printer in self.printers else ""
        next_try = self._next_try(job) if job.status == "waiting" else ""
        return " ".join(part for part in (sentence, action, next_try) if part)

    def select(self, row: int) -> None:
        job = self._job(row)
        self._selected = job.id if job else None
        self._view.show_detail(self.detail(job) if job else _("Choose a job to reprint, preview, "
                                                               "cancel or send to another "
                                                               "printer."),
                               bool(job and job.last_error and job.status in CANCELLABLE))
        self._view.enable_actions(reprint=job is not None, send=job is not None and bool(self.printers),
                                  cancel=job is not None and job.status in CANCELLABLE,
                                  preview=job is not None)

    # -- actions ------------------------------------------------------------------------------
    def _act(self, row: int, call: JobCall[T], ok: Callable[[T], None], status: str) -> None:
        job = self._job(row)
        if job is None:
            self._view.show_error(_("Choose a job in the list first."))
            return
        if self._acting:
            self._view.show_status(_("Still working on the last request…"))
            return
        self._acting = True
        self._view.show_busy(True)
        self._view.show_status(status)
        job_id = job.id
        self._run(lambda s, a: call(s, a, job_id), lambda result: self._acted(ok, result),
                  self._act_failed)

    def _acted(self, ok: Callable[[T], None], result: T) -> None:
        self._acting = False
        self._view.show_busy(self._loading)
        ok(result)
        self.refresh()

    def _act_failed(self, exc: Exception) -> None:
        self._acting = False
        self._view.show_busy(self._loading)
        self._view.show_error(error_words(exc))

    def reprint(self, row: int) -> None:
        self._act(row, self._door.reprint, self._reprinted, _("Queuing a copy…"))

    def _reprinted(self, ref: JobRef) -> None:
        self._selected = ref.id
        self._view.show_status(ref.sentence)

    def send_to(self, row: int, printer: str) -> None:
        job = self._job(row)
        if job is not None and not printer:
            self._view.show_error(_("Choose the printer to send it to."))
            return
        self._act(row, lambda s, a, job_id: self._door.send_to(s, a, job_id, printer), self._sent,
                  _("Sending to “{printer}”…").format(printer=printer))

    def _sent(self, ref: JobRef) -> None:
        self._selected = ref.id
        self._view.show_status(ref.sentence)

    def cancel(self, row: int) -> None:
        job = self._job(row)
        if job is not None and job.status not in CANCELLABLE:
            self._view.show_error(_("This job is {status}: only a job still waiting to print can "
                                    "be cancelled.").format(status=status_words(job.status).lower()))
            return
        job_id = job.id if job else None
        title = job.title if job else ""
        self._act(row, self._door.cancel,
                  lambda _done: setattr(self, "_cancelling", (job_id, title)), _("Cancelling…"))

    def _report_cancel(self, job_id: uuid.UUID, title: str) -> None:
        self._cancelling = None
        job = next((j for j in self.jobs if j.id == job_id), None)
        if job is None:
            self._view.show_status(_("{document} was cancelled, so it won't print.").format(
                document=title))
        elif job.status == "cancelled":
            self._view.show_status(paper_sentence([self._paper(job)]))
        else:  # the worker had it on its way to the printer at that moment
            self._view.show_error(_("It was on its way to the printer, so it could not be "
                                    "cancelled: {what}").format(
                                        what=paper_sentence([self._paper(job)])))

    def preview(self, row: int) -> None:
        job = self._job(row)
        if job is None:
            self._view.show_error(_("Choose a job in the list first."))
            return
        self._open_preview(job.id, job.title)
