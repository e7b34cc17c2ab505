"""`storepos sync [--once]`: push this till's outbox to the central side and pull what changed.

The central side is the central service this till was set up with (`storepos setup`: HTTPS with
the till's token), at `--central URL` or STOREPOS_CENTRAL_URL when given (an https:// address
only: a till never talks to a database), else an embedded SQLite file beside the till's database
(a single store, the demo), which is created and migrated on first use. A set-up till also gets
its share of the store's offline card limits at each sync. Without `--once` it keeps syncing in the
foreground, backing off while the central side cannot be reached, until Ctrl+C.

Exit status: 0 synced; 1 the central side could not be reached (--once); 2 a usage error (a
database URL given as the central side, an address without a setup, no till database).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from storepos.i18n import _, ngettext
from storepos.paths import default_database_path, embedded_central_path

if TYPE_CHECKING:  # imported when a command runs, so `storepos --help` stays quick
    from sqlalchemy.orm import Session, sessionmaker

    from storepos.sync.service import SyncReport, SyncService


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help=_("sync once and exit"))
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=_("the till's SQLite file (default {path})").format(
                            path=default_database_path()))
    parser.add_argument("--central", default=None, metavar="URL",
                        help=_("the central service's https:// address (default "
                               "$STOREPOS_CENTRAL_URL, else the one `storepos setup` saved; "
                               "without a setup: central.db beside the till's database)"))
    parser.add_argument("--till", default=None, metavar="PREFIX",
                        help=_("which till of the database syncs (default: this installation's)"))
    parser.add_argument("--interval", type=float, default=30.0, metavar="SECONDS",
                        help=_("seconds between syncs when not --once (default 30)"))


def _till_prefix(args: argparse.Namespace, path: Path, sessions: sessionmaker[Session]) -> str | None:
    from storepos.services.base import till_identity

    if args.till:
        return str(args.till)
    identity = till_identity.load_identity(path)
    if identity is not None:
        return identity.till_prefix
    with sessions() as session:
        from sqlalchemy import select

        from storepos.persistence.models import Store

        first = session.scalars(select(Store.code).order_by(Store.code).limit(1)).first()
        found = till_identity.first_till_of(session, first) if first else None
        return found.till_prefix if found else None


def run(args: argparse.Namespace) -> int:
    from storepos.central.client import Central
    from storepos.central.migrate import upgrade as upgrade_central
    from storepos.domain.errors import StoreposError
    from storepos.persistence.db import make_engine, make_session_factory
    from storepos.persistence.migrate import upgrade
    from storepos.services.sync.local_till import LocalTill
    from storepos.sync.enrolment import OfflineShare, service_for
    from storepos.sync.http_central import HttpCentral
    from storepos.sync.service import SyncService

    path: Path = args.db or default_database_path()
    if not path.exists():
        print(_("No till database at {path} (make one with `storepos demo`).").format(path=path),
              file=sys.stderr)
        return 2
    try:
        enrolment = service_for(path, args.central)
    except StoreposError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    central: Central | HttpCentral
    if enrolment is not None:  # set up with `storepos setup`: the service, with the till's token
        http = central = enrolment.connect()
        where = http.url
    else:  # a single store or the demo: the embedded central, ours to keep current
        central = Central.connect(str(embedded_central_path(path)))
        where = str(embedded_central_path(path))
    engine = make_engine(str(path))
    try:
        upgrade(engine)
        if isinstance(central, Central):
            upgrade_central(central.engine)
        sessions = make_session_factory(engine)
        prefix = _till_prefix(args, path, sessions)
        if prefix is None:
            print(_("{path} has no till to sync.").format(path=path), file=sys.stderr)
            return 2
        local = LocalTill.for_prefix(sessions, prefix)
        if enrolment is not None:
            share = OfflineShare(path, enrolment)
            service = SyncService(local, http, interval=args.interval,
                                  refresh=lambda: share.refresh(http), offline=http.offline)
        else:
            service = SyncService(local, central, interval=args.interval)
        if args.once:
            return _sync_once(service, _("Till {till} -> {central}").format(till=prefix,
                                                                                central=where))
        print(_("Syncing till {till} with {central} every {seconds} s (Ctrl+C stops).").format(
            till=prefix, central=where, seconds=f"{args.interval:g}"))
        return _keep_syncing(service, args.interval)
    finally:
        central.close()
        engine.dispose()


def _sync_once(service: SyncService, route: str) -> int:
    """One push and pull, told in a few lines; 1 when the central database is out of reach."""
    from storepos.sync.errors import CentralUnavailable, TillDisconnected

    try:
        report = service.sync_once()
    except CentralUnavailable as exc:
        disconnected = isinstance(exc, TillDisconnected)  # its message says so in words
        print(exc.message if disconnected else _("Offline: {why}").format(why=exc.message),
              file=sys.stderr)
        print(service.status().label, file=sys.stderr)
        return 1
    print(summary_words(route, report))
    status = service.status()
    print(_("Now {status}.").format(status=status.label))
    if status.quarantined or status.flagged:
        print(waiting_words(status.quarantined, status.flagged))
    return 0


def summary_words(route: str, report: SyncReport) -> str:
    """One push and pull in a line, each count in its plural form."""
    n = report.pushed
    pushed = ngettext("pushed {n}", "pushed {n}", n).format(n=n)
    n = report.duplicates
    duplicates = ngettext("already there {n}", "already there {n}", n).format(n=n)
    n = report.quarantined
    quarantined = ngettext("quarantined {n}", "quarantined {n}", n).format(n=n)
    n = report.flagged
    flagged = ngettext("flagged {n}", "flagged {n}", n).format(n=n)
    n = report.pulled
    pulled = ngettext("pulled {n} row", "pulled {n} rows", n).format(n=n)
    # Translators: one sync of a till, e.g. "http://central: pushed 5, already there 0,
    # quarantined 0, flagged 1; pulled 3 rows in 0.12 s."; each part already in its plural form.
    return _("{route}: {pushed}, {duplicates}, {quarantined}, {flagged}; {pulled} in {seconds} "
             "s.").format(route=route, pushed=pushed, duplicates=duplicates,
                          quarantined=quarantined, flagged=flagged, pulled=pulled,
                          seconds=f"{report.seconds:.2f}")


def waiting_words(refused: int, flagged: int) -> str:
    """The till's refused and flagged events waiting for a manager, each count in its plural."""
    refused_part = ngettext("{n} refused event", "{n} refused events", refused).format(n=refused)
    flagged_part = ngettext("{n} flagged event", "{n} flagged events", flagged).format(n=flagged)
    # Translators: e.g. "1 refused event and 2 flagged events of this till wait ...", each
    # count already in its plural form.
    return _("{refused_part} and {flagged_part} of this till wait for a manager: the app's "
             "Sync problems screen settles them.").format(refused_part=refused_part,
                                                          flagged_part=flagged_part)


def _keep_syncing(service: SyncService, interval: float) -> int:
    """Sync in the background, printing where it stands, until Ctrl+C."""
    service.start()
    try:
        while True:
            time.sleep(min(interval, 5.0))
            status = service.status()
            last = (_("{status}; last sync {when}").format(status=status.label,
                                                            when=status.last_sync)
                    if status.last_sync else _("{status}; last sync never").format(
                        status=status.label))
            print(last + (f"; {status.last_error}" if status.last_error else ""), flush=True)
    except KeyboardInterrupt:
        print(_("Stopping."))
    finally:
        service.stop()
    return 0
