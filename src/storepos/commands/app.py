"""`storepos` / `storepos app`: open the counter app (the only command that loads Qt)."""

from __future__ import annotations

import argparse
from pathlib import Path

from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"local SQLite database (default {default_database_path()})")


def run(args: argparse.Namespace) -> int:
    from storepos.app import open_app

    return open_app(args.db or default_database_path())
