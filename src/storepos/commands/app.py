"""`storepos` / `storepos app`: open the counter app (the only command that loads Qt).

A till that is not set up opens the demo store (the README's first command); `--choose` offers
two doors instead: "Open the demo store" or "Join your chain" (as `storepos setup` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storepos.desktop_libraries import missing_libraries, missing_libraries_message
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"local SQLite database (default {default_database_path()})")
    parser.add_argument("--choose", action="store_true",
                        help="on a till that is not set up, choose: the demo store, or join your "
                             "chain with head office's enrolment code")


def run(args: argparse.Namespace) -> int:
    missing = missing_libraries()
    if missing:  # say which library and which package, instead of Qt's plugin error
        print(missing_libraries_message(missing), file=sys.stderr)
        return 2
    from storepos.app import open_app

    return open_app(args.db or default_database_path(), choose=args.choose)
