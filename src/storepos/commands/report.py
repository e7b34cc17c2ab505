"""`storepos report day [--date YYYY-MM-DD] [--pdf FILE] [--till PREFIX] [--db PATH]`: this till's day report.

Prints the X report (the day so far, nothing closed) or, for a closed day, the Z report, in the
store's language, as the receipt printer and the Day screen show it; `--pdf FILE` also writes it
as a PDF. Reading only: nothing is opened, closed or counted from here.

Exit status: 0 printed; 2 no till database, a till that is not set up, a date that is not one.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from storepos.i18n import _
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    what = _("the X report of today, or the Z report of a closed day")
    day = steps.add_parser("day", help=what, description=what)
    day.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                     help=_("the business date (default: today at the store)"))
    day.add_argument("--pdf", type=Path, default=None, metavar="FILE",
                     help=_("also write the report as a PDF"))
    day.add_argument("--till", default=None, metavar="PREFIX",
                     help=_("another till of this database (default: this till)"))
    day.add_argument("--db", type=Path, default=None, metavar="PATH",
                     help=_("the till's SQLite file (default {path})").format(
                         path=default_database_path()))


def run(args: argparse.Namespace) -> int:
    from storepos.i18n import _

    business_date = None
    if args.date:
        try:
            business_date = date.fromisoformat(args.date)
        except ValueError:
            print(_("{value} is not a date like 2026-12-05.").format(value=args.date),
                  file=sys.stderr)
            return 2
    path: Path = args.db or default_database_path()
    if not path.exists():
        print(_("No till database at {path}.").format(path=path), file=sys.stderr)
        return 2
    return _print(path, business_date, args.pdf, args.till)


def _print(path: Path, business_date: date | None, pdf: Path | None, till: str | None) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from storepos.devices.printing.day_words import heading, sections
    from storepos.domain.errors import StoreposError
    from storepos.i18n import _
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.base.till_identity import load_identity
    from storepos.services.day.report import till_report

    engine = make_engine(str(path))
    try:
        identity = load_identity(path)
        prefix = till or (identity.till_prefix if identity else None)
        if prefix is None:
            print(_("This till is not set up: open the app once, run storepos setup, or name a "
                    "till with --till."), file=sys.stderr)
            return 2
        upgrade(engine)
        with make_session_factory(engine)() as session:
            report = till_report(session, prefix, business_date,
                                 now=datetime.now(UTC), employee=_("command line"))
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(_("The till database at {path} cannot be read ({what}).").format(
            path=path, what=type(exc).__name__), file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    title, when = heading(report)
    out = [title, when, ""]
    width = 44
    for section in sections(report):
        out.append(section.title.upper())
        if not section.rows and section.empty:
            out.append("  " + section.empty)
        for row in section.rows:
            gap = max(1, width - len(row.label) - len(row.value))
            out.append(f"  {row.label}{' ' * gap}{row.value}")
        out.append("")
    print("\n".join(out).rstrip())
    if pdf is not None:
        from storepos.devices.printing.pdf import render_pdf

        try:
            pdf.write_bytes(render_pdf(report))
        except OSError as exc:
            print(_("The PDF could not be written to {path}: {why}").format(
                path=pdf, why=exc.strerror or exc), file=sys.stderr)
            return 2
        print(_("PDF written to {path}.").format(path=pdf), file=sys.stderr)
    return 0
