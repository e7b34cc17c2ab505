"""`storepos central ...`: head office's side of the central service.

    storepos central init --db URL                     make or upgrade the central schema (and on
                                                       PostgreSQL the store context's role and
                                                       row-level security; as the owner)
    storepos central store add --db URL --code C --name N --locale L --currency C
                                --timezone TZ --policy P [--outlet]
                                [--offline-per-card A] [--offline-per-sale A]
                                [--address TEXT] [--hours TEXT] [--email-from ADDR]
    storepos central store limits --db URL --code C [--offline-per-card A] [--offline-per-sale A]
    storepos central store list --db URL
    storepos central enrol-code --db URL --store C --till NAME   (the code is the last line)
    storepos central tills --db URL                    enrolled tills with their last contact
    storepos central revoke --db URL TILL              disconnect a till (its id or name)
    storepos central staff add|list|deactivate|reset-pin --db URL ...   (commands/central_staff.py)
    storepos central audit verify --db URL             check each till's audit chain kept here
    storepos central cancellation list|release --db URL ...   open cancellation claims; release a
                                                       stuck one (commands/central_cancellation.py)
    storepos central catalogue import --db URL FILE.csv [--tags FILE] [--skip-bad-rows]
                                                       the Shopify product export into the chain's
                                                       catalogue (tills get it at their next pull)
    storepos central serve --db URL [--host H] [--port P] [--workers N]
                           [--certfile F --keyfile F] [--insecure]
    storepos central smtp set --db URL --host H --port P [--starttls] [--user U]
                              [--password-env VAR] --from ADDR
    storepos central smtp show --db URL
    storepos central notify --db URL [--once] [--every SECONDS]
                                                       send customers' pickup e-mails that are due
    storepos central notices --db URL [--store C] [--failed]
                                                       customers' notices: sent, waiting, failed
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

The catalogue import is all or nothing: when any row is wrong, the wrong rows are listed by line
and nothing is imported (exit 2); --skip-bad-rows imports the good rows and lists the others.
Customers told (central/notices): a pickup put on a store's shelf, and one whose hold ends within
2 days, gets the customer an e-mail in the store's language, once. `notify` sends them (a loop, a
pass every 30 s; --once: one pass, then exit); the SMTP password is read at send time from the
environment variable named by --password-env, never stored or typed on a command line.

Exit status: 0 done; 1 `audit verify` found a broken link (the first one is named); 2 refused (a
bad --db, an unknown store, a used or expired code, a catalogue with wrong rows...), told in one
line on stderr (a catalogue's wrong rows each on their own line first).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from storepos.commands import central_cancellation, central_staff, central_webshop
from storepos.commands.values import add_central_db, port, seconds, whole_number
from storepos.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:  # imported when a command runs, so `storepos --help` stays quick
    from decimal import Decimal

    from sqlalchemy import Engine

    from storepos.central.notices.outbox import NoticeRow
    from storepos.domain.audit_chain import Break
    from storepos.domain.sync import OfflineLimits

LOOPBACK_NAMES = ("localhost",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)

    def step(name: str, help_text: str, run: Callable[[argparse.Namespace, Engine], int]
             ) -> argparse.ArgumentParser:
        sub = steps.add_parser(name, help=help_text, description=help_text)
        add_central_db(sub)
        sub.set_defaults(_step=run)
        return sub

    step("init", _("make or upgrade the central schema and its row-level security"), _init)

    store = steps.add_parser("store", help=_("add or list the chain's stores"))
    store_steps = store.add_subparsers(dest="store_step", metavar="STEP", required=True)
    add = store_steps.add_parser("add", help=_("add a store"))
    add_central_db(add)
    for flag, what in STORE_FLAGS:
        add.add_argument(flag, required=True, help=_(what))
    add.add_argument("--outlet", action="store_true", help=_("an outlet store"))
    _limit_flags(add, OFFLINE_DEFAULTS)
    add.add_argument("--address", default="",
                     help=_("the store's address, as customers' e-mails give it"))
    add.add_argument("--hours", default="",
                     help=_("its opening hours, in the store's language "
                            "(e.g. 'Mon-Sat 10:00-21:00, Sun 11:00-18:00')"))
    add.add_argument("--email-from", default=None, metavar="ADDR",
                     help=_("the address its customers' e-mails come from (default: the chain's, "
                            "from `smtp set`)"))
    add.set_defaults(_step=_store_add)
    limits = store_steps.add_parser("limits", help=_("change a store's offline card limits"))
    add_central_db(limits)
    limits.add_argument("--code", required=True, help=_("the store's code"))
    _limit_flags(limits, (None, None))
    limits.set_defaults(_step=_store_limits)
    listing = store_steps.add_parser("list", help=_("list the stores"))
    add_central_db(listing)
    listing.set_defaults(_step=_store_list)

    code = step("enrol-code", _("make a one-time code that enrols one till (valid 24 h)"),
                _enrol_code)
    code.add_argument("--store", required=True, metavar="CODE", help=_("the store's code"))
    code.add_argument("--till", required=True, metavar="NAME",
                      help=_("the till's name, as the store calls it"))
    step("tills", _("list the enrolled tills with their last contact"), _tills)
    revoke = step("revoke", _("disconnect a till: its token stops working at once"), _revoke)
    revoke.add_argument("till", metavar="TILL",
                        help=_("the till's id (or its first 8 characters) or its name"))
    central_staff.add_arguments(steps)
    central_cancellation.add_arguments(steps)
    audit = steps.add_parser("audit", help=_("check the tills' audit chains kept centrally"))
    audit_steps = audit.add_subparsers(dest="audit_step", metavar="STEP", required=True)
    verify = audit_steps.add_parser("verify", help=_("name the first broken link of any till's "
                                                     "chain (exit 1), or count the links (exit 0)"))
    add_central_db(verify)
    verify.set_defaults(_step=_audit_verify)
    catalogue = steps.add_parser("catalogue", help=_("the chain's catalogue (products, barcodes)"))
    catalogue_steps = catalogue.add_subparsers(dest="catalogue_step", metavar="STEP",
                                               required=True)
    load = catalogue_steps.add_parser(
        "import", help=_("import a Shopify product export (CSV); re-importing updates"))
    add_central_db(load)
    load.add_argument("file", metavar="FILE.csv", help=_("Shopify: Products > Export > CSV"))
    load.add_argument("--tags", default=None, metavar="FILE",
                      help=_("the chain's tag mapping (TOML, or JSON): shop tag -> policy tag, "
                             "over the default one"))
    load.add_argument("--skip-bad-rows", action="store_true",
                      help=_("import the good rows when some are wrong (default: nothing is "
                             "imported when any row is wrong)"))
    load.set_defaults(_step=_catalogue_import)
    smtp_cmd = steps.add_parser("smtp", help=_("the mail server customers' e-mails go through"))
    smtp_steps = smtp_cmd.add_subparsers(dest="smtp_step", metavar="STEP", required=True)
    smtp_set = smtp_steps.add_parser("set", help=_("set the mail server (the password is read from "
                                                   "an environment variable when sending)"))
    add_central_db(smtp_set)
    smtp_set.add_argument("--host", required=True, help=_("the mail server's host name"))
    smtp_set.add_argument("--port", required=True, type=port, help=_("its port"))
    smtp_set.add_argument("--starttls", action="store_true", help=_("upgrade to TLS (STARTTLS)"))
    smtp_set.add_argument("--user", default=None, help=_("the user name to log in with"))
    smtp_set.add_argument("--password-env", default=None, metavar="VAR",
                          help=_("the environment variable holding the password (only its name "
                                 "is kept)"))
    smtp_set.add_argument("--from", dest="from_addr", required=True, metavar="ADDR",
                          help=_("the chain's sender address"))
    smtp_set.set_defaults(_step=_smtp_set)
    smtp_show = smtp_steps.add_parser("show", help=_("show the mail server settings"))
    add_central_db(smtp_show)
    smtp_show.set_defaults(_step=_smtp_show)
    notify = step("notify", _("send the customers' pickup e-mails that are due"), _notify)
    notify.add_argument("--once", action="store_true", help=_("one pass, then exit"))
    notify.add_argument("--every", type=seconds, default=30.0, metavar="SECONDS",
                        help=_("seconds between passes (default 30)"))
    listed = step("notices", _("list customers' notices: sent, waiting, failed"), _notices)
    listed.add_argument("--store", default=None, metavar="CODE", help=_("only this store's"))
    listed.add_argument("--failed", action="store_true", help=_("only those that failed"))
    central_webshop.add_steps(steps)
    serve = step("serve", _("serve the HTTP API (HTTPS when given a certificate)"), _serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("the address to listen on (default 127.0.0.1)"))
    serve.add_argument("--port", type=port, default=8443, help=_("the port (default 8443)"))
    serve.add_argument("--workers", type=whole_number(at_least=1), default=1,
                       help=_("processes (default 1)"))
    serve.add_argument("--certfile", default=None, help=_("the server's certificate (PEM)"))
    serve.add_argument("--keyfile", default=None, help=_("its private key (PEM)"))
    serve.add_argument("--insecure", action="store_true",
                       help=_("serve plain HTTP on a non-loopback address (a TLS proxy in front)"))


# `central store add`'s required flags and what each takes (translated when the parser is built).
STORE_FLAGS = (("--code", N_("the store's short code, e.g. TOR1")),
               ("--name", N_("the store's name")), ("--locale", N_("its language, e.g. en_CA")),
               ("--currency", N_("its currency, e.g. CAD")),
               ("--timezone", N_("its time zone, e.g. America/Toronto")),
               ("--policy", N_("the return policy's name")))
OFFLINE_DEFAULTS = ("100.00", "50.00")  # per card (the whole store's), per sale


def _limit_flags(parser: argparse.ArgumentParser, defaults: tuple[str | None, str | None]) -> None:
    """The offline card limits' flags: with their defaults (`store add`) or none (`store limits`:
    what is not given stays as it is)."""
    per_card, per_sale = defaults
    parser.add_argument("--offline-per-card", default=per_card, metavar="AMOUNT",
                        help=_("what one card may give offline at the whole store, split between "
                               "its active tills (default {amount})").format(amount=per_card)
                        if per_card else
                        _("what one card may give offline at the whole store, split between its "
                          "active tills"))
    parser.add_argument("--offline-per-sale", default=per_sale, metavar="AMOUNT",
                        help=_("what all cards together may give offline in one sale "
                               "(default {amount})").format(amount=per_sale)
                        if per_sale else
                        _("what all cards together may give offline in one sale"))


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
        return _fail(_("The central database at {where} could not be used: {problem}").format(
            where=where, problem=first))
    finally:
        engine.dispose()


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _init(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.migrate import current_revision, upgrade
    from storepos.central.store_context import STORE_ROLE

    upgrade(engine)
    print(_("The central schema is at {revision}.").format(revision=current_revision(engine)))
    if engine.dialect.name == "postgresql":
        print(_("Row-level security is installed: the service runs each till's requests as the "
                "role {role} (no login) under the till's store.").format(role=STORE_ROLE))
    return 0


def _need_schema(engine: Engine) -> None:
    from storepos.central.migrate import current_revision

    if current_revision(engine) is None:
        raise _Refused(_("This database has no central schema yet: run `storepos central init` "
                         "first."))


def _store_add(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import add_store

    offline = _limits(args)
    if args.email_from is not None and not _looks_like_address(args.email_from):
        raise _Refused(_("--email-from {value!r} is not an e-mail address.").format(
            value=args.email_from))
    _need_schema(engine)
    store = add_store(engine, code=args.code, name=args.name, locale=args.locale,
                      currency=args.currency, timezone=args.timezone, policy=args.policy,
                      outlet=args.outlet, offline=offline, address=args.address,
                      hours=args.hours, email_from=args.email_from)
    print(_("Added store {code} {name} ({id}); {limits}.").format(
        code=store.code, name=store.name, id=store.id, limits=_limits_words(store.offline)))
    return 0


def _limits_words(offline: OfflineLimits) -> str:
    return _("offline, {per_card} per card for the whole store (split between its tills) and "
             "{per_sale} per sale").format(per_card=offline.per_card, per_sale=offline.per_sale)


def _store_limits(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import Refused, list_stores, set_offline_limits

    _need_schema(engine)
    code = args.code.strip().upper()
    current = next((s for s in list_stores(engine) if s.code == code), None)
    if current is None:
        raise Refused(_("There is no store with the code {code}.").format(code=code))
    store = set_offline_limits(engine, code, _limits(args, current.offline))
    print(_("Store {code}: {limits}; each till gets its new share at its next sync.").format(
        code=store.code, limits=_limits_words(store.offline)))
    return 0


def _store_list(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import list_stores

    _need_schema(engine)
    found = list_stores(engine)
    for s in found:
        print(f"{s.code:<8} {s.name:<32} {s.locale:<6} {s.currency} {s.timezone:<20} {s.policy}"
              f" offline {s.offline.per_card}/card {s.offline.per_sale}/sale"
              + (" outlet" if s.outlet else ""))
    print(ngettext("{n} store.", "{n} stores.", len(found)).format(n=len(found)))
    return 0


def _audit_verify(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.audit_chain import verify

    _need_schema(engine)
    with engine.connect() as conn:
        count, tills, broken = verify(conn)
    if broken is not None:
        print(_("The audit chain is broken. {link}.").format(link=central_break_words(broken)),
              file=sys.stderr)
        return 1
    events_part = ngettext("{n} event", "{n} events", count).format(n=count)
    tills_part = ngettext("{n} till", "{n} tills", tills).format(n=tills)
    # Translators: e.g. "40 events" from "3 tills", each count already in its plural form.
    print(_("The audit chains hold: {events_part} from {tills_part}.").format(
        events_part=events_part, tills_part=tills_part))
    return 0


def central_break_words(broken: Break) -> str:
    """Head office's first broken link in STOREPOS_LANG, by its kind (the stored evidence keeps
    central/audit_chain.py's English)."""
    from storepos.central.audit_chain import LINK_DIFFERS

    kind = {"edited": pgettext("broken event link", "edited"),
            "missing": pgettext("broken event link", "missing"),
            "out of order": pgettext("broken event link", "out of order")}.get(broken.kind,
                                                                              broken.kind)
    before = broken.seq - 1
    if broken.kind == "missing":
        what = _("event {before} before it never arrived").format(before=before)
    elif broken.kind == "out of order":
        what = _("it does not follow event {before} (an earlier event was changed, removed or "
                 "reordered at the till)").format(before=before)
    elif broken.what == LINK_DIFFERS:
        what = _("its kept link differs from the one its payload carries")
    else:
        what = _("it was changed after it was written (its content does not match its hash)")
    return _("Till {till}, event {seq}: {kind}: {what}").format(
        till=broken.till_id, seq=broken.seq, kind=kind, what=what)


BAD_ROWS_SHOWN = 200  # a file with thousands of wrong rows lists the first ones


def _catalogue_import(args: argparse.Namespace, engine: Engine) -> int:
    from pathlib import Path

    from storepos.central.catalogue.importer import NothingImported, import_catalogue
    from storepos.central.catalogue.shopify_csv import CatalogueFileError
    from storepos.central.catalogue.tag_mapping import TagMappingError, load_mapping

    _need_schema(engine)
    try:
        mapping = load_mapping(Path(args.tags) if args.tags else None)
    except TagMappingError as exc:
        raise _Refused(str(exc)) from None
    try:
        with open(args.file, "rb") as stream:
            report = import_catalogue(engine, stream, mapping, skip_bad_rows=args.skip_bad_rows)
    except OSError as exc:
        raise _Refused(_("The file {file} cannot be read: {problem}.").format(
            file=args.file, problem=exc.strerror or exc)) from None
    except CatalogueFileError as exc:
        raise _Refused(f"{args.file}: {exc}") from None
    except NothingImported as refused:
        _list_bad(refused.report.bad)
        return _fail(ngettext(
            "Nothing was imported: {n} row of {file} is wrong (listed above). Fix it and import "
            "again, or import the good rows with --skip-bad-rows.",
            "Nothing was imported: {n} rows of {file} are wrong (listed above). Fix them and "
            "import again, or import the good rows with --skip-bad-rows.",
            len(refused.report.bad)).format(n=len(refused.report.bad), file=args.file))
    _list_bad(report.bad)
    print(catalogue_imported_words(args.file, report.products, report.variants,
                                   report.products_written, report.variants_written,
                                   report.image_rows))
    if report.bad:
        print(ngettext("{n} wrong row was left out (listed above).",
                       "{n} wrong rows were left out (listed above).",
                       len(report.bad)).format(n=len(report.bad)))
    if report.unmapped_tags:
        tags = ", ".join(report.unmapped_tags[:20]) + (
            " ..." if len(report.unmapped_tags) > 20 else "")
        print(ngettext("{n} shop tag is not a policy tag and was left out of them: {tags}. Map "
                       "it with --tags FILE if it should change the return rules.",
                       "{n} shop tags are not policy tags and were left out of them: {tags}. Map "
                       "one with --tags FILE if it should change the return rules.",
                       len(report.unmapped_tags)).format(n=len(report.unmapped_tags), tags=tags))
    return 0


def catalogue_imported_words(file: str, products: int, variants: int, written: int,
                             variants_written: int, images: int) -> str:
    """What a catalogue import did, each count a part of its own in its plural form."""
    parts = {
        "file": file,
        "products": ngettext("{n} product", "{n} products", products).format(n=products),
        "variants": ngettext("{n} variant", "{n} variants", variants).format(n=variants),
        "written": ngettext("{n} product", "{n} products", written).format(n=written),
        "variants_written": ngettext("{n} variant", "{n} variants", variants_written).format(
            n=variants_written),
        "images": ngettext("{n} image row passed over", "{n} image rows passed over",
                           images).format(n=images),
    }
    if images:
        # Translators: each part is already a count in its plural form ("5 products",
        # "1 variant", "2 image rows passed over").
        return _("Imported {file}: {products} and {variants}; {written} and {variants_written} "
                 "added or changed, the rest unchanged; {images}. The tills get the changes at "
                 "their next pull.").format(**parts)
    # Translators: each part is already a count in its plural form ("5 products", "1 variant").
    return _("Imported {file}: {products} and {variants}; {written} and {variants_written} added "
             "or changed, the rest unchanged. The tills get the changes at their next "
             "pull.").format(**parts)


def _list_bad(bad: list[Any]) -> None:
    for row in bad[:BAD_ROWS_SHOWN]:
        print(row.sentence(), file=sys.stderr)
    if len(bad) > BAD_ROWS_SHOWN:
        print(_("... and {n} more.").format(n=len(bad) - BAD_ROWS_SHOWN), file=sys.stderr)


def _enrol_code(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import CODE_LIFETIME, make_enrolment_code

    _need_schema(engine)
    code = make_enrolment_code(engine, args.store, args.till)
    hours = int(CODE_LIFETIME.total_seconds() // 3600)
    print(_("One-time code for till {till!r} of store {store}, valid {hours} hours; it is shown "
            "only now:").format(till=args.till.strip(), store=args.store.strip().upper(),
                                hours=hours))
    print(code)
    return 0


def _tills(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import list_tills

    _need_schema(engine)
    found = list_tills(engine)
    for t in found:
        if t.last_seen_at is None:
            seen = _("never in contact")
        else:
            seen = _("last contact {moment} UTC").format(moment=f"{t.last_seen_at:%Y-%m-%d %H:%M}")
        print(f"{t.store_code:<8} {t.name:<20} {t.id}  {seen}"
              + ("  " + _("REVOKED") if t.revoked else ""))
    print(ngettext("{n} till.", "{n} tills.", len(found)).format(n=len(found)))
    return 0


def _revoke(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.enrolment import revoke

    _need_schema(engine)
    till = revoke(engine, args.till)
    print(_("Till {name!r} of store {store} ({id}) is disconnected: its next request is "
            "refused.").format(name=till.name, store=till.store_code, id=till.id))
    return 0


def _looks_like_address(text: str) -> bool:
    local, at, domain = text.strip().rpartition("@")
    return bool(at and local and "." in domain and not any(c.isspace() for c in text.strip()))


def _smtp_set(args: argparse.Namespace, engine: Engine) -> int:
    from datetime import UTC, datetime

    from storepos.central.notices.smtp import SmtpSettings, save
    from storepos.sync.retry import in_transaction

    host = args.host.strip()
    if not host or any(c.isspace() for c in host):
        raise _Refused(_("--host {value!r} is not a host name.").format(value=args.host))
    if not 0 < args.port < 65536:
        raise _Refused(_("--port {value} is not a port (1 to 65535).").format(value=args.port))
    if not _looks_like_address(args.from_addr):
        raise _Refused(_("--from {value!r} is not an e-mail address.").format(
            value=args.from_addr))
    var = (args.password_env or "").strip() or None
    if var is not None and not var.replace("_", "").isalnum():
        raise _Refused(_("--password-env takes the name of an environment variable (like "
                         "STOREPOS_SMTP_PASSWORD), not {value!r}.").format(
            value=args.password_env))
    if args.user and var is None:
        raise _Refused(_("--user needs --password-env VAR: the environment variable the password "
                         "is read from when sending."))
    _need_schema(engine)
    settings = SmtpSettings(host, args.port, args.from_addr.strip(), args.starttls,
                            (args.user or "").strip() or None, var)
    in_transaction(engine, lambda conn: save(conn, settings, datetime.now(UTC)))
    print(_smtp_words(settings, var))
    if var is not None and var not in os.environ:
        print(_("Note: ${name} is not set here; set it where `storepos central notify` "
                "runs.").format(name=var))
    return 0


def _smtp_words(settings: Any, var: str | None) -> str:
    """Where customers' e-mails go, one whole sentence per case."""
    if settings.username and settings.starttls:
        said = _("Customers' e-mails go through {server} with STARTTLS, as {user} (password from "
                 "${name} when sending), from {sender}.")
    elif settings.username:
        said = _("Customers' e-mails go through {server} without TLS, as {user} (password from "
                 "${name} when sending), from {sender}.")
    elif settings.starttls:
        said = _("Customers' e-mails go through {server} with STARTTLS, from {sender}.")
    else:
        said = _("Customers' e-mails go through {server} without TLS, from {sender}.")
    return said.format(server=settings.where(), user=settings.username, name=var,
                       sender=settings.from_addr)


def _smtp_show(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.notices.smtp import load

    _need_schema(engine)
    with engine.connect() as conn:
        s = load(conn)
    if s is None:
        print(_("No mail server is set up: `storepos central smtp set` sets one."))
        return 0
    # One line of name-value pairs scripts read: the names stay as the options are spelt.
    print(f"host {s.host} port {s.port} starttls {'yes' if s.starttls else 'no'} "
          f"user {s.username or '-'} password from ${s.password_env or '-'} from {s.from_addr}")
    return 0


def _notify(args: argparse.Namespace, engine: Engine) -> int:
    import signal
    import threading

    from storepos.central.notices.sender import PassResult, run_forever, run_once

    _need_schema(engine)
    if args.once:
        print(_("Customers' e-mails: {result}").format(result=run_once(engine).words()))
        return 0
    if args.every <= 0:
        raise _Refused(_("--every must be more than 0 seconds."))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def report(result: PassResult) -> None:
        if result.sent or result.retrying or result.failed or result.skipped:
            print(_("Customers' e-mails: {result}").format(result=result.words()), flush=True)

    print(_("Sending customers' e-mails every {seconds} s; Ctrl+C stops.").format(
        seconds=f"{args.every:g}"), flush=True)
    run_forever(engine, stop, every_s=args.every, report=report,
                trouble=lambda words: print(words, file=sys.stderr, flush=True))
    return 0


def _notices(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.notices.outbox import list_notices

    _need_schema(engine)
    with engine.connect() as conn:
        found = list_notices(conn, store_code=args.store, failed_only=args.failed)
    for n in found:
        print(notice_row(n))
    counted = (ngettext("{n} notice failed.", "{n} notices failed.", len(found)) if args.failed
               else ngettext("{n} notice.", "{n} notices.", len(found)))
    print(counted.format(n=len(found)))
    return 0


def notice_row(n: NoticeRow) -> str:
    """One notice in STOREPOS_LANG: store and pickup as stored, what it tells and where it stands
    in words, the tries counted, times in UTC by CLDR; the mail server's error as it said it."""
    from storepos.central.notices.mail import ARRIVED, HOLD_ENDING
    from storepos.i18n.formats import day_and_clock

    kind = (pgettext("customer notice", "parcel arrived") if n.kind == ARRIVED else
            pgettext("customer notice", "hold ending") if n.kind == HOLD_ENDING else n.kind)
    state = {"pending": pgettext("customer notice", "waiting"),
             "sent": pgettext("customer notice", "sent"),
             "failed": pgettext("customer notice", "failed"),
             "skipped": pgettext("customer notice", "not needed")}.get(n.state, n.state)
    tries = ngettext("{n} try", "{n} tries", n.attempts).format(n=n.attempts)
    to = n.recipient or "-"
    if n.sent_at:
        when = _("sent {moment} UTC").format(moment=day_and_clock(n.sent_at))
    elif n.state == "pending":
        when = _("next try {moment} UTC").format(moment=day_and_clock(n.next_attempt_at))
    else:
        when = ""
    # Translators: one customer's notice in head office's list, e.g. "TOR1 P-000555 parcel
    # arrived, failed, 3 tries, to ann@example.com"; {kind}, {state} and {tries} already worded.
    row = _("{store} {pickup} {kind}, {state}, {tries}, to {to}").format(
        store=n.store_code, pickup=n.pickup_number, kind=kind, state=state, tries=tries, to=to)
    return " ".join(p for p in (row, when) if p) + (f"  {n.last_error}" if n.last_error else "")


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
        raise _Refused(_("Give both --certfile and --keyfile, or neither."))
    if not args.certfile and not args.insecure and not is_loopback(args.host):
        raise _Refused(_("Refusing to serve plain HTTP on {host}: give --certfile and --keyfile, "
                         "or --insecure when a TLS proxy stands in front.").format(host=args.host))
    if args.workers < 1:
        raise _Refused(_("--workers must be 1 or more."))
    _need_schema(engine)
    missing = check_rls(engine)
    if missing:
        raise _Refused(missing)
    os.environ[ENV_DB] = args.db  # each worker process makes its own engine from it
    scheme = "https" if args.certfile else "http"
    print(_("Serving the central service on {address} with {workers} process(es); Ctrl+C "
            "stops.").format(address=f"{scheme}://{args.host}:{args.port}", workers=args.workers),
          flush=True)
    uvicorn.run("storepos.central.http:app_from_env", factory=True, host=args.host,
                port=args.port, workers=args.workers, ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile, timeout_graceful_shutdown=30, log_level="warning")
    return 0
