"""`storepos setup --central https://HOST:PORT --code CODE [--ca-file F]`: enrol this till with
head office's central service.

Spends the one-time code (from `storepos central enrol-code`), keeps the till token beside the
till's database (readable by this user only) with the service's address, CA file and this till's
share of the store's offline card limits, and makes the store and till rows the till works
under, with head office's ids, and the store's staff (those who set a PIN sign in at once).
From then on the app and `storepos sync` sync over HTTPS with that token; no database URL or
password is kept on the till.

Exit status: 0 set up; 2 the code was refused, the service could not be reached or its certificate
did not verify, or the database already belongs to another store (one line in words).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--central", required=True, metavar="URL",
                        help="the central service, https://HOST:PORT")
    parser.add_argument("--code", required=True, help="the one-time enrolment code")
    parser.add_argument("--ca-file", default=None, metavar="PEM",
                        help="head office's CA certificate (default: the system's CAs)")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"the till's SQLite file (default {default_database_path()})")


def run(args: argparse.Namespace) -> int:
    from storepos.domain.errors import StoreposError
    from storepos.domain.sync import OfflineLimits
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.base import till_identity
    from storepos.services.staff.roster import apply_employees
    from storepos.sync.enrolment import Enrolment, enrol_till, save_enrolment
    from storepos.sync.protocol import row_from_json

    path: Path = args.db or default_database_path()
    ca_file = str(Path(args.ca_file).resolve()) if args.ca_file else None
    try:
        answer = enrol_till(args.central, args.code, ca_file=ca_file)
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(path))
    try:
        upgrade(engine)
        with make_session_factory(engine)() as session:
            identity = till_identity.enrolled_here(session, answer["store"], answer["till"])
            # The store's staff as head office has them: people sign in at once (offline too).
            apply_employees(session, [row_from_json(r) for r in answer.get("staff", [])])
            session.commit()
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    offline = OfflineLimits.from_json(answer["offline"]) if answer.get("offline") else None
    save_enrolment(path, Enrolment(args.central.rstrip("/"), answer["token"], ca_file, offline))
    till_identity.save_identity(path, identity)
    print(f"This till is {identity.till_prefix} ({answer['till']['name']}) of store "
          f"{identity.store_code}, {answer['store']['name']}; it syncs with {args.central}.")
    return 0
