"""`storepos` / `storepos app`: open the counter app (the only command that loads Qt).

A till that is not set up opens the demo store (the README's first command); `--choose` offers
two doors instead: "Open the demo store" or "Join your chain" (as `storepos setup` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storepos.desktop_libraries import missing_libraries, missing_libraries_message
from storepos.i18n import _
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("local SQLite database (default {path})").format(
                            path=default_database_path()))
    parser.add_argument("--choose", action="store_true",
                        help=_("on a till that is not set up, choose: the demo store, or join your "
                               "chain with head office's enrolment code"))
    parser.add_argument("--self-test", action="store_true",
                        help=_("open the demo store, sign in with a demo PIN, complete one return, "
                               "print its receipt to a file printer; one line, exit 0 (or the step "
                               "that failed, exit 1)"))
    parser.add_argument("--receipt-file", type=Path, default=None, metavar="PATH",
                        help=_("where --self-test prints (default: self-test/receipt.bin in the "
                               "data folder)"))
    parser.add_argument("--startup-marks", action="store_true",
                        help=_('print "shown" at the first paint of the sign-in window and "ready" '
                               "once the store is open, then quit (for timing an installed app)"))


def run(args: argparse.Namespace) -> int:
    missing = missing_libraries()
    if missing:  # say which library and which package, instead of Qt's plugin error
        print(missing_libraries_message(missing), file=sys.stderr)
        return 2
    db = args.db or default_database_path()
    if args.self_test:
        return _self_test(db, args.receipt_file or db.parent / "self-test" / "receipt.bin")
    if args.startup_marks:
        from storepos.app import startup_marks

        return startup_marks(db)
    from storepos.app import open_app

    return open_app(db, choose=args.choose)


def _self_test(db: Path, receipt_file: Path) -> int:
    from storepos.app import demo_staff_path, run_when_open
    from storepos.commands.self_test import StepFailed, run_steps

    def work(counter: object) -> int:
        try:
            outcome = run_steps(counter, demo_staff_path(db), receipt_file)
        except StepFailed as failed:
            print(failed, file=sys.stderr)
            return 1
        print(outcome.summary())
        return 0

    def failed(message: str) -> int:
        print(f"self-test failed at step 'open the demo store': {message}", file=sys.stderr)
        return 1

    return run_when_open(db, work, failed=failed)
