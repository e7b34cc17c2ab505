"""`storepos demo`: make a demo chain in a local SQLite database and print how to sign in.

Not idempotent on purpose: it fills only an empty database and refuses one that holds stores or
orders, so it can never mix demo rows into a real till's data. `--force` deletes the database
file first (with its -wal and -shm files, and the embedded central beside it) and starts again.
The chain is made in that embedded central through head office's functions (stores, staff and
their PINs, the catalogue as a Shopify product export, the web orders through the web shop feed)
and reaches the till by pull; the demo's gift cards and store credit go there too, so the app
can take them as it takes any card.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from storepos.i18n import _, ngettext
from storepos.i18n.formats import number
from storepos.paths import default_database_path, embedded_central_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--orders", type=int, default=1_000, metavar="N",
                        help=_("how many orders to make (default 1000)"))
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("SQLite file (default {path})").format(path=default_database_path()))
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help=_("random seed: the same seed and date give the same data (default 1)"))
    parser.add_argument("--today", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help=_("the date order ages count back from (default: each store's today)"))
    parser.add_argument("--force", action="store_true",
                        help=_("delete the database file first if it exists"))


def _remove_database(path: Path) -> None:
    for db in (path, embedded_central_path(path)):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _made(orders: int, rows: dict[str, int], seconds: float, seed: int) -> str:
    """"12,000 orders, 18,311 lines, ... in 4.2 s (seed 7).": each count with its own plural."""
    lines, customers = rows.get("order_lines", 0), rows.get("customers", 0)
    returns, pickups = rows.get("returns", 0), rows.get("pickups", 0)
    return _("{orders}, {lines}, {customers}, {returns}, {pickups} in {seconds} s (seed "
             "{seed}).").format(
        orders=ngettext("{n} order", "{n} orders", orders).format(n=number(orders)),
        lines=ngettext("{n} line", "{n} lines", lines).format(n=number(lines)),
        customers=ngettext("{n} customer", "{n} customers", customers).format(
            n=number(customers)),
        returns=ngettext("{n} return", "{n} returns", returns).format(n=number(returns)),
        pickups=ngettext("{n} pickup", "{n} pickups", pickups).format(n=number(pickups)),
        seconds=number(Decimal(f"{seconds:.1f}")), seed=seed)


def run(args: argparse.Namespace) -> int:
    # Imported here: `storepos --help` and other commands stay quick.
    from storepos.demo import DemoDataExists, generate_demo, sample_lookups
    from storepos.persistence.db import make_engine
    from storepos.persistence.migrate import upgrade

    if args.orders < 0:
        print(_("--orders must be 0 or more."), file=sys.stderr)
        return 2
    path: Path = args.db or default_database_path()
    if args.force:
        _remove_database(path)
    engine = make_engine(str(path))
    try:
        upgrade(engine)

        def progress(done: int, total: int) -> None:
            print("  " + ngettext("{done} / {total} order", "{done} / {total} orders", total)
                  .format(done=number(done), total=number(total)), file=sys.stderr, flush=True)

        try:
            summary = generate_demo(
                engine, orders=args.orders, seed=args.seed, today=args.today,
                progress=progress if args.orders >= 50_000 else None,
            )
        except DemoDataExists as exc:
            print(exc.message, file=sys.stderr)
            print(_("{path} was left as it was. Use --force to replace it, or --db to choose "
                    "another file.").format(path=path), file=sys.stderr)
            return 1
        samples = sample_lookups(engine)
    finally:
        engine.dispose()

    rows = summary.rows
    print(_("Demo database: {path}").format(path=path))
    print(_("Head office (stores, staff, catalogue, web orders): {path}").format(
        path=embedded_central_path(path)))
    print(_made(summary.orders, rows, summary.seconds, summary.seed))
    print()
    print(_("Staff (demo PINs: change them before real use):"))
    print(_table(
        (_("number"), _("name"), _("role"), _("store"), _("PIN")),
        [(e.number, e.name, e.role.value, e.store_code, e.pin) for e in summary.employees],
    ))
    if samples:
        print()
        print(_("Try a lookup:"))
        print(_table((_("find by"), _("type"), _("what it is")), samples))
    return 0
