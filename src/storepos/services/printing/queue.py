"""The print queue: jobs written with the action they belong to, sent by a background worker.

    job = enqueue(session, document, printer="receipt")   # inside the action's transaction
    ...the action commits; the worker wakes at once and sends the job...

- The counter never waits: `enqueue` only adds a row; the worker (a plain thread, no Qt) renders
  the document for the printer's model and sends it with short timeouts.
- A printer that is off, unreachable, out of paper or offline leaves the job WAITING; it is tried
  again with backoff (1 s, 2 s, 4 s ... at most a minute), for as long as it takes.
- Nothing is lost on a restart: jobs live in the local database; one that was being sent when the
  app stopped goes back to the queue (a duplicate slip is better than a missing refund receipt).
- A second slip says so. Just before a job's bytes first go to a printer, `first_sent_at` is
  committed; a job sent again after that (the printer stopped answering, the app was killed between
  send and acknowledge) prints COPY with that time. A staff reprint prints REPRINT with the time the
  original printed. The first delivery attempt prints no mark (`copy_mark`).
- Staff see every job (`list_jobs`), reprint any past document (`reprint`), send a job to another
  printer (`send_to`), cancel one (`cancel`), and preview any of them (`preview_png`).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker

from storepos.devices.printing.codec import from_json, to_json
from storepos.devices.printing.connections import PrinterConnectionError, parse_connection
from storepos.devices.printing.definitions import PrinterModel, PrinterModelError, get_model
from storepos.devices.printing.documents import (
    CopyKind,
    CopyMark,
    DocumentError,
    DocumentKind,
    mask_number,
)
from storepos.i18n import _
from storepos.persistence.db import WRITES, rows_changed
from storepos.persistence.models.print_jobs import (
    PrinterSetting,
    PrintJob,
    PrintJobStatus,
)

log = logging.getLogger(__name__)

DUE = (PrintJobStatus.QUEUED, PrintJobStatus.WAITING)
NOT_YET_PRINTED = (*DUE, PrintJobStatus.SENDING)
FALLBACK_PRINTER = "receipt"  # a till with no printer set up yet: its jobs wait under this name


class PrintQueueError(ValueError):
    """A request staff can correct: no such job, no such printer."""


# -- writing jobs (inside the caller's transaction) ---------------------------------------------
_wakers: set[Callable[[], None]] = set()
_wakers_lock = threading.Lock()


def _wake_workers(_session: Session) -> None:
    _session.info.pop("storepos_print_wake", None)
    with _wakers_lock:
        wakers = list(_wakers)
    for wake in wakers:
        wake()


def _wake_after_commit(session: Session) -> None:
    if not session.info.get("storepos_print_wake"):
        session.info["storepos_print_wake"] = True
        event.listen(session, "after_commit", _wake_workers, once=True)


def _reference(document: Any) -> str:
    for attr in ("return_id", "pickup_number", "claim_number"):
        value = getattr(document, attr, "")
        if value:
            return str(value)
    if document.kind == DocumentKind.VALUE_CARD_SLIP:  # the card as the customer's copy shows it: ••••1234
        return mask_number(document.number)
    return ""


def document_words(kind: str, account_kind: object = None) -> str:
    """What a document is called, in the reader's language ("Refund receipt")."""
    if kind == DocumentKind.VALUE_CARD_SLIP:
        return _("Gift card slip") if account_kind == "gift_card" else _("Store credit slip")
    words: dict[str, str] = {
        DocumentKind.REFUND_RECEIPT: _("Refund receipt"),
        DocumentKind.EXCHANGE_RECEIPT: _("Exchange receipt"),
        DocumentKind.RETURN_SLIP: _("Return slip"),
        DocumentKind.PICKUP_RECEIPT: _("Pickup receipt"),
        DocumentKind.WARRANTY_TICKET: _("Warranty ticket"),
        DocumentKind.TEST_PAGE: _("Test page"),
    }
    return words.get(kind, kind.replace("_", " ").capitalize())


def _title(document: Any) -> str:
    words = document_words(document.kind, getattr(document, "account_kind", None))
    reference = _reference(document)
    return f"{words} {reference}".strip()


def enqueue(session: Session, document: Any, printer: str, *, till_id: uuid.UUID | None = None,
            reprint_of: uuid.UUID | None = None) -> PrintJob:
    """Add a print job to the caller's unit of work; it is sent after the caller commits."""
    data = to_json(document)  # refuses what is not a printable document
    original_at = _original_time(session, reprint_of) if reprint_of is not None else None
    job = PrintJob(
        id=uuid.uuid4(), kind=document.kind, document=data, printer=printer, till_id=till_id,
        reference=_reference(document), title=_title(document)[:120],
        status=PrintJobStatus.QUEUED, attempts=0, next_attempt_at=_now(), last_error="",
        reprint_of=reprint_of, original_printed_at=original_at,
    )
    session.add(job)
    _wake_after_commit(session)
    return job


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)  # SQLite: naive UTC


def _original_time(session: Session, job_id: uuid.UUID) -> datetime:
    """When the first job of a reprint chain first went to the printer (its first paper), else
    when it was queued (it never printed)."""
    job = _job(session, job_id)
    seen = {job.id}
    while job.reprint_of is not None and job.reprint_of not in seen:
        if job.original_printed_at is not None:  # a reprint of a reprint: already resolved
            return _aware(job.original_printed_at)
        job = _job(session, job.reprint_of)
        seen.add(job.id)
    return _aware(job.first_sent_at or job.printed_at or job.created_at)


def copy_mark(session: Session, job: PrintJob) -> CopyMark | None:
    """What the job's next send prints on top and at its foot, from its own recorded state:
    REPRINT for a staff reprint, COPY when bytes of it may already have reached a printer, else
    nothing. (A printed job's own paper is its stored payload.)"""
    if job.reprint_of is not None:
        original = job.original_printed_at or _original_time(session, job.reprint_of)
        return CopyMark(CopyKind.REPRINT, _aware(original))
    if job.first_sent_at is not None:
        return CopyMark(CopyKind.COPY, _aware(job.first_sent_at))
    return None


def _content(data: dict[str, Any]) -> dict[str, Any]:
    """A document's facts without its header: a second click is a second later, maybe by someone
    else, and is still the same ticket; but a copy in the customer's language is another paper."""
    facts = {k: v for k, v in data.items() if k != "header"}
    facts["language"] = (data.get("header") or {}).get("language", "")
    return facts


def waiting_copy(session: Session, document: Any) -> PrintJob | None:
    """A job for the same document that has not printed yet, if there is one."""
    content = _content(to_json(document))
    jobs = session.scalars(select(PrintJob).where(PrintJob.kind == document.kind)
                           .where(PrintJob.reference == _reference(document))
                           .where(PrintJob.status.in_(NOT_YET_PRINTED))
                           .order_by(PrintJob.created_at))
    return next((job for job in jobs if _content(job.document) == content), None)


def enqueue_once(session: Session, document: Any, printer: str, *,
                 till_id: uuid.UUID | None = None,
                 reprint_of: uuid.UUID | None = None) -> tuple[PrintJob, bool]:
    """`enqueue`, unless the same document still waits to print: then that job, and True.

    A second click on "Print ticket" while the first copy waits (no printer, printer off) would
    otherwise stack identical copies that all come out when the printer is back."""
    waiting = waiting_copy(session, document)
    if waiting is not None:
        return waiting, True
    if reprint_of is None:  # "Print ticket" again once it has gone out is a reprint, and says so
        earlier = sent_before(session, document)
        reprint_of = earlier.id if earlier is not None else None
    return enqueue(session, document, printer, till_id=till_id, reprint_of=reprint_of), False


def sent_before(session: Session, document: Any) -> PrintJob | None:
    """The first job for the same document whose bytes have gone to a printer, if any."""
    content = _content(to_json(document))
    jobs = session.scalars(select(PrintJob).where(PrintJob.kind == document.kind)
                           .where(PrintJob.reference == _reference(document))
                           .where(PrintJob.first_sent_at.is_not(None))
                           .order_by(PrintJob.created_at))
    return next((job for job in jobs if _content(job.document) == content), None)


# -- staff actions ------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    created_at: datetime
    kind: str
    title: str
    reference: str
    printer: str
    status: str
    attempts: int
    last_error: str
    printed_at: datetime | None
    next_attempt_at: datetime
    reprint_of: uuid.UUID | None


def _view(job: PrintJob) -> JobView:
    reference = job.reference
    number = job.document.get("number") if job.kind == DocumentKind.VALUE_CARD_SLIP else None
    if not reference and number:  # a slip queued before slips named their card
        reference = mask_number(str(number))
    # Said in the reader's language, whoever queued it (the stored title is the queuer's words).
    title = f"{document_words(job.kind, job.document.get('account_kind'))} {reference}".strip()
    return JobView(job.id, job.created_at, job.kind, title, reference, job.printer,
                   str(job.status), job.attempts, job.last_error, job.printed_at,
                   job.next_attempt_at, job.reprint_of)


def list_jobs(session: Session, *, limit: int = 50, reference: str | None = None,
              statuses: Iterable[str] | None = None) -> list[JobView]:
    """Newest first."""
    query = select(PrintJob).order_by(PrintJob.created_at.desc()).limit(limit)
    if reference:
        query = query.where(PrintJob.reference == reference)
    if statuses:
        query = query.where(PrintJob.status.in_([PrintJobStatus(s) for s in statuses]))
    return [_view(job) for job in session.scalars(query)]


def _job(session: Session, job_id: uuid.UUID) -> PrintJob:
    job = session.get(PrintJob, job_id)
    if job is None:
        raise PrintQueueError(_("There is no print job {job} on this till.").format(job=job_id))
    return job


def reprint(session: Session, job_id: uuid.UUID, printer: str | None = None) -> PrintJob:
    """A new job with the same document (laid out again for the printer it goes to)."""
    original = _job(session, job_id)
    if printer is not None:
        _setting(session, printer)
    document = from_json(original.document)
    return enqueue(session, document, printer or original.printer, till_id=original.till_id,
                   reprint_of=original.id)


def reprint_once(session: Session, job_id: uuid.UUID) -> tuple[PrintJob, bool]:
    """A reprint, unless a copy of the document still waits to print: then that copy, and True."""
    original = _job(session, job_id)
    return enqueue_once(session, from_json(original.document), original.printer,
                        till_id=original.till_id, reprint_of=original.id)


def send_to(session: Session, job_id: uuid.UUID, printer: str) -> PrintJob:
    """Send a job to another printer: a waiting job moves there, a printed one is reprinted."""
    _setting(session, printer)
    job = _job(session, job_id)
    if job.status in (PrintJobStatus.PRINTED, PrintJobStatus.SENDING):
        return reprint(session, job_id, printer)
    job.printer = printer
    job.status = PrintJobStatus.QUEUED
    job.attempts = 0
    job.next_attempt_at = _now()
    job.last_error = ""
    _wake_after_commit(session)
    return job


def cancel(session: Session, job_id: uuid.UUID) -> None:
    job = _job(session, job_id)
    if job.status in DUE or job.status is PrintJobStatus.FAILED:
        job.status = PrintJobStatus.CANCELLED


def preview_png(session: Session, job_id: uuid.UUID, *, scale: float = 1.0) -> bytes:
    """What the job's paper looks like, as a PNG (its bytes decoded as a printer reads them)."""
    from storepos.devices.printing.preview import (
        preview_bytes,  # Pillow, only when asked
    )

    job = _job(session, job_id)
    model = _model_for(session, job.printer)
    sent = job.status in (PrintJobStatus.PRINTED, PrintJobStatus.SENDING)
    if sent and job.payload and job.rendered_for == model.name:
        data = job.payload  # what was printed (or is on its way), marked or not
    else:  # what the next send prints (COPY once bytes of it may have printed)
        data = _render(job, model, copy_mark(session, job))
    return preview_bytes(data, model, scale=scale)


# -- printers -----------------------------------------------------------------------------------
def configure_printer(session: Session, name: str, model: str, connection: str, *,
                      till_id: uuid.UUID | None = None, default: bool = False) -> PrinterSetting:
    get_model(model)  # PrinterModelError names the known models
    parse_connection(connection)  # PrinterConnectionError says what is wrong
    setting = session.scalar(select(PrinterSetting).where(PrinterSetting.name == name))
    if setting is None:
        setting = PrinterSetting(id=uuid.uuid4(), name=name, model=model, connection=connection,
                                 till_id=till_id, is_default=default)
        session.add(setting)
    else:
        setting.model, setting.connection, setting.till_id = model, connection, till_id
        setting.is_default = default
    if default:
        session.execute(update(PrinterSetting).where(PrinterSetting.name != name)
                        .where(PrinterSetting.till_id == till_id).values(is_default=False))
    return setting


def printer_settings(session: Session) -> list[PrinterSetting]:
    return list(session.scalars(select(PrinterSetting).order_by(PrinterSetting.name)))


def default_printer(session: Session, till_id: uuid.UUID | None = None) -> str:
    query = select(PrinterSetting.name).where(PrinterSetting.is_default.is_(True))
    if till_id is not None:
        query = query.where(PrinterSetting.till_id == till_id)
    name = session.scalar(query.limit(1))
    if name is None:
        raise PrintQueueError(_("no default printer is set up for this till"))
    return name


def till_printer(session: Session, till_id: uuid.UUID | None) -> str:
    """The till's default printer, else the store's, else the name a new printer will take."""
    for till in (till_id, None):
        try:
            return default_printer(session, till)
        except PrintQueueError:
            continue
    return FALLBACK_PRINTER


def _setting(session: Session, name: str) -> PrinterSetting:
    setting = session.scalar(select(PrinterSetting).where(PrinterSetting.name == name))
    if setting is None:
        raise PrintQueueError(_("No printer called “{printer}” is set up on this till.").format(
            printer=name))
    return setting


def _model_for(session: Session, printer: str) -> PrinterModel:
    return get_model(_setting(session, printer).model)


def _render(job: PrintJob, model: PrinterModel, mark: CopyMark | None) -> bytes:
    from storepos.devices.printing.escpos_render import render  # escpos: first job only
    from storepos.devices.printing.receipts import layout_document

    return render(layout_document(from_json(job.document), model, mark), model)


# -- the worker ---------------------------------------------------------------------------------
def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0  # seconds before the first retry
    factor: float = 2.0
    most: float = 60.0

    def delay(self, attempts: int) -> float:
        return min(self.most, self.first * self.factor ** max(0, attempts - 1))


class PrintQueue:
    """Sends due jobs in a background thread (`start`), or on demand (`run_once`)."""

    def __init__(self, session_factory: sessionmaker[Session], *, backoff: Backoff = Backoff(),
                 status_timeout: float = 0.5, idle_poll: float = 30.0,
                 on_change: Callable[[JobView], None] | None = None,
                 warm_up: bool = True) -> None:
        self.sessions = session_factory
        self.backoff = backoff
        self.status_timeout = status_timeout
        self.idle_poll = idle_poll
        self.on_change = on_change  # e.g. the UI's thread-safe "job status changed" signal
        # Import python-escpos in the worker thread once it starts, so the first receipt of the
        # day does not pay for it; the app's start-up never does.
        self.warm_up = warm_up
        self._event = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> None:
        if self._thread is not None:
            return
        self.recover()
        self._stopping.clear()
        with _wakers_lock:
            _wakers.add(self.wake)
        self._thread = threading.Thread(target=self._loop, name="print-queue", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with _wakers_lock:
            _wakers.discard(self.wake)
        self._stopping.set()
        self._event.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._event.set()

    def recover(self) -> int:
        """Jobs left SENDING by an app that stopped mid-send go back to the queue."""
        with self.sessions.begin() as session:
            session.connection(execution_options={WRITES: True})  # SQLite: lock at BEGIN
            return rows_changed(
                session,
                update(PrintJob).where(PrintJob.status == PrintJobStatus.SENDING)
                .values(status=PrintJobStatus.QUEUED, next_attempt_at=_now())
            )

    def _loop(self) -> None:
        if self.warm_up:
            try:
                from storepos.devices.printing.escpos_lib import escpos

                escpos()
            except Exception:  # printing will say what is wrong, job by job
                log.exception("python-escpos could not be imported")
        while not self._stopping.is_set():
            self._event.clear()
            try:
                self.run_once()
                wait = self._next_due_in()
            except Exception:  # the worker must outlive any one bad moment
                log.exception("print queue pass failed")
                wait = self.backoff.first
                try:  # a job caught mid-send goes back to the queue, as after a restart
                    self.recover()
                except Exception:  # the database itself is away; try later
                    log.exception("print queue could not recover its jobs")
            timeout = self.idle_poll if wait is None else min(max(wait, 0.0), self.idle_poll)
            self._event.wait(timeout)

    def _next_due_in(self) -> float | None:
        with self.sessions() as session:
            due = session.scalar(select(PrintJob.next_attempt_at).where(PrintJob.status.in_(DUE))
                                 .order_by(PrintJob.next_attempt_at).limit(1))
        if due is None:
            return None
        if due.tzinfo is None:  # SQLite hands back naive UTC
            due = due.replace(tzinfo=UTC)
        return (due - _now()).total_seconds()

    # one pass
    def run_once(self) -> int:
        """Try every job that is due now, oldest first; returns how many were tried."""
        tried = 0
        skip: set[str] = set()  # a printer that just failed is not tried again in this pass
        while not self._stopping.is_set():
            claimed = self._claim(skip)
            if claimed is None:
                return tried
            tried += 1
            ok = self._send(*claimed)
            if not ok:
                skip.add(claimed[1])
        return tried

    def _claim(self, skip: set[str]) -> tuple[uuid.UUID, str] | None:
        with self.sessions.begin() as session:
            session.connection(execution_options={WRITES: True})  # SQLite: lock at BEGIN
            query = (select(PrintJob.id, PrintJob.printer).where(PrintJob.status.in_(DUE))
                     .where(PrintJob.next_attempt_at <= _now())
                     .order_by(PrintJob.created_at).limit(1))
            if skip:
                query = query.where(PrintJob.printer.not_in(skip))
            row = session.execute(query).first()
            if row is None:
                return None
            claimed = rows_changed(
                session,
                update(PrintJob).where(PrintJob.id == row.id).where(PrintJob.status.in_(DUE))
                .values(status=PrintJobStatus.SENDING, attempts=PrintJob.attempts + 1)
            )
            if not claimed:
                return None  # another worker took it
            return row.id, row.printer

    def _send(self, job_id: uuid.UUID, printer: str) -> bool:
        from storepos.devices.printing.transports import (
            PrinterNotReady,
            PrinterUnavailable,
            send_job,
        )

        with self.sessions() as session:
            job = session.get(PrintJob, job_id)
            assert job is not None
            setting = session.scalar(select(PrinterSetting).where(PrinterSetting.name == printer))
            attempts = job.attempts
            payload, rendered_for = job.payload, job.rendered_for
            document = job.document
            mark = copy_mark(session, job)  # decided before this send writes first_sent_at
        if setting is None:
            self._finish(job_id, PrintJobStatus.WAITING, f"no printer named {printer!r}",
                         attempts)
            return False
        try:
            model = get_model(setting.model)
            conn = parse_connection(setting.connection)
            # The cached bytes are the unmarked first print's: a marked send is laid out again.
            if mark is not None or payload is None or rendered_for != model.name:
                from storepos.devices.printing.escpos_render import render
                from storepos.devices.printing.receipts import layout_document

                payload = render(layout_document(from_json(document), model, mark), model)
                rendered_for = model.name
        except (DocumentError, ValueError) as exc:
            # The setting's part is named so the reason can be worded (services/printing/status.py).
            part = ("printer connection: " if isinstance(exc, PrinterConnectionError)
                    else "printer model: " if isinstance(exc, PrinterModelError) else "")
            self._finish(job_id, PrintJobStatus.FAILED, f"cannot print: {part}{exc}", attempts)
            return True
        sending, sending_for = payload, rendered_for
        try:
            send_job(conn, payload, ask_status=model.status, status_timeout=self.status_timeout,
                     before_write=lambda: self._mark_sent(job_id, sending, sending_for))
        except PrinterNotReady as exc:
            self._finish(job_id, PrintJobStatus.WAITING, f"{exc} ({exc.state})", attempts,
                         payload, rendered_for)
            return False
        except PrinterUnavailable as exc:
            self._finish(job_id, PrintJobStatus.WAITING, str(exc), attempts, payload, rendered_for)
            return False
        except Exception as exc:  # never lose the job to an unexpected error
            log.exception("print job %s", job_id)
            self._finish(job_id, PrintJobStatus.WAITING, f"error: {exc}", attempts, payload,
                         rendered_for)
            return False
        self._finish(job_id, PrintJobStatus.PRINTED, "", attempts, payload, rendered_for)
        return True

    def _mark_sent(self, job_id: uuid.UUID, payload: bytes, rendered_for: str) -> None:
        """Committed before the first byte goes: if the app dies between send and acknowledge,
        the job sent again after the restart still knows it may be a second slip. The bytes on
        their way are kept with it (the preview of a job being sent shows them)."""
        with self.sessions.begin() as session:
            session.connection(execution_options={WRITES: True})  # SQLite: lock at BEGIN
            session.execute(update(PrintJob).where(PrintJob.id == job_id)
                            .where(PrintJob.status == PrintJobStatus.SENDING)
                            .values(payload=payload, rendered_for=rendered_for))
            session.execute(update(PrintJob).where(PrintJob.id == job_id)
                            .where(PrintJob.first_sent_at.is_(None))
                            .values(first_sent_at=_now()))

    def _finish(self, job_id: uuid.UUID, status: PrintJobStatus, error: str, attempts: int,
                payload: bytes | None = None, rendered_for: str | None = None) -> None:
        now = _now()
        values: dict[str, Any] = {"status": status, "last_error": error[:300], "updated_at": now}
        if status is PrintJobStatus.PRINTED:
            values["printed_at"] = now
        if status is PrintJobStatus.WAITING:
            values["next_attempt_at"] = now + timedelta(seconds=self.backoff.delay(attempts))
        if payload is not None:
            values["payload"] = payload
            values["rendered_for"] = rendered_for
        with self.sessions.begin() as session:
            session.connection(execution_options={WRITES: True})  # SQLite: lock at BEGIN
            # Only a job still SENDING is finished: staff may have cancelled or moved it meanwhile.
            session.execute(update(PrintJob).where(PrintJob.id == job_id)
                            .where(PrintJob.status == PrintJobStatus.SENDING).values(**values))
            if status is PrintJobStatus.PRINTED:
                # The printer is back: whatever waited for it goes now, not at its next retry.
                printer = session.scalar(select(PrintJob.printer).where(PrintJob.id == job_id))
                session.execute(update(PrintJob).where(PrintJob.printer == printer)
                                .where(PrintJob.status == PrintJobStatus.WAITING)
                                .values(next_attempt_at=now))
            if status is PrintJobStatus.WAITING:
                # The other jobs for this printer wait with it, so they stay in order and a dead
                # printer is not asked again for each of them.
                printer = session.scalar(select(PrintJob.printer).where(PrintJob.id == job_id))
                session.execute(update(PrintJob).where(PrintJob.printer == printer)
                                .where(PrintJob.status.in_(DUE))
                                .where(PrintJob.next_attempt_at < values["next_attempt_at"])
                                .values(next_attempt_at=values["next_attempt_at"]))
            job = session.get(PrintJob, job_id)
            view = _view(job) if job is not None else None
        if self.on_change is not None and view is not None:
            try:
                self.on_change(view)
            except Exception:
                log.exception("print queue listener failed")
