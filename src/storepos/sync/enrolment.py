"""This till's enrolment with the central service, kept beside its database:

    store.db.service.json   {"url": "https://central.example:8443", "ca_file": "/etc/ca.pem",
                             "offline": {"per_sale": "50.00", "per_card": "50.00"}}
    store.db.token          the till token, readable by this user only (0600)

Only the service's address, the till's own token and the last share of the store's offline card
limits the service gave it are kept: never a database URL, user or password. `storepos setup`
writes them; the app and `storepos sync` read them (`service_for`), and each sync refreshes the
share (`OfflineShare`). STOREPOS_CENTRAL_URL may move the service's address (a proxy, a new host);
it never names a database on a till.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storepos.domain.errors import StoreposError
from storepos.domain.sync import OfflineLimits
from storepos.i18n import _
from storepos.sync.errors import CentralUnavailable

if TYPE_CHECKING:  # the HTTP client is imported when a till talks to its service, not to read its setup
    from storepos.sync.http_central import HttpCentral

ENV_URL = "STOREPOS_CENTRAL_URL"
SERVICE_SCHEMES = ("https://", "http://")


class EnrolmentRefused(StoreposError):
    """The central service refused the code (unknown, used, expired), in its words."""


@dataclass(frozen=True, slots=True)
class Enrolment:
    url: str
    token: str
    ca_file: str | None = None
    offline: OfflineLimits | None = None  # the last share the service gave (None: never asked)

    def connect(self) -> HttpCentral:
        from storepos.sync.http_central import HttpCentral

        return HttpCentral(self.url, self.token, ca_file=self.ca_file)


def service_path(database: Path) -> Path:
    return database.with_name(database.name + ".service.json")


def token_path(database: Path) -> Path:
    return database.with_name(database.name + ".token")


def enrol_till(url: str, code: str, *, ca_file: str | None = None) -> dict[str, Any]:
    """Spend a one-time code at the service: {token, store: {...}, till: {...}}."""
    import httpx

    from storepos.sync.http_central import (
        CONNECT_TIMEOUT_S,
        reader_headers,
        tls_verify,
        unreachable,
    )

    url = url.rstrip("/")
    try:
        answer = httpx.post(f"{url}/v1/enrol", json={"code": code}, verify=tls_verify(ca_file),
                            headers=reader_headers(),
                            timeout=httpx.Timeout(30.0, connect=CONNECT_TIMEOUT_S))
    except httpx.TransportError as exc:
        raise unreachable(url, exc) from exc
    except OSError as exc:  # the CA file is missing or not a certificate
        raise CentralUnavailable(_("The CA file {path} cannot be used: {problem}").format(
            path=ca_file, problem=exc)) from exc
    if answer.status_code in (400, 403):
        raise EnrolmentRefused(_("The central service refused the code: {why}").format(
            why=answer.json().get("message", answer.text)))
    if answer.status_code != 200:
        raise CentralUnavailable(_("The central service at {url} answered HTTP {status}; try "
                                   "again later.").format(url=url, status=answer.status_code))
    body: dict[str, Any] = answer.json()
    return body


def save_enrolment(database: Path, enrolment: Enrolment) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    token = token_path(database)
    token.unlink(missing_ok=True)  # created afresh: 0600 from its first byte
    fd = os.open(token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(enrolment.token)
    _write_service(database, enrolment)


def _write_service(database: Path, enrolment: Enrolment) -> None:
    service = service_path(database)
    tmp = service.with_suffix(".tmp")
    settings: dict[str, Any] = {"url": enrolment.url, "ca_file": enrolment.ca_file}
    if enrolment.offline is not None:
        settings["offline"] = enrolment.offline.to_json()
    tmp.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    tmp.replace(service)


def load_enrolment(database: Path) -> Enrolment | None:
    """The saved enrolment, or None when this till was never set up with a service."""
    service = service_path(database)
    try:
        data = json.loads(service.read_text(encoding="utf-8"))
        token = token_path(database).read_text(encoding="utf-8").strip()
        offline = data.get("offline")
        return Enrolment(str(data["url"]), token, data.get("ca_file"),
                         OfflineLimits.from_json(offline) if offline is not None else None)
    except FileNotFoundError:
        if service.exists():
            raise StoreposError(_("This till's token ({path}) is missing: set it up again with "
                                  "a new code from head office.").format(
                                      path=token_path(database))) from None
        return None
    except (ValueError, KeyError, TypeError):
        raise StoreposError(_("The central service settings in {path} cannot be read; set this "
                              "till up again.").format(path=service)) from None


def is_service_url(url: str) -> bool:
    return url.strip().lower().startswith(SERVICE_SCHEMES)


def service_for(database: Path, url: str | None = None) -> Enrolment | None:
    """The central service this till syncs with: its enrolment (`storepos setup`), at `url` (the
    `--central` option) or STOREPOS_CENTRAL_URL when given, else at the set-up address. None
    when neither a setup nor an address is there: a single store or the demo, whose central is
    the embedded one. A database URL, or an address without a setup, is refused in words."""
    where = "--central" if url else ENV_URL
    url = (url or os.environ.get(ENV_URL) or "").strip() or None
    if url is not None and not is_service_url(url):
        raise StoreposError(_("{option} names a database; a till talks to head office's "
                              "service: run storepos setup --central https://... --code ...")
                            .format(option=where))
    enrolment = load_enrolment(database)
    if enrolment is None:
        if url is not None:
            raise StoreposError(_(
                "{option} names the central service at {url}, but this till is not set up with "
                "it: run storepos setup --central https://... --code ... first.").format(
                    option=where, url=url))
        return None
    return replace(enrolment, url=url.rstrip("/")) if url else enrolment


class OfflineShare:
    """This till's share of its store's offline card limits (the card gate reads `current`).

    The service gives it at enrolment and at every sync (`refresh`); the last one is kept in
    service.json so it holds across restarts while offline. Head office decides it: an edited
    file lasts only until the next sync, and whatever is taken offline is reconciled centrally
    on push (an overdraft is flagged for a manager)."""

    def __init__(self, database: Path, enrolment: Enrolment) -> None:
        self._database = database
        self._lock = threading.Lock()  # the counter reads; the sync thread writes
        self._limits = enrolment.offline or OfflineLimits()

    def current(self) -> OfflineLimits:
        with self._lock:
            return self._limits

    def refresh(self, central: HttpCentral) -> OfflineLimits:
        """Ask the service (CentralUnavailable offline); written to service.json when the file
        says otherwise (changed by head office, or edited here)."""
        limits = central.offline_share()
        with self._lock:
            self._limits = limits
        saved = load_enrolment(self._database)  # its own address, not STOREPOS_CENTRAL_URL's
        if saved is not None and saved.offline != limits:
            _write_service(self._database, replace(saved, offline=limits))
        return limits
