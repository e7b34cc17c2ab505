"""This till's enrolment with the central service, kept beside its database:

    store.db.service.json   {"url": "https://central.example:8443", "ca_file": "/etc/ca.pem"}
    store.db.token          the till token, readable by this user only (0600)

Only the service's address and the till's own token are kept: never a database URL, user or
password. `storepos setup` writes them; the app and `storepos sync` read them (load_enrolment).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from storepos.domain.errors import StoreposError
from storepos.sync.errors import CentralUnavailable
from storepos.sync.http_central import CONNECT_TIMEOUT_S, HttpCentral, tls_verify, unreachable


class EnrolmentRefused(StoreposError):
    """The central service refused the code (unknown, used, expired), in its words."""


@dataclass(frozen=True, slots=True)
class Enrolment:
    url: str
    token: str
    ca_file: str | None = None

    def connect(self) -> HttpCentral:
        return HttpCentral(self.url, self.token, ca_file=self.ca_file)


def service_path(database: Path) -> Path:
    return database.with_name(database.name + ".service.json")


def token_path(database: Path) -> Path:
    return database.with_name(database.name + ".token")


def enrol_till(url: str, code: str, *, ca_file: str | None = None) -> dict[str, Any]:
    """Spend a one-time code at the service: {token, store: {...}, till: {...}}."""
    url = url.rstrip("/")
    try:
        answer = httpx.post(f"{url}/v1/enrol", json={"code": code}, verify=tls_verify(ca_file),
                            timeout=httpx.Timeout(30.0, connect=CONNECT_TIMEOUT_S))
    except httpx.TransportError as exc:
        raise unreachable(url, exc) from exc
    except OSError as exc:  # the CA file is missing or not a certificate
        raise CentralUnavailable(f"The CA file {ca_file} cannot be used: {exc}") from exc
    if answer.status_code in (400, 403):
        raise EnrolmentRefused(f"The central service refused the code: "
                               f"{answer.json().get('message', answer.text)}")
    if answer.status_code != 200:
        raise CentralUnavailable(f"The central service at {url} answered HTTP "
                                 f"{answer.status_code}; try again later.")
    body: dict[str, Any] = answer.json()
    return body


def save_enrolment(database: Path, enrolment: Enrolment) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    token = token_path(database)
    token.unlink(missing_ok=True)  # created afresh: 0600 from its first byte
    fd = os.open(token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(enrolment.token)
    service = service_path(database)
    tmp = service.with_suffix(".tmp")
    tmp.write_text(json.dumps({"url": enrolment.url, "ca_file": enrolment.ca_file}, indent=2),
                   encoding="utf-8")
    tmp.replace(service)


def load_enrolment(database: Path) -> Enrolment | None:
    """The saved enrolment, or None when this till was never set up with a service."""
    service = service_path(database)
    try:
        data = json.loads(service.read_text(encoding="utf-8"))
        token = token_path(database).read_text(encoding="utf-8").strip()
        return Enrolment(str(data["url"]), token, data.get("ca_file"))
    except FileNotFoundError:
        if service.exists():
            raise StoreposError(f"This till's token ({token_path(database)}) is missing: set it "
                                "up again with a new code from head office.") from None
        return None
    except (ValueError, KeyError, TypeError):
        raise StoreposError(f"The central service settings in {service} cannot be read; set "
                            "this till up again.") from None
