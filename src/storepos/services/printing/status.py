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

from storepos.i18n import N_, _, current_locale, ngettext
from storepos.persistence.models.print_jobs import PrinterSetting
from storepos.services.printing.queue import FALLBACK_PRINTER

# What the queue writes in last_error: (pattern, what the printer is doing, what staff can do).
# The words are marked here and translated where said; {0} is what the pattern found.
PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (r"paper ran out during", N_("ran out of paper during the job"),
     N_("Paper ran out during the job: load a new roll; it prints again.")),
    (r"out of paper", N_("is out of paper"), N_("Out of paper: load a new roll.")),
    (r"printer offline", N_("is offline"),
     N_("Printer offline: close the cover and check for a paper jam.")),
    (r"refused", N_("is not answering"),
     N_("The printer is not answering: is it switched on and plugged in?")),
    (r"timed out|timeout|no route|unreachable|cannot connect|cannot open",
     N_("can't be reached"), N_("Can't reach the printer: check its power and cable.")),
    (r"connection lost|closed the connection|stopped answering|write failed",
     N_("stopped in the middle of the job"), N_("The printer stopped mid-job; it will be tried again.")),
    (r"needs (\w+), which is not installed", N_("needs a driver this computer lacks ({0})"),
     N_("This computer lacks the printer driver ({0}).")),
    (r"cannot use its driver", N_("can't be used: its driver is missing or broken"),
     N_("This computer can't use the printer: its driver is missing or broken.")),
    (r"no transport for", N_("can't be reached this way"),
     N_("This till has no way to reach the printer: check its connection in Printers.")),
    (r"no printer named '([^']*)'", N_("has only just been set up"),  # it was not, at the last try
     N_("No printer called “{0}” is set up on this till.")),
)
_CANNOT_PRINT = "cannot print: "
# Why the queue gave a job up ("cannot print: ..." in last_error, the machine text in English):
# (pattern on the reason, the reason as a clause, the advice). The document's own error text is
# a developer's, so the reader gets its kind in words; the text stays in last_error and the log.
CANNOT_PRINT: tuple[tuple[str, str, str], ...] = (
    (r"^printer connection: ", N_("the printer's connection setting can't be used"),
     N_("The printer's connection setting can't be used: correct it in Printers.")),
    (r"^printer model: ", N_("the printer's model is not known on this till"),
     N_("The printer's model is not known on this till: choose it again in Printers.")),
    (r"newer than this app", N_("it was made by a newer version of storepos"),
     N_("This document was made by a newer version of storepos: update this till to print it.")),
    (r"no (?:receipt |PDF )?layout for", N_("this till has no layout for this kind of document"),
     N_("This document can't be printed: this till has no layout for this kind of document.")),
    (r"", N_("the document is incomplete or inconsistent"),
     N_("This document can't be printed: it is incomplete or inconsistent.")),
)
# "error: ..." is an unexpected error of the app's own (details in the till's log); the job waits.
_UNEXPECTED = "error: "
# A job's status in words, marked here and worded where shown (the print jobs screen, `storepos
# print jobs`).
JOB_STATUS_WORDS = {"queued": N_("Queued"), "sending": N_("Sending…"), "waiting": N_("Waiting"),
                    "printed": N_("Printed"), "failed": N_("Can't print"),
                    "cancelled": N_("Cancelled")}


def job_status_words(status: str) -> str:
    """"Queued", "Can't print": a PrintJobStatus value in the reader's language."""
    return _(JOB_STATUS_WORDS[status]) if status in JOB_STATUS_WORDS else status.capitalize()


def _cannot_print(text: str) -> tuple[str, str] | None:
    """(reason clause, advice) for a job the queue gave up ("cannot print: ..."), in words."""
    if not text.startswith(_CANNOT_PRINT):
        return None
    reason = text[len(_CANNOT_PRINT):]
    for pattern, clause, advice in CANNOT_PRINT:
        if re.search(pattern, reason, re.IGNORECASE):
            return _(clause), _(advice)
    raise AssertionError("the last pattern matches every reason")


def _match(text: str) -> tuple[str, str] | None:
    if text.startswith(_UNEXPECTED):  # the exception's own text is no printer state
        return (_("could not take the job because of an unexpected error"),
                _("An unexpected error stopped the job; it will be tried again (the till's log "
                  "says more)."))
    for pattern, doing, advice in PROBLEMS:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return _(doing).format(*found.groups()), _(advice).format(*found.groups())
    return None


def problem_words(text: str) -> str:
    """The queue's last error as advice for staff ("Out of paper: load a new roll.")."""
    if not text:
        return ""
    found = _cannot_print(text) or _match(text)
    if found:
        return found[1]
    return text[:1].upper() + text[1:]


def problem_action(text: str) -> str:
    """Only what staff can do about the queue's last error ("Load a new roll."), if anything."""
    found = (_cannot_print(text) or _match(text)) if text else None
    if found is None or ":" not in found[1]:
        return ""
    action = found[1].split(":", 1)[1].strip()
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


def missing_printer(printer: str) -> str:
    """"No receipt printer is set up on this till.": why a job waits, as a line of its own."""
    if printer == FALLBACK_PRINTER:
        return _("No receipt printer is set up on this till.")
    return _("No printer called “{printer}” is set up on this till.").format(printer=printer)


def _waiting_words(paper: Paper, n: int) -> str:
    """The sentence (no full stop) for documents still in the queue, `n` of them."""
    if not paper.printer_set_up:
        if paper.printer == FALLBACK_PRINTER:
            if paper.already:
                return ngettext(
                    "{documents} is already waiting in the print queue: no receipt printer is set "
                    "up on this till",
                    "{documents} are already waiting in the print queue: no receipt printer is "
                    "set up on this till", n)
            return ngettext(
                "{documents} is waiting in the print queue: no receipt printer is set up on this "
                "till",
                "{documents} are waiting in the print queue: no receipt printer is set up on this "
                "till", n)
        if paper.already:
            return ngettext(
                "{documents} is already waiting in the print queue: no printer called “{printer}” "
                "is set up on this till",
                "{documents} are already waiting in the print queue: no printer called "
                "“{printer}” is set up on this till", n)
        return ngettext(
            "{documents} is waiting in the print queue: no printer called “{printer}” is set up "
            "on this till",
            "{documents} are waiting in the print queue: no printer called “{printer}” is set up "
            "on this till", n)
    if paper.status == "waiting":
        if paper.already:
            return ngettext(
                "{documents} is already waiting: the printer “{printer}” {doing}; it will print "
                "as soon as the printer is ready",
                "{documents} are already waiting: the printer “{printer}” {doing}; they will "
                "print as soon as the printer is ready", n)
        return ngettext(
            "{documents} is waiting: the printer “{printer}” {doing}; it will print as soon as "
            "the printer is ready",
            "{documents} are waiting: the printer “{printer}” {doing}; they will print as soon "
            "as the printer is ready", n)
    if paper.status == "sending":
        if paper.already:
            return ngettext("{documents} is already being sent to “{printer}”",
                            "{documents} are already being sent to “{printer}”", n)
        return ngettext("{documents} is being sent to “{printer}”",
                        "{documents} are being sent to “{printer}”", n)
    if paper.already:
        return ngettext("{documents} is already in the print queue for “{printer}”",
                        "{documents} are already in the print queue for “{printer}”", n)
    return ngettext("{documents} is in the print queue for “{printer}”",
                    "{documents} are in the print queue for “{printer}”", n)


def _state_words(paper: Paper, n: int) -> str:
    """The sentence (no full stop, {documents} still to fill) for `n` documents in one state."""
    if paper.status == "printed":
        if paper.printed_at:
            return ngettext("{documents} printed on “{printer}” at {time}",
                            "{documents} printed on “{printer}” at {time}", n)
        return ngettext("{documents} printed on “{printer}”", "{documents} printed on “{printer}”",
                        n)
    if paper.status == "cancelled":
        return ngettext("{documents} was cancelled, so it won't print",
                        "{documents} were cancelled, so they won't print", n)
    if paper.status == "failed":
        return ngettext("{documents} can't be printed on “{printer}”: {reason}",
                        "{documents} can't be printed on “{printer}”: {reason}", n)
    return _waiting_words(paper, n)


def _key(paper: Paper) -> tuple[object, ...]:
    """Documents said in one sentence: the same state, printer and problem."""
    return (paper.status, paper.printer, paper.printer_set_up, paper.already, paper.printed_at,
            paper.problem if paper.status in ("failed", "waiting") else "")


def _subject(documents: list[str]) -> str:
    from babel.lists import format_list

    names = [documents[0]] + [d[:1].lower() + d[1:] for d in documents[1:]]
    return names[0] if len(names) == 1 else format_list(names, locale=current_locale())


def paper_sentence(papers: Sequence[Paper]) -> str:
    """What happened to the queued paper, in plain words: one sentence per state it is in."""
    if not papers:
        return _("Nothing was sent to the printer.")
    groups: dict[tuple[object, ...], list[Paper]] = {}
    for paper in papers:
        groups.setdefault(_key(paper), []).append(paper)
    sentences = []
    for group in groups.values():
        paper, n = group[0], len(group)
        found = _match(paper.problem) if paper.problem else None
        gave_up = _cannot_print(paper.problem)
        clause = _state_words(paper, n).format(
            documents=_subject([p.document for p in group]), printer=paper.printer,
            time=paper.printed_at,
            reason=gave_up[0] if gave_up else _("the printer refused it"),
            doing=found[0] if found else _("is not ready"))
        if paper.already:
            clause = ngettext("{sentence}; no second copy was queued",
                              "{sentence}; no second copies were queued", n).format(sentence=clause)
        sentences.append(clause + ".")
    return " ".join(sentences)


def printers_set_up(session: Session) -> set[str]:
    return set(session.scalars(select(PrinterSetting.name)))


def papers_of(jobs: Iterable[JobLike], printers: Collection[str],
              already: Collection[uuid.UUID] = ()) -> list[Paper]:
    return [Paper(job.title or _("The document"), job.printer, str(job.status), job.printer in printers,
                  job.last_error or "", job.id in already)
            for job in jobs]


def queued_sentence(session: Session, jobs: Iterable[JobLike],
                    already: Collection[uuid.UUID] = ()) -> str:
    """The sentence for jobs just queued (or found still waiting: `already`), as they stand."""
    return paper_sentence(papers_of(jobs, printers_set_up(session), already))
