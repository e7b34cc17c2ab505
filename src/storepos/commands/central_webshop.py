"""`storepos central shop ...` and `storepos central orders ...`: the web shop feed (issue 13).

    storepos central shop add --db URL --name N --domain SHOP.myshopify.com --secret-env VAR
    storepos central shop list --db URL
    storepos central orders import --db URL --format shopify|storepos FILE
    storepos central orders warnings --db URL

The shop's webhook secret is read from the environment variable named by --secret-env, never
from the command line (where `ps` and shell history would keep it). An import takes each order
in its own transaction: a refused order is named on stderr with the reason, one line each, the
others are imported, and the exit status is then 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storepos.commands.values import add_central_db
from storepos.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlalchemy import Engine


def add_steps(steps: Any) -> None:
    """Add `shop` and `orders` to `storepos central`'s steps."""
    shop = steps.add_parser("shop", help=_("register the web shops whose webhooks are accepted"))
    shop_steps = shop.add_subparsers(dest="shop_step", metavar="STEP", required=True)
    add = shop_steps.add_parser("add", help=_("register a Shopify shop (or give it a new secret)"))
    add_central_db(add)
    add.add_argument("--name", required=True, help=_("the shop's name"))
    add.add_argument("--domain", required=True, help=_("the shop's domain, SHOP.myshopify.com"))
    add.add_argument("--secret-env", required=True, metavar="VAR",
                     help=_("the environment variable holding the webhook signing secret"))
    add.set_defaults(_step=_shop_add)
    listing = shop_steps.add_parser("list", help=_("list the registered shops"))
    add_central_db(listing)
    listing.set_defaults(_step=_shop_list)

    orders = steps.add_parser("orders", help=_("the web shop's orders: import a file, warnings"))
    order_steps = orders.add_subparsers(dest="orders_step", metavar="STEP", required=True)
    load = order_steps.add_parser("import", help=_("import a Shopify or storepos order JSON file"))
    add_central_db(load)
    load.add_argument("--format", required=True, choices=("shopify", "storepos"),
                      help=_("the file's shape: Shopify's order JSON, or storepos's own"))
    load.add_argument("file", metavar="FILE", type=Path, help=_("the orders' JSON file"))
    load.set_defaults(_step=_orders_import)
    warned = order_steps.add_parser("warnings", help=_("what head office should look at: SKUs "
                                                       "made from orders, fields refused, webhooks "
                                                       "refused"))
    add_central_db(warned)
    warned.set_defaults(_step=_orders_warnings)


def _schema(engine: Engine) -> None:
    from storepos.central.migrate import current_revision
    from storepos.central.webshop.text import refused

    if current_revision(engine) is None:
        raise refused("This database has no central schema yet: run `storepos central init` "
                      "first.")


def _shop_add(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.webshop.shops import add_shop
    from storepos.central.webshop.text import refused
    from storepos.sync.retry import in_transaction

    secret = os.environ.get(args.secret_env, "")
    if not secret.strip():
        raise refused(_("The environment variable {name} is not set or is empty: put the shop's "
                        "webhook secret there.").format(name=args.secret_env))
    _schema(engine)
    shop = in_transaction(engine, lambda conn: add_shop(conn, args.name, args.domain, secret))
    print(_("Shop {name} ({domain}) is registered: its webhooks go to "
            "POST /v1/webhooks/shopify.").format(name=shop.name, domain=shop.domain))
    return 0


def _shop_list(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.webshop.shops import list_shops
    from storepos.sync.retry import in_transaction

    _schema(engine)
    found = in_transaction(engine, list_shops)
    for shop in found:
        print(f"{shop.domain:<40} {shop.name}")
    print(ngettext("{n} shop.", "{n} shops.", len(found)).format(n=len(found)))
    return 0


def _orders_import(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.webshop.importer import import_orders, read_file

    raws = read_file(args.file)
    _schema(engine)
    report = import_orders(engine, args.format, raws)
    for why in report.refused:
        print(why, file=sys.stderr)
    new = sum(1 for done in report.taken if done.new)
    stale = sum(1 for done in report.taken if done.outcome == "stale")
    said = imported_words(len(report.taken), new, len(report.taken) - new - stale, stale,
                          len(report.refused), len(report.warnings))
    print(said + (" (storepos central orders warnings)." if report.warnings else "."))
    return 2 if report.refused else 0


def imported_words(n: int, new: int, updated: int, stale: int, refused: int, warnings: int) -> str:
    """What an import did, each count a part of its own in its plural form (no "(s)")."""
    parts = {
        "imported": ngettext("Imported {n} order", "Imported {n} orders", n).format(n=n),
        "new": ngettext("{n} new", "{n} new", new).format(n=new),
        "updated": ngettext("{n} updated", "{n} updated", updated).format(n=updated),
        "stale": ngettext("{n} older than what was here (left as it was)",
                          "{n} older than what was here (left as they were)", stale).format(n=stale),
        "refused": ngettext("{n} refused order", "{n} refused orders", refused).format(n=refused),
        "warnings": ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    }
    # Translators: each part is already a count in its plural form, e.g. "Imported 2 orders",
    # "2 new", "0 updated", "0 older than what was here (...)", "0 refused orders", "1 warning".
    return _("{imported}: {new}, {updated}, {stale}; {refused}; {warnings}").format(**parts)


def _orders_warnings(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.webshop.importer import warnings

    _schema(engine)
    found = warnings(engine)
    for line in found:
        print(line)
    print(ngettext("{n} warning.", "{n} warnings.", len(found)).format(n=len(found)))
    return 0
