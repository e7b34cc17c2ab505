"""The print jobs presenter with a fake view and a fake queue: no Qt, no database, no printer."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from storepos.i18n import speaking
from storepos.services.base.context import Actor
from storepos.services.printing.api import (
    PREVIEW_SCALE,
    JobRef,
    Listing,
    PrinterChoice,
    PrintingDoor,
)
from storepos.services.printing.queue import JobView, PrintQueueError
from storepos.ui.printing.presenter import PrintJobsPresenter, problem_words
from tests.ui.fake_runner import run_now

NOW = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)  # 10:00 in Toronto


def job(status: str = "printed", *, title: str = "Refund receipt R-TOR1-000001-2",
        reference: str = "R-TOR1-000001-2", error: str = "", attempts: int = 1,
        created: datetime = NOW, reprint_of: uuid.UUID | None = None) -> JobView:
    return JobView(uuid.uuid4(), created, "refund_receipt", title, reference, "receipt", status,
                   attempts, error, None, NOW + timedelta(seconds=8), reprint_of)


class FakeView:
    def __init__(self) -> None:
        self.busy = False
        self.status = ""
        self.error = ""
        self.updated = ""
        self.rows: list[Any] = []
        self.printers: tuple[list[str], str] = ([], "")
        self.selected = -1
        self.actions: dict[str, bool] = {}
        self.detail: tuple[str, bool] = ("", False)
        self.notice = ""

    def show_busy(self, busy: bool) -> None:
        self.busy = busy

    def show_status(self, text: str) -> None:
        self.status, self.error = text, ""

    def show_error(self, text: str) -> None:
        self.error = text

    def show_updated(self, text: str) -> None:
        self.updated = text

    def show_jobs(self, rows: list[Any]) -> None:
        self.rows = rows

    def show_printers(self, names: list[str], default: str) -> None:
        self.printers = (names, default)

    def select_row(self, row: int) -> None:
        self.selected = row

    def enable_actions(self, **flags: bool) -> None:
        self.actions = flags

    def show_detail(self, text: str, problem: bool) -> None:
        self.detail = (text, problem)

    def show_notice(self, text: str) -> None:
        self.notice = text


class FakePrinting(PrintingDoor):
    """The print queue's door over a list of jobs; it remembers what it was asked."""

    def __init__(self) -> None:
        self.jobs = [job("waiting", title="Gift card slip", reference="",
                         error="cannot connect to tcp://10.0.0.9:9100: [Errno 111] Connection refused",
                         attempts=3),
                     job("printed", created=NOW - timedelta(days=1))]
        self.printers: tuple[PrinterChoice, ...] = (PrinterChoice("back office", "tm-t20", False),
                         PrinterChoice("receipt", "tm-t88", True))
        self.calls: list[tuple[Any, ...]] = []

    def load(self, s: Session, a: Actor) -> Listing:
        return Listing(tuple(self.jobs), self.printers)

    def reprint(self, s: Session, a: Actor, job_id: uuid.UUID) -> JobRef:
        original = next(j for j in self.jobs if j.id == job_id)
        new = job("queued", title=original.title, reference=original.reference, reprint_of=job_id)
        self.jobs.insert(0, new)
        self.calls.append(("reprint", job_id))
        return JobRef(new.id, new.printer, new.title, f"{new.title} is in the print queue for “receipt”.")

    def send_to(self, s: Session, a: Actor, job_id: uuid.UUID, printer: str) -> JobRef:
        if printer not in {p.name for p in self.printers}:
            raise PrintQueueError(f"no printer named {printer!r}")
        self.calls.append(("send_to", job_id, printer))
        return JobRef(job_id, printer, "Gift card slip",
                      f"Gift card slip is in the print queue for “{printer}”.")

    def cancel(self, s: Session, a: Actor, job_id: uuid.UUID) -> None:
        self.calls.append(("cancel", job_id))
        self.jobs = [replace(j, status="cancelled") if j.id == job_id else j for j in self.jobs]

    def preview(self, s: Session, a: Actor, job_id: uuid.UUID,
                scale: float = PREVIEW_SCALE) -> bytes:
        raise AssertionError("the presenter leaves the preview to the dialog (open_preview)")


@pytest.fixture
def world() -> FakePrinting:
    return FakePrinting()


def make(door: FakePrinting, previews: list[Any] | None = None
         ) -> tuple[PrintJobsPresenter, FakeView]:
    view = FakeView()
    presenter = PrintJobsPresenter(view, door, run_now, "America/Toronto", "en_CA",
                                   lambda job_id, title: (previews if previews is not None else []).append(
                                       (job_id, title)), clock=lambda: NOW)
    return presenter, view


def test_jobs_are_listed_in_words_and_local_time(world: FakePrinting) -> None:
    presenter, view = make(world)
    presenter.refresh()
    waiting, printed = view.rows
    assert (waiting.time, waiting.document, waiting.status, waiting.attempts) == (
        "10:00:00\u202fa.m.", "Gift card slip", "Waiting", 3)
    assert waiting.error == ("The printer is not answering: is it switched on and plugged in? "
                             "Next try 10:00:08\u202fa.m.")
    assert (printed.time, printed.document, printed.reference, printed.status, printed.error) == (
        "Mar 3, 2025, 10:00\u202fa.m.", "Refund receipt", "R-TOR1-000001-2", "Printed", "")
    assert view.printers == (["back office", "receipt"], "receipt")
    assert view.updated == "2 jobs · updated 10:00:00\u202fa.m." and not view.busy


def test_times_are_written_the_quebec_way_in_french(world: FakePrinting) -> None:
    view = FakeView()
    with speaking("fr_CA"):
        presenter = PrintJobsPresenter(view, world, run_now, "America/Toronto", "fr_CA",
                                       lambda job_id, title: None, clock=lambda: NOW)
        presenter.refresh()
    waiting, printed = view.rows
    assert waiting.time == "10 h 00 min 00 s"  # today's, to the second
    assert waiting.error.endswith("Prochain essai à 10 h 00 min 08 s.")
    assert printed.time == "3 mars 2025, 10 h 00"  # another day's, to the minute
    assert view.updated == "2 tâches · mise à jour à 10 h 00 min 00 s"


def test_selecting_a_row_says_what_can_be_done(world: FakePrinting) -> None:
    presenter, view = make(world)
    presenter.refresh()
    presenter.select(0)
    assert view.actions == {"reprint": True, "send": True, "cancel": True, "preview": True}
    assert view.detail == (("Gift card slip is waiting: the printer “receipt” is not answering; it "
                            "will print as soon as the printer is ready. Is it switched on and "
                            "plugged in? Next try 10:00:08\u202fa.m."), True)
    presenter.select(1)
    assert view.actions["cancel"] is False
    assert view.detail == ("Refund receipt R-TOR1-000001-2 printed on “receipt”.", False)
    presenter.select(-1)
    assert not any(view.actions.values())


def test_reprint_selects_the_new_job(world: FakePrinting) -> None:
    presenter, view = make(world)
    presenter.refresh()
    presenter.reprint(1)
    assert view.rows[0].document == "Refund receipt (reprint)" and view.selected == 0
    assert view.status == "Refund receipt R-TOR1-000001-2 is in the print queue for “receipt”."


def test_send_to_a_printer_that_is_gone_says_so(world: FakePrinting) -> None:
    presenter, view = make(world)
    presenter.refresh()
    presenter.send_to(0, "kitchen")
    assert view.error == "No printer called “kitchen” is set up on this till."
    presenter.send_to(0, "back office")
    assert world.calls[-1][2] == "back office" and "for “back office”" in view.status
    presenter.send_to(0, "")
    assert "Choose the printer" in view.error


def test_cancel_only_what_waits(world: FakePrinting) -> None:
    presenter, view = make(world)
    presenter.refresh()
    presenter.cancel(1)
    assert "only a job still waiting to print can be cancelled" in view.error and not world.calls
    presenter.cancel(0)
    assert view.rows[0].status == "Cancelled"
    assert view.status == "Gift card slip was cancelled, so it won't print."


def test_a_job_that_printed_before_the_cancel_says_so(world: FakePrinting,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def too_late(s: Session, a: Actor, job_id: uuid.UUID) -> None:  # the worker had just sent it
        world.jobs = [replace(j, status="printed") if j.id == job_id else j for j in world.jobs]

    monkeypatch.setattr(world, "cancel", too_late)
    presenter, view = make(world)
    presenter.refresh()
    presenter.cancel(0)
    assert view.error == ("It was on its way to the printer, so it could not be cancelled: Gift "
                          "card slip printed on “receipt”.")


def test_preview_opens_for_the_selected_job(world: FakePrinting) -> None:
    previews: list[Any] = []
    presenter, view = make(world, previews)
    presenter.refresh()
    presenter.preview(1)
    assert previews == [(world.jobs[1].id, "Refund receipt R-TOR1-000001-2")]
    presenter.preview(7)
    assert "Choose a job" in view.error


def test_timer_refreshes_are_quiet_and_never_pile_up(world: FakePrinting) -> None:
    view = FakeView()
    pending: list[Any] = []
    presenter = PrintJobsPresenter(view, world, run_now, "UTC", "en_CA", lambda *a: None,
                                   poll=lambda action, ok, err: pending.append((action, ok)),
                                   clock=lambda: NOW)
    presenter.refresh(quiet=True)
    presenter.refresh(quiet=True)
    assert len(pending) == 1 and not view.busy
    action, ok = pending[0]
    ok(action(None, None))
    assert len(view.rows) == 2


@pytest.mark.parametrize(("raw", "words"), [
    ("out of paper (paper_out)", "Out of paper: load a new roll."),
    ("printer offline (offline)", "Printer offline: close the cover and check for a paper jam."),
    ("tcp://x:9100: connection lost mid-job (reset)", "The printer stopped mid-job; it will be tried again."),
    ("usb://04b8:0202: needs pyusb, which is not installed",
     "This computer lacks the printer driver (pyusb)."),
    ("cannot print: a card number is letters, digits and dashes",
     "This document can't be printed: it is incomplete or inconsistent."),
    ("cannot print: printer connection: bad port in 'tcp://x:y'",
     "The printer's connection setting can't be used: correct it in Printers."),
    ("error: division by zero",
     "An unexpected error stopped the job; it will be tried again (the till's log says more)."),
    ("", ""),
])
def test_problems_in_words(raw: str, words: str) -> None:
    assert problem_words(raw) == words


@pytest.mark.parametrize(("raw", "words"), [
    ("cannot print: a card number is letters, digits and dashes",
     "Ce document ne peut pas être imprimé : il est incomplet ou incohérent."),
    ("cannot print: document format 9 is newer than this app",
     "Ce document a été créé par une version plus récente de storepos : mettez cette caisse à "
     "jour pour l'imprimer."),
    ("cannot print: printer model: no printer model 'X'; known: tm-t20",
     "Le modèle de l'imprimante est inconnu de cette caisse : choisissez-le de nouveau dans "
     "Imprimantes."),
    ("error: division by zero",
     "Une erreur inattendue a arrêté la tâche; elle sera réessayée (le journal de la caisse en "
     "dit plus)."),
])
def test_the_queue_s_reasons_in_french(raw: str, words: str) -> None:
    with speaking("fr_CA"):
        assert problem_words(raw) == words


def test_no_printer_set_up_is_a_notice_for_a_manager_in_words(world: FakePrinting) -> None:
    world.printers = ()
    presenter, view = make(world)
    presenter.refresh()
    assert view.notice.startswith("No printer is set up on this till yet")
    assert "storepos" not in view.notice
    assert "A manager can add this till's receipt printer in Printers" in view.notice
    presenter.reprint(1)  # what an action did is said beside it, the notice stays
    assert view.status.endswith("is in the print queue for “receipt”.") and view.notice
    world.printers = (PrinterChoice("receipt", "tm-t88", True),)
    presenter.refresh()
    assert view.notice == ""


def test_a_job_for_a_printer_not_set_up_waits_for_it_in_the_same_words(world: FakePrinting) -> None:
    world.jobs = [job("queued", error="")]
    world.printers = ()
    presenter, view = make(world)
    presenter.refresh()
    (row,) = view.rows
    assert (row.status, row.error) == ("Waiting", "No receipt printer is set up on this till.")
    presenter.select(0)
    assert view.detail[0] == ("Refund receipt R-TOR1-000001-2 is waiting in the print queue: no "
                              "receipt printer is set up on this till.")
