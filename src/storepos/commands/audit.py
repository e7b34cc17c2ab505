"""`storepos audit verify [--db PATH]`: check the till's audit chain (services.base.audit_trail).

Every audited change on a till carries the hash of the one before it, covering its content and the
money rows it records. Editing, deleting or reordering a row (with `sqlite3`, say) breaks a link;
this names the first broken one in words.

Exit status: 0 the chain holds (the count of rows checked is printed); 1 a link is broken (the
till, the row and what differs: edited, missing, out of order); 2 no till database at the path.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storepos.i18n import _, ngettext
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    what = _("check every till's audit chain in this database")
    verify = steps.add_parser("verify", help=what, description=what)
    verify.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("the till's SQLite file (default {path})").format(
                            path=default_database_path()))


def run(args: argparse.Namespace) -> int:
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.base.audit_trail import break_sentence, verify

    path: Path = args.db or default_database_path()
    if not path.exists():
        print(_("No till database at {path}.").format(path=path), file=sys.stderr)
        return 2
    engine = make_engine(str(path))
    try:
        upgrade(engine)  # a database from before the chain gains its columns (its rows unchained)
        with make_session_factory(engine)() as session:
            verdict = verify(session)
    finally:
        engine.dispose()
    if verdict.broken is not None:
        print(_("The audit chain is broken. {link}.").format(link=break_sentence(verdict.broken)),
              file=sys.stderr)
        return 1
    # Each count takes its own plural form, so each is a part of its own.
    rows = ngettext("{n} row", "{n} rows", verdict.rows).format(n=verdict.rows)
    tills = ngettext("{n} till", "{n} tills", verdict.tills).format(n=verdict.tills)
    # Translators: e.g. "12 rows" at "1 till", each count already in its plural form.
    holds = _("The audit chain holds: {rows_part} at {tills_part}").format(
        rows_part=rows, tills_part=tills)
    if verdict.unchained:
        holds += ngettext("; {n} older or till-less row is outside it",
                          "; {n} older or till-less rows are outside it",
                          verdict.unchained).format(n=verdict.unchained)
    print(holds + ".")
    return 0
