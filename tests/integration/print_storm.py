"""The print storm: a print worker process killed -9 again and again while its printer goes quiet.

    python -m tests.integration.print_storm worker DB STATUS_TIMEOUT   a print queue, until killed

`run_storm` drives it (the test and benchmarks/print_storm_bench.py): jobs are queued a few at a
time in a till database; each cycle starts a worker process and kills it -9, either while it waits
for the answer of a printer that took the job and went quiet (the uncertain delivery) or at a random
moment while the printer keeps going silent and back. A last worker then prints what is left. Every
slip the loopback printer received is decoded back to text and matched to its job: none may be
missing, and every second copy of a job must say COPY (REPRINT) with the time of the first send.
"""

from __future__ import annotations

import math
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from storepos.devices.printing import documents as d
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.demo import demo_documents
from storepos.devices.printing.escpos_decode import DecodeError, decode
from storepos.devices.printing.loopback import LoopbackPrinter
from storepos.devices.printing.receipts import wording_for
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.persistence.models.print_jobs import PrintJob, PrintJobStatus
from storepos.services.printing import queue as pq

ROOT = Path(__file__).resolve().parents[2]
MODEL = "tm-t88"
IDENTITY = re.compile(r"R-S-\d{4}")


def worker(db: str, status_timeout: float) -> None:
    sessions = make_session_factory(make_engine(db))
    queue = pq.PrintQueue(sessions, backoff=pq.Backoff(first=0.05, factor=2.0, most=0.2),
                          status_timeout=status_timeout, idle_poll=0.05)
    queue.start()
    while True:
        time.sleep(3600)


def storm_documents(count: int) -> list[Any]:
    """Refund receipts, every fifth a gift card slip, each with its own Return ID."""
    refund, gift = demo_documents()[0], demo_documents()[3]
    return [replace(gift if i % 5 == 4 else refund, return_id=f"R-S-{i:04d}")
            for i in range(count)]


def paper_text(data: bytes) -> str:
    """What the paper shows; a job cut short by a kill reads up to its last whole line."""
    model = get_model(MODEL)
    while data:
        try:
            return decode(data, {model.code_page_table: model.code_page}).text
        except DecodeError:
            cut = data.rfind(b"\n")
            data = data[:cut] if cut > 0 else b""
    return ""


@dataclass
class StormResult:
    jobs: int
    kills: int
    seconds: float
    slips: int = 0  # jobs' bytes the printer received (whole or cut short)
    lost: int = 0  # jobs not printed, or never received whole
    duplicates: int = 0  # slips after a job's first
    marked: int = 0  # of those, saying COPY/REPRINT with the time of the first send
    first_marked: int = 0  # a job's first slip already marked (its earlier send left no byte)
    fragments: int = 0  # slips cut so short that no Return ID is on them
    problems: list[str] = field(default_factory=list)


def _wait(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def _spawn(db: Path, status_timeout: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.print_storm", "worker", str(db),
         str(status_timeout)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def run_storm(folder: Path, *, jobs: int = 50, kills: int = 25, seed: int = 15,
              status_timeout: float = 0.2, silent_share: float = 0.3) -> StormResult:
    db = folder / "storm.db"
    engine = make_engine(str(db))
    upgrade(engine)
    sessions = make_session_factory(engine)
    rng = random.Random(seed)
    documents = storm_documents(jobs)
    ids: dict[str, Any] = {}
    started = time.perf_counter()
    with LoopbackPrinter() as printer:
        with sessions.begin() as s:
            pq.configure_printer(s, "receipt", MODEL, printer.address, default=True)
        chaos = threading.Event()  # set: the printer keeps going silent and back
        stop = threading.Event()

        def flicker() -> None:
            local = random.Random(seed + 1)
            while not stop.is_set():
                if chaos.is_set():
                    printer.set(silent=local.random() < silent_share)
                time.sleep(local.uniform(0.02, 0.15))

        flickering = threading.Thread(target=flicker, daemon=True)
        flickering.start()
        pending = list(documents)
        per_cycle = math.ceil(jobs / kills) if kills else jobs
        for cycle in range(kills):
            quiet = cycle % 2 == 0  # the printer takes the job and stops answering
            if quiet:
                chaos.clear()
                printer.set(silent=False, silent_after=3)
            else:
                printer.set(silent_after=None)
                chaos.set()
            seen = len(printer.connections)
            proc = _spawn(db, 600.0 if quiet else status_timeout)
            batch, pending = pending[:per_cycle], pending[per_cycle:]
            with sessions.begin() as s:
                for document in batch:
                    ids[document.return_id] = pq.enqueue(s, document, "receipt").id
            if quiet:  # kill -9 while it waits for the answer after the job's bytes
                _wait(lambda: any(len(c) > 6 and bytes(c).endswith(b"\x10\x04\x04")
                                  for c in printer.connections[seen:]), 30.0)
            else:  # kill -9 at a random moment once it has started printing
                _wait(lambda: len(printer.connections) > seen, 30.0)
                time.sleep(rng.uniform(0.0, 0.3))
            _kill(proc)
        stop.set()
        flickering.join()
        printer.set(silent=False, silent_after=None)
        with sessions.begin() as s:
            for document in pending:
                ids[document.return_id] = pq.enqueue(s, document, "receipt").id
        last = _spawn(db, status_timeout)

        def all_printed() -> bool:
            time.sleep(0.05)  # one light query now and then: the worker has the machine
            with sessions() as s:
                printed = s.scalar(select(func.count()).select_from(PrintJob)
                                   .where(PrintJob.status == PrintJobStatus.PRINTED))
            return printed == len(ids)

        try:
            _wait(all_printed, 120.0)
        finally:
            _kill(last)
        received = printer.jobs
    result = StormResult(jobs, kills, time.perf_counter() - started, slips=len(received))
    _count(result, received, documents, ids, sessions)
    engine.dispose()
    return result


def _count(result: StormResult, received: list[bytes], documents: list[Any],
           ids: dict[str, Any], sessions: Any) -> None:
    copies: dict[str, list[str]] = {doc.return_id: [] for doc in documents}
    for data in received:
        text = paper_text(data)
        found = set(IDENTITY.findall(text))
        if not found:
            result.fragments += 1
        for identity in found:
            copies[identity].append(text)
    for document in documents:
        with sessions() as s:
            job = s.get(PrintJob, ids[document.return_id])
            status, first_sent = job.status, job.first_sent_at
        slips = copies[document.return_id]
        if status is not PrintJobStatus.PRINTED or not any("Thank you!" in t for t in slips):
            result.lost += 1
            result.problems.append(f"{document.return_id}: {status}, {len(slips)} slip(s)")
            continue
        when = first_sent if first_sent.tzinfo else first_sent.replace(tzinfo=UTC)
        original = f"Original printed {wording_for(document.header).timestamp(when)}"
        card = isinstance(document, d.ValueCardSlip)
        if _marked(slips[0], original, card):
            result.first_marked += 1
        for text in slips[1:]:
            result.duplicates += 1
            if _marked(text, original, card):
                result.marked += 1
            else:
                result.problems.append(f"{document.return_id}: a second slip not marked")


def _marked(text: str, original: str, card: bool) -> bool:
    lines = text.splitlines()
    says = "COPY" in lines or "REPRINT" in lines
    return says and original in lines and (not card or "NOT A NEW CARD" in lines)


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(sys.argv[2], float(sys.argv[3]))
    else:
        raise SystemExit("usage: python -m tests.integration.print_storm worker DB STATUS_TIMEOUT")
