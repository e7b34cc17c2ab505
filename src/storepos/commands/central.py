"""`storepos central ...`: head office's side of the central service.

    storepos central init --db URL                     make or upgrade the central schema (and on
                                                       PostgreSQL the store context's role and
                                                       row-level security; as the owner)
    storepos central store add --db URL --code C --name N --locale L --currency C
                                --timezone TZ --policy P [--outlet]
                                [--offline-per-card A] [--offline-per-sale A]
    storepos central store limits --db URL --code C [--offline-per-card A] [--offline-per-sale A]
    storepos central store list --db URL
    storepos central enrol-code --db URL --store C --till NAME   (the code is the last line)
    storepos central tills --db URL                    enrolled tills with their last contact
    storepos central revoke --db URL TILL              disconnect a till (its id or name)
    storepos central audit verify --db URL             check each till's audit chain kept here
    storepos central serve --db URL [--host H] [--port P] [--workers N]
                           [--certfile F --keyfile F] [--insecure]
    storepos central shop add|list ..., storepos central orders import|warnings ...
                                                       the web shop feed (central_webshop.py)

--db is a database URL (postgresql+psycopg://...) or the path of an SQLite file. Plain HTTP is
served on a loopback address only, unless --insecure says a TLS proxy stands in front. SIGTERM or
Ctrl+C stops the service gracefully: with --workers N too, the requests in flight finish (up to
30 s) before the processes stop, and each push is one transaction, stored whole or not at all.

A store's offline limits bound what its tills take from gift cards and store credit while they
cannot reach the service: --offline-per-card (default 100.00) is what one card may give offline
at the whole store, split evenly between its active tills (2 tills: 50.00 each; a till revoked or
enrolled changes the others' shares at their next sync); --offline-per-sale (default 50.00) caps
all cards together in one sale. 0 refuses cards offline.

Exit status: 0 done; 1 `audit verify` found a broken link (the first one is named); 2 refused (a
bad --db, an unknown store, a used or expired code...), told in one line on stderr.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from storepos.commands import central_webshop

if TYPE_CHECKING:  # imported when a command runs, so `storepos --help` stays quick
    from decimal import Decimal

    from sqlalchemy import Engine

    from storepos.domain.sync import OfflineLimits

LOOPBACK_NAMES = ("localhost",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)

    def step(name: str, help_text: str, run: Callable[[argparse.Namespace, Engine], int]
             ) -> argparse.ArgumentParser:
        sub = steps.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", required=True, metavar="URL",
                         help="the central database: a URL, or an SQLite file's path")
        sub.set_defaults(_step=run)
        return sub

    step("init", "make or upgrade the central schema and its row-level security", _init)

    store = steps.add_parser("store", help="add or list the chain's stores")
    store_steps = store.add_subparsers(dest="store_step", metavar="STEP", required=True)
    add = store_steps.add_parser("add", help="add a store")
    add.add_argument("--db", required=True, metavar="URL")
    for flag, what in (("--code", "the store's short code, e.g. TOR1"),
                       ("--name", "the store's name"), ("--locale", "e.g. en_CA"),
                       ("--currency", "e.g. CAD"), ("--timezone", "e.g. America/Toronto"),
                       ("--policy", "the return policy's name")):
        add.add_argument(flag, required=True, help=what)
    add.add_argument("--outlet", action="store_true", help="an outlet store")
    _limit_flags(add, OFFLINE_DEFAULTS)
    add.set_defaults(_step=_store_add)
    limits = store_steps.add_parser("limits", help="change a store's offline card limits")
    limits.add_argument("--db", required=True, metavar="URL")
    limits.add_argument("--code", required=True, help="the store's code")
    _limit_flags(limits, (None, None))
    limits.set_defaults(_step=_store_limits)
    listing = store_steps.add_parser("list", help="list the stores")
    listing.add_argument("--db", required=True, metavar="URL")
    listing.set_defaults(_step=_store_list)

    code = step("enrol-code", "make a one-time code that enrols one till (valid 24 h)",
                _enrol_code)
    code.add_argument("--store", required=True, metavar="CODE")
    code.add_argument("--till", required=True, metavar="NAME")
    step("tills", "list the enrolled tills with their last contact", _tills)
    revoke = step("revoke", "disconnect a till: its token stops working at once", _revoke)
    revoke.add_argument("till", metavar="TILL", help="the till's id (or its first 8 characters) "
                                                    "or its name")
    audit = steps.add_parser("audit", help="check the tills' audit chains kept centrally")
    audit_steps = audit.add_subparsers(dest="audit_step", metavar="STEP", required=True)
    verify = audit_steps.add_parser("verify", help="name the first broken link of any till's chain "
                                                   "(exit 1), or count the links (exit 0)")
    verify.add_argument("--db", required=True, metavar="URL")
    verify.set_defaults(_step=_audit_verify)
    central_webshop.add_steps(steps)
    serve = step("serve", "serve the HTTP API (HTTPS when given a certificate)", _serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    serve.add_argument("--certfile", default=None, help="the server's certificate (PEM)")
    serve.add_argument("--keyfile", default=None, help="its private key (PEM)")
    serve.add_argument("--insecure", action="store_true",
                       help="serve plain HTTP on a non-loopback address (a TLS proxy in front)")


OFFLINE_DEFAULTS = ("100.00", "50.00")  # per card (the whole store's), per sale


def _limit_flags(parser: argparse.ArgumentParser, defaults: tuple[str | None, str | None]) -> None:
    per_card, per_sale = defaults
    parser.add_argument("--offline-per-card", default=per_card, metavar="AMOUNT",
                        help="what one card may give offline at the whole store, split between "
                             "its active tills" + (f" (default {per_card})" if per_card else ""))
    parser.add_argument("--offline-per-sale", default=per_sale, metavar="AMOUNT",
                        help="what all cards together may give offline in one sale"
                             + (f" (default {per_sale})" if per_sale else ""))


class _Refused(Exception):
    pass


def _amount(flag: str, text: str) -> Decimal:
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise _Refused(f"{flag} {text!r} is not an amount: give one like 100.00 (0 or more).")
    return amount


def _limits(args: argparse.Namespace, current: OfflineLimits | None = None) -> OfflineLimits:
    from storepos.domain.sync import OfflineLimits

    base = current or OfflineLimits()
    per_card = args.offline_per_card
    per_sale = args.offline_per_sale
    return OfflineLimits(
        per_sale=_amount("--offline-per-sale", per_sale) if per_sale else base.per_sale,
        per_card=_amount("--offline-per-card", per_card) if per_card else base.per_card)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from storepos.central.engine import make_central_engine
    from storepos.central.enrolment import Refused
    from storepos.central.webshop.model import OrderRefused
    from storepos.sync.errors import CentralUnavailable

    try:
        engine = make_central_engine(args.db)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        return _fail(f"{args.db!r} is not a database URL or file path ({exc}).")
    where = engine.url.render_as_string(hide_password=True)
    try:
        return int(args._step(args, engine))
    except (Refused, _Refused, OrderRefused) as exc:
        return _fail(str(exc))
    except (DBAPIError, CentralUnavailable) as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return _fail(f"The central database at {where} could not be used: {first}")
    finally:
        engine.dispose()


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _init(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.migrate import current_revision, upgrade
    from storepos.central.store_context import STORE_ROLE

    upgrade(engine)
    print(f"The central schema is at {current_revision(engine)}.")
    if engine.dialect.name == "postgresql":
        print(f"Row-level security is installed: the service runs each till's requests as the "
              f"role {STORE_ROLE} (no login) under the till's store.")
    return 0


def _need_schema(engine: Engine) -> None:
    from storepos.central.migrate import current_revision

    if current_revision(engine) is None:
        raise _Refused("This database has no central schema yet: run `storepos central init` "
                       "first.")


def _store_add(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import add_store

    offline = _limits(args)
    _need_schema(engine)
    store = add_store(engine, code=args.code, name=args.name, locale=args.locale,
                      currency=args.currency, timezone=args.timezone, policy=args.policy,
                      outlet=args.outlet, offline=offline)
    print(f"Added store {store.code} {store.name} ({store.id}); {_limits_words(store.offline)}.")
    return 0


def _limits_words(offline: OfflineLimits) -> str:
    return (f"offline, {offline.per_card} per card for the whole store (split between its "
            f"tills) and {offline.per_sale} per sale")


def _store_limits(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import Refused, list_stores, set_offline_limits

    _need_schema(engine)
    code = args.code.strip().upper()
    current = next((s for s in list_stores(engine) if s.code == code), None)
    if current is None:
        raise Refused(f"There is no store with the code {code}.")
    store = set_offline_limits(engine, code, _limits(args, current.offline))
    print(f"Store {store.code}: {_limits_words(store.offline)}; each till gets its new share at "
          "its next sync.")
    return 0


def _store_list(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import list_stores

    _need_schema(engine)
    found = list_stores(engine)
    for s in found:
        print(f"{s.code:<8} {s.name:<32} {s.locale:<6} {s.currency} {s.timezone:<20} {s.policy}"
              f" offline {s.offline.per_card}/card {s.offline.per_sale}/sale"
              + (" outlet" if s.outlet else ""))
    print(f"{len(found)} store(s).")
    return 0


def _audit_verify(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.audit_chain import verify

    _need_schema(engine)
    with engine.connect() as conn:
        count, tills, broken = verify(conn)
    if broken is not None:
        print(f"The audit chain is broken. {broken.sentence('event')}.", file=sys.stderr)
        return 1
    print(f"The audit chains hold: {count} event(s) from {tills} till(s).")
    return 0


def _enrol_code(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import CODE_LIFETIME, make_enrolment_code

    _need_schema(engine)
    code = make_enrolment_code(engine, args.store, args.till)
    hours = int(CODE_LIFETIME.total_seconds() // 3600)
    print(f"One-time code for till {args.till.strip()!r} of store {args.store.strip().upper()}, "
          f"valid {hours} hours; it is shown only now:")
    print(code)
    return 0


def _tills(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import list_tills

    _need_schema(engine)
    found = list_tills(engine)
    for t in found:
        seen = f"{t.last_seen_at:%Y-%m-%d %H:%M} UTC" if t.last_seen_at else "never"
        print(f"{t.store_code:<8} {t.name:<20} {t.id}  last contact {seen}"
              + ("  REVOKED" if t.revoked else ""))
    print(f"{len(found)} till(s).")
    return 0


def _revoke(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import revoke

    _need_schema(engine)
    till = revoke(engine, args.till)
    print(f"Till {till.name!r} of store {till.store_code} ({till.id}) is disconnected: its next "
          "request is refused.")
    return 0


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve(args: argparse.Namespace, engine: Engine) -> int:
    import uvicorn

    from storepos.central.http import ENV_DB
    from storepos.central.security import check_rls

    if bool(args.certfile) != bool(args.keyfile):
        raise _Refused("Give both --certfile and --keyfile, or neither.")
    if not args.certfile and not args.insecure and not is_loopback(args.host):
        raise _Refused(f"Refusing to serve plain HTTP on {args.host}: give --certfile and "
                       "--keyfile, or --insecure when a TLS proxy stands in front.")
    if args.workers < 1:
        raise _Refused("--workers must be 1 or more.")
    _need_schema(engine)
    missing = check_rls(engine)
    if missing:
        raise _Refused(missing)
    os.environ[ENV_DB] = args.db  # each worker process makes its own engine from it
    scheme = "https" if args.certfile else "http"
    print(f"Serving the central service on {scheme}://{args.host}:{args.port} "
          f"with {args.workers} process(es); Ctrl+C stops.", flush=True)
    uvicorn.run("storepos.central.http:app_from_env", factory=True, host=args.host,
                port=args.port, workers=args.workers, ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile, timeout_graceful_shutdown=30, log_level="warning")
    return 0
