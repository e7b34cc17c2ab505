"""The print jobs screen end to end: jobs in the demo database, the queue's worker, loopback printers."""

from __future__ import annotations

import gc
import struct
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.demo import demo_documents
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.domain.vocabulary import Role
from storepos.persistence.db import make_session_factory
from storepos.services.printing import queue as pq
from storepos.services.printing.api import PREVIEW_SCALE
from storepos.ui.printing.model import JobRow, JobsTableModel
from storepos.ui.printing.preview import show_receipt_preview
from storepos.ui.printing.screen import PrintJobsScreen

WAIT = 15_000


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """Screens and their presenters hold each other; collect them here, on the GUI thread, rather
    than whenever the collector next runs, which may be on a worker thread."""
    yield
    gc.collect()

FAST = pq.Backoff(first=0.05, factor=2.0, most=0.2)


@pytest.fixture
def printers() -> Iterator[tuple[LoopbackPrinter, LoopbackPrinter]]:
    with LoopbackPrinter() as front, LoopbackPrinter() as back:
        yield front, back


def start_queue(demo_engine, printers, backoff: pq.Backoff) -> pq.PrintQueue:  # type: ignore[no-untyped-def]
    front, back = printers
    sessions = make_session_factory(demo_engine)
    with sessions.begin() as s:
        pq.configure_printer(s, "receipt", "tm-t88", front.address, default=True)
        pq.configure_printer(s, "back office", "tm-t20", back.address)
    q = pq.PrintQueue(sessions, backoff=backoff, status_timeout=0.2, warm_up=False)
    q.start()
    return q


@pytest.fixture
def queue(demo_engine, printers) -> Iterator[pq.PrintQueue]:  # type: ignore[no-untyped-def]
    q = start_queue(demo_engine, printers, FAST)
    yield q
    q.stop()


@pytest.fixture
def slow_queue(demo_engine, printers) -> Iterator[pq.PrintQueue]:  # type: ignore[no-untyped-def]
    """A failed try waits half a minute: the job stays waiting while the test looks at it."""
    q = start_queue(demo_engine, printers, pq.Backoff(first=30.0, factor=2.0, most=60.0))
    yield q
    q.stop()


@pytest.fixture
def screen(make_context, qtbot: QtBot) -> Iterator[PrintJobsScreen]:  # type: ignore[no-untyped-def]
    s = PrintJobsScreen(make_context(Role.CASHIER), refresh_ms=200)
    qtbot.addWidget(s)
    s.resize(1024, 700)
    s.show()
    yield s
    s.timer.stop()  # let the last refresh land before the screen goes
    qtbot.waitUntil(lambda: not s.context.runner.busy and not s.poller.busy, timeout=WAIT)


def enqueue(counter, context_actor, document, printer: str = "receipt"):  # type: ignore[no-untyped-def]
    return counter.run(context_actor, lambda s, a: pq.enqueue(s, document, printer).id)


def status_of(screen: PrintJobsScreen, job_id) -> str:  # type: ignore[no-untyped-def]
    row = screen.model.row_of(job_id)
    return screen.model.row_at(row).status if row >= 0 else ""


def test_a_queued_job_shows_printed(screen: PrintJobsScreen, counter, queue, printers,  # type: ignore[no-untyped-def]
                                    qtbot: QtBot) -> None:
    job_id = enqueue(counter, screen.context.actor, demo_documents()[0])
    screen.on_enter()
    qtbot.waitUntil(lambda: status_of(screen, job_id) == "Printed", timeout=WAIT)  # the timer refreshes
    row = screen.model.row_at(screen.model.row_of(job_id))
    assert row.document == "Refund receipt" and row.reference == "R-T01-000123"
    assert row.printer == "receipt" and row.attempts == 1 and row.error == ""
    assert printers[0].wait_for_jobs(1)


def test_reprint_makes_a_new_job(screen: PrintJobsScreen, counter, queue, printers,  # type: ignore[no-untyped-def]
                                 qtbot: QtBot) -> None:
    job_id = enqueue(counter, screen.context.actor, demo_documents()[0])
    screen.on_enter()
    qtbot.waitUntil(lambda: status_of(screen, job_id) == "Printed", timeout=WAIT)
    screen.view.select_row(screen.model.row_of(job_id))
    assert screen.view.reprint.isEnabled() and not screen.view.cancel.isEnabled()
    screen.view.reprint.click()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT)
    new = screen.model.row_at(0)
    assert new.job_id != job_id and new.document == "Refund receipt (reprint)"
    assert screen.view.status.text() == ("Refund receipt R-T01-000123 is in the print queue for "
                                         "“receipt”.")
    assert screen.view.selected_row() == 0  # the new job is the one selected
    qtbot.waitUntil(lambda: status_of(screen, new.job_id) == "Printed", timeout=WAIT)
    assert len(printers[0].wait_for_jobs(2)) == 2


def test_send_a_waiting_job_to_another_printer(screen: PrintJobsScreen, counter, slow_queue,  # type: ignore[no-untyped-def]
                                               printers, qtbot: QtBot) -> None:
    front, back = printers
    front.set(paper="out")
    job_id = enqueue(counter, screen.context.actor, demo_documents()[1])
    screen.on_enter()
    qtbot.waitUntil(lambda: status_of(screen, job_id) == "Waiting", timeout=WAIT)
    row = screen.model.row_at(screen.model.row_of(job_id))
    assert row.error.startswith("Out of paper: load a new roll.") and "Next try" in row.error
    screen.view.select_row(screen.model.row_of(job_id))
    assert screen.view.cancel.isEnabled()
    screen.view.printer.setCurrentText("back office")
    screen.view.send.click()
    qtbot.waitUntil(lambda: status_of(screen, job_id) == "Printed", timeout=WAIT)
    moved = screen.model.row_at(screen.model.row_of(job_id))
    assert moved.printer == "back office" and screen.model.rowCount() == 1
    assert len(back.wait_for_jobs(1)) == 1


def test_cancel_a_waiting_job(screen: PrintJobsScreen, counter, slow_queue, printers,  # type: ignore[no-untyped-def]
                              qtbot: QtBot) -> None:
    printers[0].refuse_connections()
    job_id = enqueue(counter, screen.context.actor, demo_documents()[2])
    screen.on_enter()
    qtbot.waitUntil(lambda: status_of(screen, job_id) == "Waiting", timeout=WAIT)
    assert "switched on" in screen.model.row_at(screen.model.row_of(job_id)).error
    screen.view.select_row(screen.model.row_of(job_id))
    screen.view.cancel.click()
    qtbot.waitUntil(lambda: status_of(screen, job_id) == "Cancelled", timeout=WAIT)
    assert "won't print" in screen.view.status.text()
    assert not screen.view.cancel.isEnabled()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_preview_dialog_shows_the_receipt_at_readable_scale(screen: PrintJobsScreen, counter,  # type: ignore[no-untyped-def]
                                                            queue, qtbot: QtBot) -> None:
    job_id = enqueue(counter, screen.context.actor, demo_documents()[0])
    screen.on_enter()
    qtbot.waitUntil(lambda: screen.model.row_of(job_id) >= 0, timeout=WAIT)
    screen.view.select_row(screen.model.row_of(job_id))
    screen.view.preview.click()
    dialog = screen.preview_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.has_image, timeout=WAIT)
    expected = counter.read(lambda s: png_size(pq.preview_png(s, job_id, scale=PREVIEW_SCALE)))
    paper = get_model("tm-t88").dots + 36  # the paper's dots and the grey margin either side
    assert expected[0] == round(paper * PREVIEW_SCALE)
    assert (dialog.image_size().width(), dialog.image_size().height()) == expected
    assert dialog.image.pixmap().width() == expected[0]  # shown 1:1 at first
    dialog.zoom_in.click()
    assert dialog.image.pixmap().width() > expected[0]
    dialog.reject()


@pytest.fixture
def context(make_context):  # type: ignore[no-untyped-def]
    """Held by the fixture, not the test: a runner dropped while its last reply is being deleted
    would be deleted twice (its relays' closures are what keep it alive)."""
    return make_context(Role.CASHIER)


def test_preview_without_a_printer_says_why(context, counter, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    job_id = enqueue(counter, context.actor, demo_documents()[0], printer="receipt")
    dialog = show_receipt_preview(None, context, job_id, "Refund receipt")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "No preview" in dialog.image.text(), timeout=WAIT)
    assert "No printer called “receipt” is set up" in dialog.image.text()
    assert not dialog.has_image


def test_jobs_model_passes_the_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    import uuid

    model = JobsTableModel([JobRow(uuid.uuid4(), "10:01:02", "Refund receipt", "R-T01-000123",
                                   "receipt", "Printed", 1, ""),
                            JobRow(uuid.uuid4(), "10:02:00", "Gift card slip", "", "receipt",
                                   "Waiting", 3, "Out of paper: load a new roll.")])
    qtmodeltester.check(model)
    import dataclasses

    printed = dataclasses.replace(model.row_at(1), status="Printed", error="")
    with_changes: list[object] = []
    model.dataChanged.connect(lambda *args: with_changes.append(args))
    model.set_rows([model.row_at(0), printed])  # the same jobs: updated in place, no reset
    assert with_changes and model.row_at(1).status == "Printed"
    qtmodeltester.check(model)



def test_no_printer_set_up_is_told_in_words_and_a_reprint_does_not_stack(  # type: ignore[no-untyped-def]
        screen: PrintJobsScreen, counter, qtbot: QtBot) -> None:
    slip = demo_documents()[3]  # a gift card slip; no printer is set up and no queue runs
    job_id = enqueue(counter, screen.context.actor, slip)
    screen.on_enter()
    qtbot.waitUntil(lambda: screen.model.row_of(job_id) >= 0, timeout=WAIT)
    notice = screen.view.notice
    assert notice.isVisible() and notice.text().startswith("No printer is set up on this till yet")
    assert "A manager can add this till's receipt printer in Printers" in notice.text()
    assert "storepos" not in notice.text() and "printer add" not in notice.text()  # no command line
    card = f"••••{slip.number.replace('-', '')[-4:]}"
    row = screen.model.row_at(screen.model.row_of(job_id))
    assert (row.document, row.reference) == ("Gift card slip", card)  # never an empty Reference
    assert (row.status, row.error) == ("Waiting", "No receipt printer is set up on this till.")
    screen.view.select_row(screen.model.row_of(job_id))
    sentence = (f"Gift card slip {card} is waiting in the print queue: no receipt printer is set "
                "up on this till.")
    assert screen.view.detail.text() == sentence
    for _ in range(2):  # clicked twice: the copy that waits is named, no second one is queued
        screen.view.reprint.click()
        qtbot.waitUntil(lambda: "no second copy" in screen.view.status.text(), timeout=WAIT)
        qtbot.waitUntil(lambda: not screen.context.runner.busy, timeout=WAIT)
        assert screen.view.status.text() == sentence.replace(
            "is waiting", "is already waiting")[:-1] + "; no second copy was queued."
        screen.view.status.setText("")
    assert counter.read(lambda s: len(pq.list_jobs(s))) == 1


def test_the_detail_says_printed_only_once_it_printed(screen: PrintJobsScreen, counter,  # type: ignore[no-untyped-def]
                                                      demo_engine, printers, qtbot: QtBot) -> None:
    sessions = make_session_factory(demo_engine)
    with sessions.begin() as s:
        pq.configure_printer(s, "receipt", "tm-t88", printers[0].address, default=True)
    job_id = enqueue(counter, screen.context.actor, demo_documents()[0])
    screen.on_enter()
    qtbot.waitUntil(lambda: screen.model.row_of(job_id) >= 0, timeout=WAIT)
    screen.view.select_row(screen.model.row_of(job_id))
    assert screen.view.detail.text() == "Refund receipt R-T01-000123 is in the print queue for “receipt”."
    assert printers[0].connections == []  # no worker yet: not a byte sent
    q = pq.PrintQueue(sessions, backoff=FAST, status_timeout=0.2, warm_up=False)
    q.start()
    try:
        qtbot.waitUntil(lambda: "printed on “receipt” at" in screen.view.detail.text(), timeout=WAIT)
        assert len(printers[0].wait_for_jobs(1)) == 1
        assert screen.view.detail.text().startswith("Refund receipt R-T01-000123 printed on “receipt”")
    finally:
        q.stop()
