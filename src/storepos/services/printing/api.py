"""The print jobs screen's door to the print queue: one method per action, run on the worker.

Each method takes the operation's session and actor (AppContext.run hands them in; the queue does
not need the actor) and returns plain values: no ORM row leaves the worker thread. The presenter
takes a `PrintingDoor`; `PrintingServices` is the real one, and unit tests hand in a fake.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from storepos.i18n import _, ngettext
from storepos.i18n.formats import number
from storepos.services.base.context import Actor
from storepos.services.printing import printers
from storepos.services.printing import queue as pq
from storepos.services.printing.queue import JobView
from storepos.services.printing.status import JobLike, queued_sentence

LIST_LIMIT = 100
PREVIEW_SCALE = 1.25  # one printer dot is 1.25 px: receipt text reads at arm's length


@dataclass(frozen=True, slots=True)
class PrinterChoice:
    name: str
    model: str
    is_default: bool


@dataclass(frozen=True, slots=True)
class Listing:
    jobs: tuple[JobView, ...]  # newest first
    printers: tuple[PrinterChoice, ...]


@dataclass(frozen=True, slots=True)
class JobRef:
    id: uuid.UUID
    printer: str
    title: str
    sentence: str = ""  # what the queue did with it, as every screen says it


class PrintingDoor(Protocol):
    """What the print jobs screen (and the print preview) asks of the print queue."""

    def load(self, session: Session, actor: Actor) -> Listing: ...
    def reprint(self, session: Session, actor: Actor, job_id: uuid.UUID) -> JobRef: ...
    def send_to(self, session: Session, actor: Actor, job_id: uuid.UUID, printer: str) -> JobRef: ...
    def cancel(self, session: Session, actor: Actor, job_id: uuid.UUID) -> None: ...
    def preview(self, session: Session, actor: Actor, job_id: uuid.UUID,
                scale: float = PREVIEW_SCALE) -> bytes: ...


def _ref(session: Session, job: JobLike, already: bool = False) -> JobRef:
    return JobRef(job.id, job.printer, job.title,
                  queued_sentence(session, [job], {job.id} if already else ()))


class PrintingServices:
    """The real door: the till's print queue and its printer settings."""

    def load(self, session: Session, actor: Actor, *, limit: int = LIST_LIMIT) -> Listing:
        printers = tuple(PrinterChoice(p.name, p.model, bool(p.is_default))
                         for p in pq.printer_settings(session))
        return Listing(tuple(pq.list_jobs(session, limit=limit)), printers)

    def reprint(self, session: Session, actor: Actor, job_id: uuid.UUID) -> JobRef:
        """A new copy, unless one still waits to print (a second click queues nothing more)."""
        return _ref(session, *pq.reprint_once(session, job_id))

    def send_to(self, session: Session, actor: Actor, job_id: uuid.UUID, printer: str) -> JobRef:
        return _ref(session, pq.send_to(session, job_id, printer))

    def cancel(self, session: Session, actor: Actor, job_id: uuid.UUID) -> None:
        pq.cancel(session, job_id)

    def preview(self, session: Session, actor: Actor, job_id: uuid.UUID,
                scale: float = PREVIEW_SCALE) -> bytes:
        return pq.preview_png(session, job_id, scale=scale)


# -- the Printers screen ---------------------------------------------------------------------------
class PrinterSetupDoor(Protocol):
    """What the manager's Printers screen asks: the same service as `storepos printer`."""

    def load(self, session: Session, actor: Actor) -> printers.PrinterSetup: ...
    def add(self, session: Session, actor: Actor, name: str, model: str, connection: str,
            default: bool) -> str: ...
    def change(self, session: Session, actor: Actor, name: str, model: str, connection: str,
               default: bool) -> str: ...
    def remove(self, session: Session, actor: Actor, name: str) -> str: ...
    def route(self, session: Session, actor: Actor, document: str, printer: str) -> str: ...
    def status(self, session: Session, actor: Actor, name: str) -> printers.StatusReport: ...
    def test_page(self, session: Session, actor: Actor, name: str) -> str: ...


class PrinterSetupServices:
    """The real door: each method answers with the sentence the screen shows."""

    def __init__(self, status_timeout: float | None = None) -> None:
        self.status_timeout = status_timeout

    def load(self, session: Session, actor: Actor) -> printers.PrinterSetup:
        return printers.printer_setup(session)

    def add(self, session: Session, actor: Actor, name: str, model: str, connection: str,
            default: bool) -> str:
        setting = printers.add_printer(session, actor, name, model, connection, default=default)
        return _("Printer “{name}” added: {reached_by}.").format(
            name=setting.name, reached_by=printers.reached_by(setting.connection))

    def change(self, session: Session, actor: Actor, name: str, model: str, connection: str,
               default: bool) -> str:
        setting = printers.change_printer(session, actor, name, model, connection, default=default)
        return _("Printer “{name}” saved: {reached_by}.").format(
            name=setting.name, reached_by=printers.reached_by(setting.connection))

    def remove(self, session: Session, actor: Actor, name: str) -> str:
        printers.remove_printer(session, actor, name)
        return _("Printer “{name}” removed.").format(name=name)

    def route(self, session: Session, actor: Actor, document: str, printer: str) -> str:
        printers.route_documents(session, actor, document, printer)
        if not printer:
            return {
                printers.RECEIPTS: _("Receipts now go to the receipt printer."),
                printers.SLIPS: _("Slips now go to the receipt printer."),
                printers.REPORTS: _("Reports now go to the receipt printer."),
            }[document]
        return {
            printers.RECEIPTS: _("Receipts now go to “{printer}”."),
            printers.SLIPS: _("Slips now go to “{printer}”."),
            printers.REPORTS: _("Reports now go to “{printer}”."),
        }[document].format(printer=printer)

    def status(self, session: Session, actor: Actor, name: str) -> printers.StatusReport:
        return printers.printer_status(printers.target_of(session, name), self.status_timeout)

    def test_page(self, session: Session, actor: Actor, name: str) -> str:
        from storepos.devices.printing.transports import PrinterNotReady, PrinterUnavailable

        target = printers.target_of(session, name)
        try:
            sent = printers.send_test_page(target)
        except (PrinterNotReady, PrinterUnavailable) as exc:
            raise printers.PrinterSetupError(
                _("The test page did not print. {problem}").format(
                    problem=exc.words())) from None
        return ngettext("Test page sent to “{printer}” ({model}, {n} byte).",
                        "Test page sent to “{printer}” ({model}, {n} bytes).",
                        sent.bytes_sent).format(printer=sent.printer, model=sent.model,
                                                n=number(sent.bytes_sent))
