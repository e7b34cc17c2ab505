"""`storepos central cancellation ...`: head office's way out of a stuck cancellation claim
(central/claim_desk.py).

    storepos central cancellation list --db URL [--store C]
    storepos central cancellation release --db URL --order NUMBER --reason TEXT [--by NAME]

Refused in one line, exit 2 (commands/central.py runs these steps): a settled claim (the order IS
cancelled), a claim whose till pushed its cancellation of the order after the claim, no claim.
"""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING, Any

from storepos.commands.values import add_central_db
from storepos.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sqlalchemy import Engine

RELEASE_HELP = N_(
    "release a cancellation claim left held by a till that died mid-cancellation, so another "
    "till may cancel the order. CHECK WITH THE STORE FIRST: if that till did refund the customer "
    "(offline, its cancellation not pushed yet), releasing the claim allows a second "
    "cancellation and a second refund. Refused when the claim is settled (the order is "
    "cancelled) or the claiming till pushed a cancellation of the order after the claim. Who "
    "released it and why is kept in head office's audit (office_actions).")


def add_arguments(steps: Any) -> None:
    """The `cancellation` step and its own steps, under `storepos central`."""
    top = steps.add_parser("cancellation", help=_("open cancellation claims; release a stuck one"))
    top_steps = top.add_subparsers(dest="cancellation_step", metavar="STEP", required=True)

    def step(name: str, help_text: str, run: Any, description: str = "") -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = top_steps.add_parser(name, help=help_text,
                                                            description=description or help_text)
        add_central_db(sub)
        sub.set_defaults(_step=run)
        return sub

    listing = step("list", _("the cancellation claims still held: order number, store, till, "
                             "claimed at, age"), _list)
    listing.add_argument("--store", default=None, metavar="CODE", help=_("only this store's"))
    release = step("release", _("release a claim a till left held (check with the store first)"),
                   _release, _(RELEASE_HELP))
    release.add_argument("--order", required=True, metavar="NUMBER",
                         help=_("the order's number (or its id)"))
    release.add_argument("--reason", required=True, metavar="TEXT",
                         help=_("why, e.g. what the store said about the till and the customer"))
    release.add_argument("--by", default=None, metavar="NAME",
                         help=_("who releases it (default: the user running the command)"))


def _need_schema(engine: Engine) -> None:
    from storepos.central.enrolment import Refused
    from storepos.central.migrate import current_revision

    if current_revision(engine) is None:
        raise Refused(_("This database has no central schema yet: run `storepos central init` "
                        "first."))


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""  # refused in words: give --by


def _list(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.claim_desk import open_claims

    _need_schema(engine)
    with engine.connect() as conn:
        found = open_claims(conn, args.store)
    now = _now()
    for c in found:
        print(f"{c.order_number or c.order_id!s:<12} {c.store_code:<8} "
              f"{c.till_name or c.till_id or '-'!s:<20} {c.claimed_at:%Y-%m-%d %H:%M} UTC  "
              + _("held for {age}").format(age=c.age(now)))
    print(ngettext("{n} open cancellation claim.", "{n} open cancellation claims.",
                   len(found)).format(n=len(found)))
    return 0


def _release(args: argparse.Namespace, engine: Engine) -> int:
    from storepos.central.claim_desk import release_claim
    from storepos.sync.retry import in_transaction

    _need_schema(engine)
    by = args.by if args.by is not None else _user()
    now = _now()
    claim = in_transaction(engine, lambda conn: release_claim(
        conn, args.order, reason=args.reason, by=by, now=now))
    print(_("The claim of store {store} (till {till}, {at} UTC) on order {number} is released: "
            "any till of the chain may cancel the order now. Recorded as released by {by}.")
          .format(store=claim.store_code, till=claim.till_name or claim.till_id,
                  at=f"{claim.claimed_at:%Y-%m-%d %H:%M}",
                  number=claim.order_number or claim.order_id, by=" ".join(by.split())))
    return 0
