"""The print queue end to end: jobs in SQLite, a worker thread, a loopback TCP printer.

Jobs go over a real socket to a test printer on 127.0.0.1 (an ephemeral port) that keeps the
bytes and answers status requests; it is made to refuse connections, run out of paper, go silent,
hang or drop the connection mid-job.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.demo import demo_documents
from storepos.devices.printing.escpos_decode import PrintedQR, decode
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.persistence.db import make_session_factory
from storepos.persistence.models.print_jobs import PrintJob, PrintJobStatus
from storepos.services.printing import queue as pq
from tests.integration.print_queue_world import FAST, printer, sessions, wait_until

__all__ = ["printer", "sessions"]  # the fixtures, used by name


@pytest.fixture
def queue(sessions: sessionmaker[Session]) -> Iterator[pq.PrintQueue]:
    q = pq.PrintQueue(sessions, backoff=FAST, status_timeout=0.2)
    q.start()
    yield q
    q.stop()


def job_row(sessions: sessionmaker[Session], job_id: uuid.UUID) -> PrintJob:
    with sessions() as s:
        job = s.get(PrintJob, job_id)
        assert job is not None
        return job


def status_of(sessions: sessionmaker[Session], job_id: uuid.UUID) -> str:
    return str(job_row(sessions, job_id).status)


def text_of(data: bytes, model_name: str = "tm-t88") -> str:
    model = get_model(model_name)
    return decode(data, {model.code_page_table: model.code_page}).text


def test_job_is_written_in_the_callers_transaction(sessions: sessionmaker[Session]) -> None:
    refund = demo_documents()[0]
    with sessions() as s:
        pq.enqueue(s, refund, "receipt")
        s.rollback()  # the action failed: no paper for it
    with sessions.begin() as s:
        job = pq.enqueue(s, refund, "receipt")
    row = job_row(sessions, job.id)
    assert row.status is PrintJobStatus.QUEUED and row.reference == "R-T01-000123"
    assert row.document["kind"] == "refund_receipt" and row.payload is None
    with sessions() as s:
        assert len(pq.list_jobs(s)) == 1


def test_worker_prints_over_a_real_socket(sessions: sessionmaker[Session],
                                          printer: LoopbackPrinter,
                                          queue: pq.PrintQueue) -> None:
    documents = demo_documents()
    with sessions.begin() as s:
        ids = [pq.enqueue(s, doc, "receipt").id for doc in documents]
    jobs = printer.wait_for_jobs(len(documents))
    assert len(jobs) == len(documents)
    wait_until(lambda: all(status_of(sessions, i) == "printed" for i in ids))
    assert "TOTAL REFUNDED" in text_of(jobs[0]) and "Amélie Müller-Straße" in text_of(jobs[0])
    assert decode(jobs[4]).of(PrintedQR)[0].data == "R-T01-000126"
    row = job_row(sessions, ids[0])
    assert row.payload == jobs[0] and row.rendered_for == "tm-t88" and row.printed_at
    # every job asked for status before and after its bytes
    assert all(c.startswith(b"\x10\x04\x04") and c.endswith(b"\x10\x04\x04")
               for c in printer.connections)


def test_refused_connections_leave_the_job_waiting_then_it_prints(
        sessions: sessionmaker[Session], printer: LoopbackPrinter, queue: pq.PrintQueue) -> None:
    printer.refuse_connections()
    with sessions.begin() as s:
        job_id = pq.enqueue(s, demo_documents()[5], "receipt").id
    wait_until(lambda: job_row(sessions, job_id).attempts >= 2)
    row = job_row(sessions, job_id)
    assert row.status in (PrintJobStatus.WAITING, PrintJobStatus.SENDING)
    assert "refused" in row.last_error or row.status is PrintJobStatus.SENDING
    printer.accept_connections()
    wait_until(lambda: status_of(sessions, job_id) == "printed")
    assert "Signature" in text_of(printer.jobs[-1])


def test_out_of_paper_waits_and_unknown_status_does_not(
        sessions: sessionmaker[Session], printer: LoopbackPrinter, queue: pq.PrintQueue) -> None:
    printer.set(paper="out")
    with sessions.begin() as s:
        job_id = pq.enqueue(s, demo_documents()[0], "receipt").id
    wait_until(lambda: "out of paper" in job_row(sessions, job_id).last_error)
    assert printer.jobs == []  # nothing was sent to a printer without paper
    printer.set(paper="ok", silent=True)  # paper back; the printer no longer answers status
    wait_until(lambda: status_of(sessions, job_id) == "printed")
    assert "TOTAL REFUNDED" in text_of(printer.jobs[-1])


def test_paper_low_still_prints(sessions: sessionmaker[Session], printer: LoopbackPrinter,
                                queue: pq.PrintQueue) -> None:
    printer.set(paper="low")
    with sessions.begin() as s:
        job_id = pq.enqueue(s, demo_documents()[3], "receipt").id
    wait_until(lambda: status_of(sessions, job_id) == "printed")


@pytest.mark.parametrize("fault", ["hang_after", "drop_after"])
def test_printer_failing_mid_job_gets_the_whole_job_again(
        sessions: sessionmaker[Session], printer: LoopbackPrinter, queue: pq.PrintQueue,
        fault: str) -> None:
    printer.set(**{fault: 200})
    with sessions.begin() as s:
        job_id = pq.enqueue(s, demo_documents()[0], "receipt").id
    wait_until(lambda: job_row(sessions, job_id).last_error)
    row = job_row(sessions, job_id)
    assert row.status in (PrintJobStatus.WAITING, PrintJobStatus.SENDING)
    assert any(word in row.last_error for word in ("stopped answering", "lost", "closed"))
    printer.set(**{fault: None})
    wait_until(lambda: status_of(sessions, job_id) == "printed")
    complete = job_row(sessions, job_id).payload
    assert printer.jobs[-1] == complete  # the full job, from the start


def test_a_restart_loses_no_job(sqlite_engine: Engine, printer: LoopbackPrinter) -> None:
    sessions = make_session_factory(sqlite_engine)
    with sessions.begin() as s:
        pq.configure_printer(s, "receipt", "tm-t20", printer.address, default=True)
        queued = pq.enqueue(s, demo_documents()[1], "receipt").id
        interrupted = pq.enqueue(s, demo_documents()[2], "receipt").id
    with sessions.begin() as s:  # the app stopped while this one was being sent
        s.execute(update(PrintJob).where(PrintJob.id == interrupted)
                  .values(status=PrintJobStatus.SENDING, attempts=1))
    q = pq.PrintQueue(sessions, backoff=FAST, status_timeout=0.2)
    q.start()
    try:
        wait_until(lambda: status_of(sessions, queued) == "printed"
                   and status_of(sessions, interrupted) == "printed")
    finally:
        q.stop()
    texts = [text_of(job) for job in printer.jobs]
    assert any("EXCHANGE" in t for t in texts) and any("STORE CREDIT" in t for t in texts)


def test_reprint_and_send_to_another_printer(sessions: sessionmaker[Session],
                                             printer: LoopbackPrinter,
                                             queue: pq.PrintQueue) -> None:
    with LoopbackPrinter() as narrow:
        with sessions.begin() as s:
            pq.configure_printer(s, "counter 58", "generic-58", narrow.address)
            original = pq.enqueue(s, demo_documents()[0], "receipt").id
        wait_until(lambda: status_of(sessions, original) == "printed")
        with sessions.begin() as s:
            again = pq.reprint(s, original, "counter 58").id
        wait_until(lambda: status_of(sessions, again) == "printed")
        model = get_model("generic-58")
        decoded = decode(narrow.jobs[-1], {model.code_page_table: model.code_page})
        assert decoded.widest(model.columns_a, model.columns_b) <= 32  # laid out for 58 mm
        assert "VISA ****1234" in decoded.text
        assert job_row(sessions, again).reprint_of == original

        printer.refuse_connections()  # the receipt printer breaks; staff move the job
        with sessions.begin() as s:
            stuck = pq.enqueue(s, demo_documents()[6], "receipt").id
        wait_until(lambda: job_row(sessions, stuck).attempts >= 1
                   and status_of(sessions, stuck) == "waiting")
        with sessions.begin() as s:
            moved = pq.send_to(s, stuck, "counter 58")
            assert moved.id == stuck
        wait_until(lambda: status_of(sessions, stuck) == "printed")
        assert "W-T01-000031" in decode(narrow.jobs[-1]).text
        with sessions() as s:
            views = pq.list_jobs(s, reference="R-T01-000123")
            assert {v.printer for v in views} == {"receipt", "counter 58"}
            with pytest.raises(pq.PrintQueueError, match="No printer called “nowhere”"):
                pq.send_to(s, stuck, "nowhere")


def test_cancel_and_unknown_printer(sessions: sessionmaker[Session],
                                    printer: LoopbackPrinter) -> None:
    q = pq.PrintQueue(sessions, backoff=FAST, status_timeout=0.2)
    with sessions.begin() as s:
        lost = pq.enqueue(s, demo_documents()[3], "no such printer").id
        cancelled = pq.enqueue(s, demo_documents()[4], "receipt").id
    with sessions.begin() as s:
        pq.cancel(s, cancelled)
    assert q.run_once() == 1
    assert status_of(sessions, lost) == "waiting"
    assert "no printer named" in job_row(sessions, lost).last_error
    assert status_of(sessions, cancelled) == "cancelled" and printer.jobs == []
    with sessions.begin() as s:  # staff point it at a real printer
        pq.send_to(s, lost, "receipt")
    assert q.run_once() == 1 and status_of(sessions, lost) == "printed"


def test_enqueue_does_not_import_escpos_or_touch_the_printer(tmp_path: Path) -> None:
    code = (
        "import sys; from storepos.persistence.migrate import upgrade\n"
        "from storepos.persistence.db import make_engine, make_session_factory\n"
        "from storepos.services.printing import queue as pq\n"
        "from storepos.devices.printing.demo import demo_documents\n"
        f"e = make_engine({str(tmp_path / 'q.db')!r}); upgrade(e)\n"
        "with make_session_factory(e).begin() as s:\n"
        "    pq.enqueue(s, demo_documents()[0], 'receipt')\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('escpos', 'reportlab', 'PIL')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_reference_never_holds_a_card_number(sessions: sessionmaker[Session]) -> None:
    slip = demo_documents()[3]  # a gift card slip
    with sessions.begin() as s:
        pq.enqueue(s, slip, "receipt")
    with sessions() as s:
        job = s.scalars(select(PrintJob)).one()
        last4 = slip.number.replace("-", "")[-4:]
        assert slip.number not in job.reference  # named as the customer's copy shows it
        assert job.reference == f"••••{last4}" and job.title == f"Gift card slip ••••{last4}"


def test_a_failing_pass_puts_the_job_back_and_the_worker_goes_on(
        sessions: sessionmaker[Session], printer: LoopbackPrinter,
        monkeypatch: pytest.MonkeyPatch) -> None:
    q = pq.PrintQueue(sessions, backoff=FAST, status_timeout=0.2)
    real_send = q._send
    calls = {"n": 0}

    def flaky_send(job_id: uuid.UUID, name: str) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("disk hiccup")  # after the job was claimed (SENDING)
        return real_send(job_id, name)

    monkeypatch.setattr(q, "_send", flaky_send)
    with sessions.begin() as s:
        job_id = pq.enqueue(s, demo_documents()[5], "receipt").id
    q.start()
    try:
        wait_until(lambda: status_of(sessions, job_id) == "printed")
    finally:
        q.stop()
    assert calls["n"] >= 2 and len(printer.jobs) == 1


def test_a_printer_setting_that_cannot_be_used_is_given_up_and_said_in_french(
        sessions: sessionmaker[Session], printer: LoopbackPrinter) -> None:
    from storepos.i18n import speaking
    from storepos.persistence.models.print_jobs import PrinterSetting
    from storepos.services.printing.status import problem_words

    q = pq.PrintQueue(sessions, backoff=FAST, status_timeout=0.2)
    with sessions.begin() as s:  # written past add_printer's check, as an old till might have it
        s.execute(update(PrinterSetting).where(PrinterSetting.name == "receipt")
                  .values(connection="tcp://:9100"))
        job_id = pq.enqueue(s, demo_documents()[0], "receipt").id
    assert q.run_once() == 1
    row = job_row(sessions, job_id)
    assert row.status is PrintJobStatus.FAILED and printer.jobs == []
    assert row.last_error.startswith("cannot print: printer connection: ")  # the machine text
    with speaking("fr_CA"):
        assert problem_words(row.last_error) == (
            "Le paramètre de connexion de l'imprimante est inutilisable : corrigez-le dans "
            "Imprimantes.")
