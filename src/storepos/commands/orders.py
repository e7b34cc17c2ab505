"""`storepos orders show NUMBER --last-name NAME [--json] [--store CODE] [--db PATH]`: the
support desk's answer to "can I return this?" on a till.

Prints the order, its lines and each line's return decision in words (or `--json`, the stable
shape in services/orders/support.py), decided by the same policy evaluation the return screen
uses, for this till's store (`--store` names another store of this database).

Exit status: 0 the order was found; 2 no such order with that last name (the same one line
whether the number or the name is wrong), no till database, or no store to decide for.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storepos.i18n import _
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    what = _("an order, its lines and each line's return decision")
    show = steps.add_parser("show", help=what, description=what)
    show.add_argument("number", metavar="NUMBER", help=_("the order number people read"))
    show.add_argument("--last-name", required=True, metavar="NAME",
                      help=_("the order's billing last name"))
    show.add_argument("--json", action="store_true", help=_("print the stable JSON shape"))
    show.add_argument("--store", default=None, metavar="CODE",
                      help=_("decide at this store (default: this till's store)"))
    show.add_argument("--db", type=Path, default=None, metavar="PATH",
                      help=_("the till's SQLite file (default {path})").format(
                          path=default_database_path()))


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from storepos.domain.errors import StoreposError
    from storepos.i18n import speaking
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.persistence.models import Store
    from storepos.services.base.till_identity import load_identity
    from storepos.services.orders import support

    path: Path = args.db or default_database_path()
    if not path.exists():
        print(_("No till database at {path}.").format(path=path), file=sys.stderr)
        return 2
    engine = make_engine(str(path))
    try:
        upgrade(engine)  # a till not opened since an update gains the newest columns first
        store = args.store
        identity = load_identity(path)
        if store is None:
            if identity is None:
                print(_("This till is not set up with a store; name one with --store CODE."),
                      file=sys.stderr)
                return 2
            store = identity.store_code
        with make_session_factory(engine)() as session:
            # The policy's sentences in the till's language: its own store's locale.
            till_locale = session.scalar(select(Store.locale).where(
                Store.code == identity.store_code)) if identity else None
            with speaking(till_locale):
                found = support.answer(session, store, args.number, args.last_name)
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(_("The till database at {path} cannot be read ({problem}).").format(
            path=path, problem=type(exc).__name__), file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(support.to_json(found), indent=2, ensure_ascii=False))
    else:
        print("\n".join(support.in_words(found)))
    return 0
