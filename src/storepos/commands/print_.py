"""`storepos print demo|jobs|reprint|run`: documents without the counter app.

    storepos print demo --printer file:/tmp/demo.bin --text     # one of every document, and
                                                                # the decoded text on stdout
    storepos print demo --printer receipt --preview out --pdf out   # the till's printer,
                                                                # PNG previews and the PDFs
    storepos print jobs                                         # the print queue
    storepos print reprint JOB_ID [--printer NAME]              # again, maybe elsewhere
    storepos print run                                          # send what is due, once
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from storepos.commands.printer import TargetError, resolve_target
from storepos.i18n import N_, _, language_of, ngettext, speaking
from storepos.paths import default_database_path

if TYPE_CHECKING:  # imported when a command runs, so `storepos --help` stays quick
    from sqlalchemy.orm import Session, sessionmaker

DEMO_NAMES = ("refund", "exchange", "store-credit", "gift-card", "return-slip", "pickup",
              "warranty")
# What each demo document is, in the demo's language (the names above are --only's values).
DEMO_TITLES = {
    "refund": N_("Refund receipt"), "exchange": N_("Exchange receipt"),
    "store-credit": N_("Store credit slip"), "gift-card": N_("Gift card slip"),
    "return-slip": N_("Return slip"), "pickup": N_("Pickup receipt"),
    "warranty": N_("Warranty claim ticket"),
}
PDF_NAMES = ("return-form", "warranty-report", "end-of-day")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    demo = sub.add_parser("demo", help=_("print one of every document for a demo transaction"))
    demo.add_argument("--printer", required=True, metavar="NAME|file:PATH",
                      help=_("a printer set up on this till, or a connection (file:PATH, tcp://...)"))
    demo.add_argument("--model", default=None,
                      help=_("printer model for a connection (tm-t88)"))
    demo.add_argument("--locale", default="en_CA",
                      help=_("the store's locale, and the language of every document and of this "
                             "command's words: en_CA, fr_CA ..."))
    demo.add_argument("--only", choices=DEMO_NAMES, action="append",
                      help=_("just this document (repeatable)"))
    demo.add_argument("--text", action="store_true",
                      help=_("also show each document as the paper reads (decoded from the bytes)"))
    demo.add_argument("--preview", type=Path, default=None, metavar="DIR",
                      help=_("also write a PNG preview of each document to DIR"))
    demo.add_argument("--pdf", type=Path, default=None, metavar="DIR",
                      help=_("also write the PDF documents (return form, warranty report, "
                             "end-of-day report) to DIR"))
    demo.add_argument("--page-size", choices=("A4", "Letter"), default=None,
                      help=_("PDF page size (default: Letter in the US and Canada, else A4)"))
    _db(demo)
    jobs = sub.add_parser("jobs", help=_("the print queue, newest first"))
    jobs.add_argument("--limit", type=int, default=30,
                      help=_("how many jobs to show (default 30)"))
    _db(jobs)
    again = sub.add_parser("reprint", help=_("print a past job again"))
    again.add_argument("job", metavar="JOB", type=uuid.UUID,
                       help=_("job id (from `storepos print jobs`)"))
    again.add_argument("--printer", default=None, help=_("another printer of this till"))
    _db(again)
    once = sub.add_parser("run", help=_("send every job that is due now, then stop"))
    _db(once)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("the till's SQLite file (default {path})").format(
                            path=default_database_path()))


def _demo(args: argparse.Namespace) -> int:
    with speaking(args.locale):  # the documents and what is said of them, in the demo's language
        return _demo_in_language(args)


def _demo_in_language(args: argparse.Namespace) -> int:
    from storepos.devices.printing.demo import demo_documents
    from storepos.devices.printing.escpos_decode import decode
    from storepos.devices.printing.escpos_lib import escpos
    from storepos.devices.printing.escpos_render import render
    from storepos.devices.printing.receipts import layout_document
    from storepos.devices.printing.transports import (
        PrinterNotReady,
        PrinterUnavailable,
        send_job,
    )
    from storepos.i18n.formats import decimal_separator

    model, conn, label = resolve_target(args.printer, args.model, args.db)
    chosen = [(name, doc) for name, doc in zip(DEMO_NAMES, demo_documents(args.locale),
                                               strict=True)
              if not args.only or name in args.only]
    escpos()  # imported before the clock starts: the figures are per document
    rendered = []
    for name, document in chosen:
        started = time.perf_counter()
        data = render(layout_document(document, model), model)
        rendered.append((name, data, (time.perf_counter() - started) * 1000))
    try:
        if conn.kind == "file":  # one write: a file printer starts the file afresh on each open
            send_job(conn, b"".join(data for _n, data, _ms in rendered), ask_status=False)
        else:
            for _n, data, _ms in rendered:
                send_job(conn, data, ask_status=model.status)
    except (PrinterUnavailable, PrinterNotReady) as exc:
        print(f"storepos print demo: {exc.words()}", file=sys.stderr)
        return 1
    print(ngettext("Printed {n} document to {printer} ({model}, {columns} columns):",
                   "Printed {n} documents to {printer} ({model}, {columns} columns):",
                   len(rendered)).format(n=len(rendered), printer=label, model=model.name,
                                         columns=model.columns_a))
    # Each by its --only name in English, by its title in another language.
    shown = {name: name if language_of(args.locale) == "en" else _(DEMO_TITLES[name])
             for name, _data, _ms in rendered}
    width = max([13, *(len(title) for title in shown.values())])
    for name, data, ms in rendered:
        print(f"  {shown[name]:<{width}} " + _("{size} bytes  {ms} ms").format(
            size=f"{len(data):>6}", ms=f"{ms:6.2f}".replace(".", decimal_separator())))
    if args.text:
        for name, data, _ms in rendered:
            decoded = decode(data, {model.code_page_table: model.code_page})
            title = _(DEMO_TITLES[name])
            print(f"\n----- {title} " + "-" * max(0, model.columns_a - len(title) - 7))
            for line in decoded.lines:
                pad = model.columns_a // line.width
                text = line.text.center(pad) if line.align == "center" else line.text
                print(text.rstrip())
    if args.preview:
        from storepos.devices.printing.preview import preview_bytes

        args.preview.mkdir(parents=True, exist_ok=True)
        for name, data, _ms in rendered:
            (args.preview / f"{name}-{model.name}.png").write_bytes(preview_bytes(data, model))
        print(_("Previews in {folder}/").format(folder=args.preview))
    if args.pdf:
        from storepos.devices.printing.demo import demo_reports
        from storepos.devices.printing.pdf import render_pdf

        args.pdf.mkdir(parents=True, exist_ok=True)
        for name, report in zip(PDF_NAMES, demo_reports(args.locale), strict=True):
            (args.pdf / f"{name}.pdf").write_bytes(render_pdf(report, args.page_size))
        print(_("PDFs in {folder}/").format(folder=args.pdf))
    return 0


def _factory(db: Path | None) -> sessionmaker[Session]:
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade

    engine = make_engine(str(db or default_database_path()))
    upgrade(engine)
    return make_session_factory(engine)


def _jobs(args: argparse.Namespace) -> int:
    """Per job, the id and its status code first (scripts read those two), then for people: when,
    in the store's time and the reader's language, the status in words, printer, document, why."""
    from storepos.i18n.formats import day_and_clock
    from storepos.services.printing.queue import list_jobs
    from storepos.services.printing.status import job_status_words, problem_words

    with _factory(args.db)() as session:
        views = list_jobs(session, limit=args.limit)
        zone = _store_zone(session, args.db)
    if not views:
        print(_("The print queue is empty."))
        return 0
    for view in views:
        created = view.created_at if view.created_at.tzinfo else view.created_at.replace(tzinfo=UTC)
        when = day_and_clock(created.astimezone(zone))
        why = problem_words(view.last_error) if view.last_error and view.status != "printed" else ""
        words = _("{status} ({why})").format(status=job_status_words(view.status), why=why) if why \
            else job_status_words(view.status)
        print(f"{view.id}  {view.status:<9}  {when}  {view.printer:<12} {view.title}  {words}")
    return 0


def _store_zone(session: Session, db: Path | None) -> tzinfo | None:
    """This till's store's time zone (the only store's when the till is not set up); None: the
    computer's own."""
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from storepos.persistence.models.store import Store
    from storepos.services.base.till_identity import load_identity

    identity = load_identity(db or default_database_path())
    query = select(Store.time_zone).order_by(Store.code).limit(1)
    if identity is not None:
        query = query.where(Store.code == identity.store_code)
    name = session.scalars(query).first()
    return ZoneInfo(name) if name else None


def _reprint(args: argparse.Namespace) -> int:
    from storepos.services.printing.queue import PrintQueue, PrintQueueError, reprint

    factory = _factory(args.db)
    try:
        with factory.begin() as session:
            job = reprint(session, args.job, args.printer)
            job_id = job.id
    except PrintQueueError as exc:
        print(f"storepos print reprint: {exc}", file=sys.stderr)
        return 2
    PrintQueue(factory).run_once()
    return _report(factory, job_id)


def _report(factory: sessionmaker[Session], job_id: uuid.UUID) -> int:
    """The status code on the first line (scripts read it), then the same in words with why."""
    from storepos.persistence.models.print_jobs import PrintJob
    from storepos.services.printing.status import job_status_words, problem_words

    with factory() as session:
        job = session.get_one(PrintJob, job_id)
        status = str(job.status)
        print(f"{job.title}: {status}")
        why = problem_words(job.last_error) if job.last_error else ""
        print("  " + (_("{status} ({why})").format(status=job_status_words(status), why=why)
                      if why else job_status_words(status)))
        return 0 if status == "printed" else 1


def _run(args: argparse.Namespace) -> int:
    from storepos.services.printing.queue import PrintQueue

    tried = PrintQueue(_factory(args.db)).run_once()
    print(ngettext("Tried {n} job.", "Tried {n} jobs.", tried).format(n=tried))
    return 0


def run(args: argparse.Namespace) -> int:
    actions = {"demo": _demo, "jobs": _jobs, "reprint": _reprint, "run": _run}
    try:
        return actions[args.action](args)
    except TargetError as exc:
        print(f"storepos print {args.action}: {exc}", file=sys.stderr)
        return 2
