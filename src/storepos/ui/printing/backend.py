"""What the print jobs screen asks of the print queue: one function per action, run on the worker.

Each takes the operation's session (and actor, which the queue does not need) and returns plain
values: no ORM row leaves the worker thread.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from storepos.services import print_queue as pq
from storepos.services.print_queue import JobView

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


def load(session: Any, _actor: Any = None, *, limit: int = LIST_LIMIT) -> Listing:
    printers = tuple(PrinterChoice(p.name, p.model, bool(p.is_default))
                     for p in pq.printer_settings(session))
    return Listing(tuple(pq.list_jobs(session, limit=limit)), printers)


def _ref(job: Any) -> JobRef:
    return JobRef(job.id, job.printer, job.title)


def reprint(session: Any, _actor: Any, job_id: uuid.UUID) -> JobRef:
    return _ref(pq.reprint(session, job_id))


def send_to(session: Any, _actor: Any, job_id: uuid.UUID, printer: str) -> JobRef:
    return _ref(pq.send_to(session, job_id, printer))


def cancel(session: Any, _actor: Any, job_id: uuid.UUID) -> None:
    pq.cancel(session, job_id)


def preview(session: Any, _actor: Any, job_id: uuid.UUID, scale: float = PREVIEW_SCALE) -> bytes:
    return pq.preview_png(session, job_id, scale=scale)
