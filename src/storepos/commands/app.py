"""`storepos` / `storepos app`: open the counter app (the only command that loads Qt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storepos.desktop_libraries import missing_libraries, missing_libraries_message
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"local SQLite database (default {default_database_path()})")


def run(args: argparse.Namespace) -> int:
    missing = missing_libraries()
    if missing:  # say which library and which package, instead of Qt's plugin error
        print(missing_libraries_message(missing), file=sys.stderr)
        return 2
    from storepos.app import open_app

    return open_app(args.db or default_database_path())
