"""`storepos setup --central https://HOST:PORT --code CODE [--ca-file F]`: enrol this till with
head office's central service.

Spends the one-time code (from `storepos central enrol-code`), keeps the till token beside the
till's database (readable by this user only) with the service's address, CA file and this till's
share of the store's offline card limits, and makes the store and till rows the till works
under, with head office's ids, and the store's staff (those who set a PIN sign in at once;
services/sync/joining.py, shared with the app's "Join your chain" door). From then on the app
and `storepos sync` sync over HTTPS with that token; no database URL or password is kept on the
till.

Exit status: 0 set up; 2 the code was refused, the service could not be reached or its certificate
did not verify, or the database already belongs to another store (one line in words).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storepos.i18n import _
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--central", required=True, metavar="URL",
                        help=_("the central service, https://HOST:PORT"))
    parser.add_argument("--code", required=True, help=_("the one-time enrolment code"))
    parser.add_argument("--ca-file", default=None, metavar="PEM",
                        help=_("head office's CA certificate (default: the system's CAs)"))
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("the till's SQLite file (default {path})").format(
                            path=default_database_path()))


def run(args: argparse.Namespace) -> int:
    from storepos.domain.errors import StoreposError
    from storepos.services.sync.joining import join_chain

    path: Path = args.db or default_database_path()
    try:
        joined = join_chain(path, args.central, args.code, args.ca_file)
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(joined.sentence())
    return 0
