"""Joining a chain: spend head office's one-time enrolment code at the central service and make
this till's database the till it enrolled as. The one way `storepos setup` and the app's "Join
your chain" door both set a till up.

Keeps the till token beside the database (readable by this user only) with the service's address,
CA file and this till's share of the store's offline card limits, and the store and till rows
with head office's ids. Every refusal is a StoreposError in words: the address is not a service
address, the service cannot be reached, its certificate is not trusted, the code is not known,
already used or expired, or the database already belongs to another store. Nothing is kept on
the till when it is refused, so the code can be tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storepos.domain.errors import InvalidInput
from storepos.domain.sync import OfflineLimits
from storepos.i18n import N_, _
from storepos.persistence.db import make_engine, make_session_factory
from storepos.persistence.migrate import upgrade
from storepos.services.base import till_identity
from storepos.services.staff.roster import apply_employees
from storepos.sync.enrolment import (
    Enrolment,
    enrol_till,
    is_service_url,
    save_enrolment,
)
from storepos.sync.errors import CentralUnavailable, CertificateNotTrusted
from storepos.sync.protocol import row_from_json

# What to do next, after the service's own words (the code is not spent by any of these).
UNREACHABLE_NEXT = N_("Check the address with head office, and that this till is on the network.")
CERTIFICATE_NEXT = N_("Type the address exactly as head office gave it, and choose head office's "
                      "CA file if they gave you one.")


@dataclass(frozen=True, slots=True)
class Joined:
    store_code: str
    store_name: str
    till_prefix: str
    till_name: str
    url: str

    def sentence(self) -> str:
        return _("This till is {till} ({name}) of store {store}, {store_name}; it syncs with "
                 "{url}.").format(till=self.till_prefix, name=self.till_name,
                                  store=self.store_code, store_name=self.store_name, url=self.url)


def is_set_up(database: Path) -> bool:
    """This database already works as a till (set up, or the demo opened once)."""
    return till_identity.load_identity(database) is not None


def join_chain(database: Path, url: str, code: str, ca_file: str | None = None) -> Joined:
    url, code = url.strip().rstrip("/"), code.strip()
    if not is_service_url(url):
        raise InvalidInput(_("The service address starts with https://, like {example} (head "
                             "office gives it with the code).").format(
            example="https://central.example.com:8443"))
    if not code:
        raise InvalidInput(_("Type the enrolment code head office gave you."))
    ca = str(Path(ca_file.strip()).expanduser().resolve()) if ca_file and ca_file.strip() else None
    try:
        answer = enrol_till(url, code, ca_file=ca)
    except CertificateNotTrusted as exc:  # said without the TLS library's own words
        raise CertificateNotTrusted(
            _("The central service at {url} showed a certificate this till does not trust: the "
              "address is not the one on its certificate, or head office's CA did not make it. "
              "{next}").format(url=url, next=_(CERTIFICATE_NEXT))) from exc
    except CentralUnavailable as exc:
        raise CentralUnavailable(_("{problem} {next}").format(
            problem=exc.message, next=_(UNREACHABLE_NEXT))) from exc
    database.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(str(database))
    try:
        upgrade(engine)
        with make_session_factory(engine)() as session:
            identity = till_identity.enrolled_here(session, answer["store"], answer["till"])
            # The store's staff as head office has them: people sign in at once (offline too).
            apply_employees(session, [row_from_json(r) for r in answer.get("staff", [])])
            session.commit()
    finally:
        engine.dispose()
    offline = OfflineLimits.from_json(answer["offline"]) if answer.get("offline") else None
    save_enrolment(database, Enrolment(url, answer["token"], ca, offline))
    till_identity.save_identity(database, identity)
    return Joined(identity.store_code, str(answer["store"]["name"]), identity.till_prefix,
                  str(answer["till"]["name"]), url)
