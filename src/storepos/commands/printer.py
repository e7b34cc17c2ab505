"""`storepos printer list|add|remove|status|test`: the printer models and this till's printers.

A printer is named by the till's setting (`storepos printer add receipt --model tm-t88
--connect tcp://192.0.2.10:9100`), or given directly as a connection: `file:PATH`,
`tcp://HOST:PORT`, `usb://VID:PID`, `serial:///dev/ttyUSB0?baudrate=115200`, `lp://QUEUE`
(then `--model` says which kind it is). python-escpos is imported only when something prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from storepos.i18n import N_, _, pgettext
from storepos.paths import default_database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help=_("printer models, and the printers this till uses"))
    _db(listing)
    add = sub.add_parser("add", help=_("set up a printer for this till (or change one)"))
    add.add_argument("name", metavar="NAME", help=_('what staff call it, e.g. "receipt"'))
    add.add_argument("--model", required=True, help=_("a model from `storepos printer list`"))
    add.add_argument("--connect", required=True, metavar="CONNECTION",
                     help="tcp://HOST:PORT, usb://VID:PID, serial:///dev/..., lp://QUEUE, "
                          "file:PATH")  # no words: the same in every language
    add.add_argument("--default", action="store_true", help=_("the printer receipts go to"))
    _db(add)
    remove = sub.add_parser("remove", help=_("forget a printer"))
    remove.add_argument("name", metavar="NAME", help=_("the printer's name on this till"))
    _db(remove)
    status = sub.add_parser("status", help=_("ask a printer how it is (paper, reachable)"))
    _target(status)
    test = sub.add_parser("test", help=_("print a test page: every character set in use, codes, cut"))
    _target(test)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("the till's SQLite file (default {path})").format(
                            path=default_database_path()))


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("printer", metavar="NAME|CONNECTION",
                        help=_("a printer set up on this till, or file:PATH, tcp://HOST:PORT ..."))
    parser.add_argument("--model", default=None,
                        help=_("printer model for a CONNECTION (default tm-t88)"))
    _db(parser)


NONE_YET = N_("No printers set up on this till yet (storepos printer add NAME --model M "
              "--connect C).")


class TargetError(Exception):
    pass


def _session_factory(db: Path | None, *, create: bool) -> Any:
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade

    path = db or default_database_path()
    if not create and not path.exists():
        return None
    engine = make_engine(str(path))
    upgrade(engine)
    return make_session_factory(engine)


def _terminal() -> Any:
    """The command line as the printer service sees it: the till's administrator, no employee."""
    from storepos.services.base.journal import Station

    return Station(store_id=None, till_id=None)


def _printer_target(spec: str, model_name: str | None, db: Path | None) -> Any:
    from storepos.services.printing.printers import PrinterSetupError, target_of

    try:
        if spec.startswith("file:") or "://" in spec:
            return target_of(None, spec, model_name)
        factory = _session_factory(db, create=False)
        if factory is None:
            return target_of(None, spec, model_name)
        with factory() as session:
            return target_of(session, spec, model_name)
    except PrinterSetupError as exc:
        raise TargetError(exc.message) from None


def resolve_target(spec: str, model_name: str | None, db: Path | None) -> tuple[Any, Any, str]:
    """(PrinterModel, Connection, label) for a printer name or a connection string."""
    target = _printer_target(spec, model_name, db)
    return target.model, target.connection, target.label


def _list(args: argparse.Namespace) -> int:
    from storepos.devices.printing.definitions import printer_models

    print(_("Printer models (printers/*.toml):"))
    rows: list[tuple[str, ...]] = [
        (_("NAME"), _("PROFILE"), _("PAPER"), _("DOTS"), _("COLS A/B"), _("CODE PAGE"),
         _("CUTTER"), _("DRAWER"))]
    for model in printer_models().values():
        rows.append((model.name, model.profile, f"{model.paper_mm} mm", str(model.dots),
                     f"{model.columns_a}/{model.columns_b}",
                     f"{model.code_page.upper()} (ESC t {model.code_page_table})",
                     _cutter_words(model.cutter),
                     _("yes") if model.drawer else _("no")))
    _print_rows(rows)
    factory = _session_factory(args.db, create=False)
    print()
    if factory is None:
        print(_(NONE_YET))
        return 0
    from storepos.services.printing.printers import printer_setup

    with factory() as session:
        printers = printer_setup(session).printers
    if not printers:
        print(_(NONE_YET))
        return 0
    print(_("This till's printers:"))
    rows = [(_("NAME"), _("MODEL"), _("CONNECTION"), _("DEFAULT"))]
    rows += [(p.name, p.model, p.connection, _("yes") if p.is_default else "") for p in printers]
    _print_rows(rows)
    return 0


def _cutter_words(cutter: str) -> str:
    """A model's cutter (printers/*.toml says "none", "full" or "partial") in the reader's words."""
    return {"none": pgettext("cutter", "none"), "full": pgettext("cutter", "full"),
            "partial": pgettext("cutter", "partial")}.get(cutter, cutter)


def _print_rows(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _add(args: argparse.Namespace) -> int:
    from storepos.services.printing.printers import PrinterSetupError, add_printer

    factory = _session_factory(args.db, create=True)
    try:
        with factory.begin() as session:
            add_printer(session, _terminal(), args.name, args.model, args.connect,
                        default=args.default, replace=True)
    except PrinterSetupError as exc:
        print(f"storepos printer add: {exc.message}", file=sys.stderr)
        return 2
    if args.default:
        print(_("Printer {name!r}: {model} at {connection} (default)").format(
            name=args.name, model=args.model, connection=args.connect))
    else:
        print(_("Printer {name!r}: {model} at {connection}").format(
            name=args.name, model=args.model, connection=args.connect))
    return 0


def _remove(args: argparse.Namespace) -> int:
    from storepos.services.printing.printers import PrinterSetupError, remove_printer

    factory = _session_factory(args.db, create=False)
    if factory is None:
        print("storepos printer remove: " + _("no printer named {name!r}").format(name=args.name),
              file=sys.stderr)
        return 2
    try:
        with factory.begin() as session:
            remove_printer(session, _terminal(), args.name)
    except PrinterSetupError as exc:
        print(f"storepos printer remove: {exc.message}", file=sys.stderr)
        return 2
    print(_("Printer {name!r} removed.").format(name=args.name))
    return 0


def _status(args: argparse.Namespace) -> int:
    """The state's code on the first line (scripts read it), then the same in words with what to do."""
    from storepos.services.printing.printers import printer_status

    target = _printer_target(args.printer, args.model, args.db)
    report = printer_status(target)
    print(f"{target.label} ({target.model.name}, {target.connection}): {report.state}")
    print("  " + (_("{state}. {advice}").format(state=report.words, advice=report.advice)
                  if report.advice else report.words))
    return 0 if report.state in ("ready", "paper_low", "unknown") else 1


def _test(args: argparse.Namespace) -> int:
    from storepos.devices.printing.transports import PrinterNotReady, PrinterUnavailable
    from storepos.services.printing.printers import send_test_page

    target = _printer_target(args.printer, args.model, args.db)
    try:
        sent = send_test_page(target)
    except (PrinterUnavailable, PrinterNotReady) as exc:
        print(f"storepos printer test: {exc.words()}", file=sys.stderr)
        return 1
    print(_("Test page sent to {printer} ({model}, {size} bytes).").format(
        printer=sent.printer, model=sent.model, size=sent.bytes_sent))
    return 0


def run(args: argparse.Namespace) -> int:
    actions = {"list": _list, "add": _add, "remove": _remove, "status": _status, "test": _test}
    try:
        return actions[args.action](args)
    except TargetError as exc:
        print(f"storepos printer {args.action}: {exc}", file=sys.stderr)
        return 2
