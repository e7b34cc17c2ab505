"""`storepos central staff ...`: head office brings in its stores' staff (central/staff.py).

    storepos central staff add --db URL --store C --name N --role cashier|manager|stock
                               [--number E]    the one-time PIN set-up code is the last line
    storepos central staff list --db URL [--store C]
    storepos central staff deactivate --db URL E
    storepos central staff reset-pin --db URL E   a new set-up code (the last line)

Tills get staff only by pull (and at enrolment): a change here reaches each till of the store at
its next sync. Bad input is refused in one line, exit 2 (commands/central.py runs these steps).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from storepos.commands.values import add_central_db
from storepos.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storepos.central.staff import StaffMember

ROLES = ("cashier", "manager", "stock")


def add_arguments(steps: Any) -> None:
    """The `staff` step and its own steps, under `storepos central`."""
    staff = steps.add_parser("staff", help=_("add, list, deactivate the stores' staff; reset a PIN"))
    staff_steps = staff.add_subparsers(dest="staff_step", metavar="STEP", required=True)

    def step(name: str, help_text: str, run: Any) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = staff_steps.add_parser(name, help=help_text,
                                                              description=help_text)
        add_central_db(sub)
        sub.set_defaults(_step=run)
        return sub

    add = step("add", _("add an employee to a store; prints their one-time PIN set-up code"),
               _add)
    add.add_argument("--store", required=True, metavar="CODE", help=_("the store's code"))
    add.add_argument("--name", required=True, help=_("the employee's name"))
    # Checked by central/staff.py, so a wrong role is one line in words and exit 2.
    add.add_argument("--role", required=True, metavar="|".join(ROLES), help=_("the employee's role"))
    add.add_argument("--number", default=None, metavar="E",
                     help=_("the employee number they sign in with (default: the next free one)"))
    listing = step("list", _("list the staff, with whether each has set a PIN"), _list)
    listing.add_argument("--store", default=None, metavar="CODE", help=_("only this store's"))
    off = step("deactivate", _("refuse the employee at every till of the store after its next "
                               "pull"), _deactivate)
    off.add_argument("number", metavar="E", help=_("the employee number"))
    reset = step("reset-pin", _("a new PIN set-up code; the old PIN stops working at the tills "
                                "after their next pull"), _reset_pin)
    reset.add_argument("number", metavar="E", help=_("the employee number"))


def _need_schema(engine: Engine) -> None:
    from storepos.central.enrolment import Refused
    from storepos.central.migrate import current_revision

    if current_revision(engine) is None:
        raise Refused(_("This database has no central schema yet: run `storepos central init` "
                        "first."))


def _code_lines(member: StaffMember, code: str) -> None:
    from storepos.central.staff import SETUP_CODE_LIFETIME

    assert member.code_expires_at is not None
    print(_("One-time PIN set-up code for employee {number}, valid {days} days (until {until} "
            "UTC); at any till of store {store} they type their number and this code, then "
            "choose their PIN. It is shown only now:").format(
        number=member.number, days=SETUP_CODE_LIFETIME.days,
        until=f"{member.code_expires_at:%Y-%m-%d %H:%M}", store=member.store_code))
    print(code)


def _add(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.staff import add_staff

    _need_schema(engine)
    member, code = add_staff(engine, store_code=args.store, name=args.name, role=args.role,
                             number=args.number)
    print(_("Added employee {number} {name}, {role} at store {store}.").format(
        number=member.number, name=member.name, role=member.role, store=member.store_code))
    _code_lines(member, code)
    return 0


def _list(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.staff import list_staff

    _need_schema(engine)
    found = list_staff(engine, args.store)
    for m in found:
        pin = (_("PIN set") if m.pin_set else
               _("set-up code until {day}").format(day=f"{m.code_expires_at:%Y-%m-%d}")
               if m.code_expires_at else _("no PIN, no code (reset-pin)"))
        print(f"{m.store_code:<8} {m.number:<12} {m.name:<32} {m.role:<8} {pin}"
              + ("" if m.active else "  " + _("DEACTIVATED")))
    print(ngettext("{n} employee.", "{n} employees.", len(found)).format(n=len(found)))
    return 0


def _deactivate(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.staff import deactivate

    _need_schema(engine)
    member = deactivate(engine, args.number)
    print(_("Employee {number} {name} of store {store} is deactivated: each till of the store "
            "refuses them, and signs them out, after its next pull.").format(
        number=member.number, name=member.name, store=member.store_code))
    return 0


def _reset_pin(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.staff import reset_pin

    _need_schema(engine)
    member, code = reset_pin(engine, args.number)
    print(_("Employee {number} {name}'s PIN is cleared: the old one stops working at each till "
            "of store {store} after its next pull.").format(
        number=member.number, name=member.name, store=member.store_code))
    _code_lines(member, code)
    return 0
