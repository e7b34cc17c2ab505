"""What the print queue really did with a document, in the one sentence every screen shows.

    paper = queue_claim_ticket(session, actor, ticket)     # QueuedPaper(..., sentence=...)
    view.show_status(paper.sentence)
    # "Warranty ticket W-T01-000004 is waiting in the print queue: no receipt printer is set up
    #  on this till."

Returns, exchanges, pickups, warranty tickets, gift card and store credit slips and reprints all
say it the same way, from the job's real state: queued with no printer set up for it, in the
queue for a printer, being sent, waiting for a printer that is not ready (and why), printed,
failed or cancelled. "Printed" is said only once the printer took the job.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.persistence.models.print_jobs import PrinterSetting
from storepos.services.printing.queue import FALLBACK_PRINTER

# What the queue writes in last_error: (pattern, what the printer is doing, what staff can do).
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (r"paper ran out during", "ran out of paper during the job",
     "Paper ran out during the job: load a new roll; it prints again."),
    (r"out of paper", "is out of paper", "Out of paper: load a new roll."),
    (r"printer offline", "is offline", "Printer offline: close the cover and check for a paper jam."),
    (r"refused", "is not answering", "The printer is not answering: is it switched on and plugged in?"),
    (r"timed out|timeout|no route|unreachable|cannot connect|cannot open",
     "can't be reached", "Can't reach the printer: check its power and cable."),
    (r"connection lost|closed the connection|stopped answering",
     "stopped in the middle of the job", "The printer stopped mid-job; it will be tried again."),
    (r"needs (\w+), which is not installed", "needs a driver this computer lacks ({0})",
     "This computer lacks the printer driver ({0})."),
    (r"no printer named '([^']*)'", "has only just been set up",  # it was not, at the last try
     "No printer called “{0}” is set up on this till."),
)
_CANNOT_PRINT = "cannot print: "


def _match(text: str) -> tuple[str, str] | None:
    for pattern, doing, advice in PROBLEMS:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return doing.format(*found.groups()), advice.format(*found.groups())
    return None


def problem_words(text: str) -> str:
    """The queue's last error as advice for staff ("Out of paper: load a new roll.")."""
    if not text:
        return ""
    found = _match(text)
    if found:
        return found[1]
    if text.startswith(_CANNOT_PRINT):
        return f"This document can't be printed: {text[len(_CANNOT_PRINT):]}"
    return text[:1].upper() + text[1:]


def problem_action(text: str) -> str:
    """Only what staff can do about the queue's last error ("Load a new roll."), if anything."""
    found = _match(text) if text else None
    if found is None or ": " not in found[1]:
        return ""
    action = found[1].split(": ", 1)[1]
    return action[:1].upper() + action[1:]


class JobLike(Protocol):
    """A PrintJob row or a JobView: what a sentence needs from a job."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def title(self) -> str: ...
    @property
    def printer(self) -> str: ...
    @property
    def status(self) -> object: ...
    @property
    def last_error(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Paper:
    """One queued document as the queue really holds it."""

    document: str  # "Refund receipt R-T01-000123", "Gift card slip ••••1234"
    printer: str
    status: str  # a PrintJobStatus value
    printer_set_up: bool  # a printer of that name is set up
    problem: str = ""  # the queue's last error
    already: bool = False  # a copy was still waiting, so no second one was queued
    printed_at: str = ""  # "10:01:02", when known


def _no_printer(printer: str) -> str:
    if printer == FALLBACK_PRINTER:
        return "no receipt printer is set up on this till"
    return f"no printer called “{printer}” is set up on this till"


def missing_printer(printer: str) -> str:
    """"No receipt printer is set up on this till.": why a job waits, as a line of its own."""
    text = _no_printer(printer)
    return f"{text[:1].upper()}{text[1:]}."


def _state(paper: Paper) -> str:
    """The sentence's predicate, with {is} {it} {was} for one or several documents."""
    name = f"“{paper.printer}”"
    if paper.status == "printed":
        return f"printed on {name}" + (f" at {paper.printed_at}" if paper.printed_at else "")
    if paper.status == "cancelled":
        return "{was} cancelled, so {it} won't print"
    if paper.status == "failed":
        reason = paper.problem.removeprefix(_CANNOT_PRINT) or "the printer refused it"
        return f"can't be printed on {name}: {reason}"
    already = " already" if paper.already else ""
    if not paper.printer_set_up:
        return "{is}" + f"{already} waiting in the print queue: {_no_printer(paper.printer)}"
    if paper.status == "waiting":
        found = _match(paper.problem) if paper.problem else None
        doing = found[0] if found else "is not ready"
        return ("{is}" + f"{already} waiting: the printer {name} {doing}; " + "{it} will print "
                "as soon as the printer is ready")
    if paper.status == "sending":
        return "{is}" + f"{already} being sent to {name}"
    return "{is}" + f"{already} in the print queue for {name}"


def _subject(documents: list[str]) -> str:
    names = [documents[0]] + [d[:1].lower() + d[1:] for d in documents[1:]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def paper_sentence(papers: Sequence[Paper]) -> str:
    """What happened to the queued paper, in plain words: one sentence per state it is in."""
    if not papers:
        return "Nothing was sent to the printer."
    groups: dict[tuple[str, bool], list[Paper]] = {}
    for paper in papers:
        groups.setdefault((_state(paper), paper.already), []).append(paper)
    sentences = []
    for (state, already), group in groups.items():
        many = len(group) > 1
        predicate = state.format(**{"is": "are" if many else "is", "it": "they" if many else "it",
                                    "was": "were" if many else "was"})
        tail = f"; no second cop{'ies were' if many else 'y was'} queued" if already else ""
        sentences.append(f"{_subject([p.document for p in group])} {predicate}{tail}.")
    return " ".join(sentences)


def printers_set_up(session: Session) -> set[str]:
    return set(session.scalars(select(PrinterSetting.name)))


def papers_of(jobs: Iterable[JobLike], printers: Collection[str],
              already: Collection[uuid.UUID] = ()) -> list[Paper]:
    return [Paper(job.title or "The document", job.printer, str(job.status), job.printer in printers,
                  job.last_error or "", job.id in already)
            for job in jobs]


def queued_sentence(session: Session, jobs: Iterable[JobLike],
                    already: Collection[uuid.UUID] = ()) -> str:
    """The sentence for jobs just queued (or found still waiting: `already`), as they stand."""
    return paper_sentence(papers_of(jobs, printers_set_up(session), already))
