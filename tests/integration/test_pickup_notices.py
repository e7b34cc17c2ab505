"""Customers told: a ship-to-store parcel put on the shelf, or about to be sent back, e-mails the
customer once, in the store's language, through a real SMTP server (aiosmtpd on loopback).

The pickups move by the tills' pushes through the running service (`storepos central serve`); the
sender is `storepos.central.notices.sender.run_once` with the pass's time given, so the back-off
is seen without waiting for it.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import ssl
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SmtpServer  # noqa: N811 (aiosmtpd's name)
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import DBAPIError

from storepos.central import orders as web_shop
from storepos.central.engine import make_central_engine
from storepos.central.notices import outbox
from storepos.central.notices.mail import NBSP
from storepos.central.notices.sender import run_forever, run_once
from storepos.central.notices.smtp import SmtpMailer, SmtpSettings
from storepos.central.schema import notices, pickups, reviews, smtp_settings
from storepos.domain.sync import PROBLEM_TITLES, ProblemKind
from storepos.sync.http_central import HttpCentral
from storepos.sync.protocol import Event
from tests.integration.central_service import (
    Service,
    central_db,
    enrol,
    free_port,
    service,
    serving,
    storepos,
)
from tests.integration.sync_world import central_pg, store_engine

__all__ = ["central_db", "central_pg", "service"]  # the fixtures, used by name

NOW = datetime.now(UTC)
ADDRESS_EN = "220 Yonge St, Toronto ON M5B 2H1"
HOURS_EN = "Mon-Sat 10:00-21:00, Sun 11:00-18:00"
ADDRESS_FR = "1600 boul. Le Corbusier, Laval QC H7S 1Y9"
HOURS_FR = "lun.-sam. 10 h à 21 h, dim. 11 h à 17 h"


# -- a real SMTP server on loopback -----------------------------------------------------------------

class Inbox:
    """aiosmtpd's handler: every message received, parsed."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self,  # noqa: N802 (aiosmtpd's hook name)
                           server: SmtpServer, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.received.append((str(envelope.mail_from), list(envelope.rcpt_tos), msg))
        return "250 OK"

    def authenticate(self, server: SmtpServer, session: Session, envelope: Envelope,
                     mechanism: str, auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret-from-env")


@contextlib.contextmanager
def smtp_server(port: int | None = None, **options: Any) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = port or free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def body(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")  # as it came over the wire: CRLF


# -- the chain: stores, tills, an order and its parcel ----------------------------------------------

def add_store(db: str, code: str, *, locale: str, name: str, address: str, hours: str,
              timezone: str = "America/Toronto", email_from: str | None = None) -> None:
    done = storepos("central", "store", "add", "--db", db, "--code", code, "--name", name,
                    "--locale", locale, "--currency", "CAD", "--timezone", timezone,
                    "--policy", "softmoc", "--address", address, "--hours", hours,
                    *(("--email-from", email_from) if email_from else ()))
    assert done.returncode == 0, done.stderr


def set_smtp(db: str, port: int, *options: str) -> None:
    done = storepos("central", "smtp", "set", "--db", db, "--host", "127.0.0.1", "--port",
                    str(port), "--from", "orders@softmoc.example", *options)
    assert done.returncode == 0, done.stderr


class Till:
    def __init__(self, service: Service, store: str, name: str) -> None:
        enrolled = enrol(service, store, name)
        self.service = service
        self.token = enrolled["token"]
        self.store_id = uuid.UUID(enrolled["store"]["id"])
        self.till_id = uuid.UUID(enrolled["till"]["id"])
        self.seq = 0

    def event(self, action: str, pickup: dict[str, Any]) -> Event:
        self.seq += 1
        return Event(uuid.uuid4(), self.store_id, self.till_id, self.seq, action, NOW,
                     {"audit": {"subject_type": "pickup", "subject_id": pickup["id"],
                                "details": {}}, "rows": {"pickup": pickup}})

    def push(self, *batch: Event) -> list[dict[str, Any]]:
        with self.service.client(self.token) as http:
            answer = http.post("/v1/push", json={"events": [e.to_json() for e in batch]})
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        return results

    def problems(self) -> list[dict[str, Any]]:
        with self.service.client(self.token) as http:
            answer = http.get("/v1/problems")
        assert answer.status_code == 200, answer.text
        found: list[dict[str, Any]] = answer.json()["problems"]
        return found


def parcel(db: str, store_id: uuid.UUID, *, number: str, order: str, email_to: str | None,
           first_name: str = "Ana") -> dict[str, Any]:
    """An online order for pickup at the store, with its parcel on the way (the web shop's)."""
    order_id = uuid.uuid4()
    doc = {"id": str(order_id), "number": order, "channel": "online",
           "fulfillment": "ship_to_store", "store_id": None, "pickup_store_id": str(store_id),
           "billing_last_name": "Côté", "placed_on": NOW.date().isoformat(),
           "customer": {"id": str(uuid.uuid4()), "first_name": first_name,
                        "last_name": "Côté", "email": email_to, "phone": None},
           "lines": [{"id": str(uuid.uuid4()), "line_no": 1, "quantity": 1}], "tenders": []}
    pickup = {"store_id": str(store_id), "id": str(uuid.uuid4()), "number": number,
              "order_id": str(order_id), "status": "in_transit"}
    engine = make_central_engine(db)
    with engine.begin() as conn:
        web_shop.publish_order(conn, doc)
        web_shop.publish_pickup(conn, pickup)
    engine.dispose()
    return pickup


def arrived(pickup: dict[str, Any], hold_until: date) -> dict[str, Any]:
    return {**pickup, "status": "arrived", "arrived_at": NOW.isoformat(),
            "hold_until": hold_until.isoformat()}


@pytest.fixture
def engine(central_db: str) -> Iterator[Engine]:
    made = make_central_engine(central_db)
    yield made
    made.dispose()


def notice_rows(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(notices).order_by(notices.c.created_at)))


class Clock:
    """The sender's passes, in minutes after the moment the test's pushes were made."""

    def __init__(self) -> None:
        self.start = datetime.now(UTC)

    def __call__(self, minutes: float) -> datetime:
        return self.start + timedelta(minutes=minutes)


# -- the tests ---------------------------------------------------------------------------------------

def test_two_tills_pushing_one_arrival_and_a_retried_push_tell_the_customer_once(
        service: Service, engine: Engine) -> None:
    add_store(service.db, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN, email_from="eaton@softmoc.example")
    till1, till2 = Till(service, "TOR1", "Till 1"), Till(service, "TOR1", "Till 2")
    pickup = parcel(service.db, till1.store_id, number="P-000123", order="#1001",
                    email_to="ana.cote@example.com")
    hold = (NOW + timedelta(days=14)).date()
    with smtp_server() as (inbox, port):
        set_smtp(service.db, port)
        first = till1.event("pickup.arrived", arrived(pickup, hold))
        assert [r["status"] for r in till1.push(first)] == ["applied"]
        assert till1.push(first)[0]["duplicate"] is True  # the answer was lost: pushed again
        assert [r["status"] for r in till2.push(till2.event("pickup.arrived",
                                                            arrived(pickup, hold)))] == ["applied"]
        assert len(notice_rows(engine)) == 1  # one row, whichever till and however often
        later = Clock()

        result = run_once(engine, now=later(1))
        again = run_once(engine, now=later(120))

    assert (result.sent, again.sent) == (1, 0)
    assert len(inbox.received) == 1
    mail_from, rcpt, msg = inbox.received[0]
    assert rcpt == ["ana.cote@example.com"] and mail_from == "eaton@softmoc.example"
    assert msg["To"] == "ana.cote@example.com"
    assert msg["From"] == "SoftMoc Eaton Centre <eaton@softmoc.example>"
    assert msg["Subject"] == "Your order 1001 has arrived at SoftMoc Eaton Centre"
    until = f"{hold:%B} {hold.day}, {hold.year}"
    assert body(msg) == (
        "Hello Ana,\n\n"
        "Good news: your order 1001 has arrived at SoftMoc Eaton Centre and is waiting for you. "
        f"We keep it for you until {until}.\n\n"
        "Pickup number: P-000123\n"
        "Store: SoftMoc Eaton Centre\n"
        f"Address: {ADDRESS_EN}\n"
        f"Opening hours: {HOURS_EN}\n\n"
        "Please bring:\n"
        "- a photo ID in the name on the order\n"
        "- your order number (1001)\n\n"
        "See you soon,\nSoftMoc Eaton Centre\n")
    html = msg.get_body(("html",))
    assert html is not None and "P-000123" in html.get_content()
    (row,) = notice_rows(engine)
    assert (row.state, row.attempts, row.recipient) == ("sent", 1, "ana.cote@example.com")


def test_a_french_store_writes_in_french_and_warns_before_the_hold_ends(
        service: Service, engine: Engine) -> None:
    add_store(service.db, "LAV1", locale="fr_CA", name="SoftMoc Laval", address=ADDRESS_FR,
              hours=HOURS_FR, timezone="America/Montreal")
    till = Till(service, "LAV1", "Caisse 1")
    pickup = parcel(service.db, till.store_id, number="P-000777", order="#2002",
                    email_to="eloise@example.com", first_name="Éloïse")
    hold = (NOW + timedelta(days=30)).date().replace(day=1)  # the 1st of a month: "1er"
    days_left = (hold - NOW.date()).days
    with smtp_server() as (inbox, port):
        set_smtp(service.db, port)
        till.push(till.event("pickup.arrived", arrived(pickup, hold)))
        later = Clock()
        assert run_once(engine, now=later(1)).sent == 1
        # Three days before the last day (store-local noon): not yet.
        before = datetime.combine(hold - timedelta(days=3), datetime.min.time(), UTC) \
            + timedelta(hours=16)
        assert days_left > 3 and run_once(engine, now=before).sent == 0
        # Two days before: the reminder, once.
        due = before + timedelta(days=1)
        assert run_once(engine, now=due).sent == 1
        assert run_once(engine, now=due + timedelta(hours=5)).sent == 0

    (_, _, arrival), (_, _, reminder) = inbox.received
    month = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")[hold.month - 1]
    until = f"1er {month} {hold.year}"
    assert arrival["Subject"] == "Votre commande 2002 est arrivée à SoftMoc Laval"
    assert arrival["Content-Language"] == "fr-CA"
    assert body(arrival) == (
        "Bonjour Éloïse,\n\n"
        f"Bonne nouvelle{NBSP}: votre commande 2002 est arrivée à SoftMoc Laval et vous y attend. "
        f"Nous la gardons pour vous jusqu'au {until} inclusivement.\n\n"
        f"Numéro de ramassage{NBSP}: P-000777\n"
        f"Magasin{NBSP}: SoftMoc Laval\n"
        f"Adresse{NBSP}: {ADDRESS_FR}\n"
        f"Heures d'ouverture{NBSP}: {HOURS_FR}\n\n"
        f"Veuillez apporter{NBSP}:\n"
        "- une pièce d'identité avec photo au nom inscrit sur la commande\n"
        "- votre numéro de commande (2002)\n\n"
        "À bientôt,\nSoftMoc Laval\n")
    assert reminder["Subject"] == (f"Rappel{NBSP}: votre commande 2002 vous attend à SoftMoc Laval "
                                   f"jusqu'au {until}")
    assert (f"Nous la gardons jusqu'au {until} inclusivement{NBSP}; passé cette date, elle sera "
            "retournée.") in body(reminder)
    assert "P-000777" in body(reminder) and HOURS_FR in body(reminder)
    assert [r.kind for r in notice_rows(engine)] == ["arrived", "hold_ending"]


def test_smtp_down_is_tried_again_with_back_off_then_the_manager_is_told_in_words(
        service: Service, engine: Engine) -> None:
    add_store(service.db, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN)
    add_store(service.db, "OTT1", locale="en_CA", name="SoftMoc Rideau", address="Rideau",
              hours="10-21")
    till, other = Till(service, "TOR1", "Till 1"), Till(service, "OTT1", "Till 1")
    pickup = parcel(service.db, till.store_id, number="P-000555", order="#3003",
                    email_to="secret.customer@example.com")
    dead = free_port()  # nothing listens there
    set_smtp(service.db, dead)
    till.push(till.event("pickup.arrived", arrived(pickup, (NOW + timedelta(days=14)).date())))
    later = Clock()
    tried = run_once(engine, now=later(1), max_attempts=3)
    assert (tried.sent, tried.retrying, tried.failed) == (0, 1, 0)
    (row,) = notice_rows(engine)
    assert "could not be reached" in row.last_error
    assert outbox._aware(row.next_attempt_at) == later(1) + timedelta(minutes=1)
    assert run_once(engine, now=later(1.5), max_attempts=3).retrying == 0  # not due yet
    assert run_once(engine, now=later(2), max_attempts=3).retrying == 1
    (row,) = notice_rows(engine)
    assert outbox._aware(row.next_attempt_at) == later(2) + timedelta(minutes=2)  # doubled
    assert till.problems() == []  # still trying: nothing for the manager yet
    gave_up = run_once(engine, now=later(4), max_attempts=3)
    assert (gave_up.retrying, gave_up.failed) == (0, 1)
    (row,) = notice_rows(engine)
    assert (row.state, row.attempts) == ("failed", 3)

    (problem,) = till.problems()  # on the store manager's sync-problems list, in words
    assert problem["kind"] == "notice_failed"
    assert problem["text"].startswith(
        "The e-mail telling the customer that pickup P-000555 (order 3003) has arrived was not "
        f"sent (tried 3 times): the mail server 127.0.0.1:{dead} could not be reached")
    assert problem["text"].endswith("Tell the customer another way (call them), then settle this.")
    assert "@" not in problem["text"]  # the customer's address stays central
    assert other.problems() == []  # another store's manager sees nothing of it
    client = HttpCentral(service.url, till.token)  # as the till's sync-problems screen asks
    (seen,) = client.open_problems(till.store_id)
    client.close()
    assert seen.kind is ProblemKind.NOTICE_FAILED and seen.text == problem["text"]
    assert PROBLEM_TITLES[seen.kind] == "Customer not told by e-mail"
    # The manager called the customer and settles it (as the sync-problems screen pushes it).
    settle = Event(uuid.uuid4(), till.store_id, till.till_id, till.seq + 1,
                   "sync_problem.resolved", NOW,
                   {"audit": {"subject_type": "sync_problem", "subject_id": problem["event_id"],
                              "reason": "Called her; she comes on Saturday",
                              "details": {"event_id": problem["event_id"], "kind": "notice_failed",
                                          "outcome": "told", "outcome_words": "The customer was "
                                          "told another way (phone, in person)",
                                          "manager_number": "M1", "manager_name": "Lee"}}})
    till.seq += 1
    assert [r["status"] for r in till.push(settle)] == ["applied"]
    assert till.problems() == []

    listed = storepos("central", "notices", "--db", service.db, "--store", "TOR1", "--failed")
    assert listed.returncode == 0, listed.stderr
    assert "P-000555" in listed.stdout and "failed" in listed.stdout
    assert "could not be reached" in listed.stdout and "1 notice failed." in listed.stdout
    with smtp_server(dead) as (inbox, _):  # the server is back: a failed notice stays failed
        assert run_once(engine, now=later(600), max_attempts=3).sent == 0
    assert inbox.received == []


def test_a_notice_that_failed_once_goes_out_when_the_server_is_back(
        service: Service, engine: Engine) -> None:
    add_store(service.db, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN)
    till = Till(service, "TOR1", "Till 1")
    pickup = parcel(service.db, till.store_id, number="P-000556", order="#3004",
                    email_to="back@example.com")
    port = free_port()
    set_smtp(service.db, port)
    till.push(till.event("pickup.arrived", arrived(pickup, (NOW + timedelta(days=14)).date())))
    later = Clock()
    assert run_once(engine, now=later(1)).retrying == 1
    with smtp_server(port) as (inbox, _):
        assert run_once(engine, now=later(2)).sent == 1
    assert [rcpt for _, rcpt, _ in inbox.received] == [["back@example.com"]]
    (row,) = notice_rows(engine)
    assert (row.state, row.attempts, row.last_error) == ("sent", 2, "")


def test_notify_once_on_the_command_line_sends_what_is_due(service: Service) -> None:
    add_store(service.db, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN)
    till = Till(service, "TOR1", "Till 1")
    pickup = parcel(service.db, till.store_id, number="P-000601", order="#6001",
                    email_to="cli@example.com")
    till.push(till.event("pickup.arrived", arrived(pickup, (NOW + timedelta(days=14)).date())))
    with smtp_server() as (inbox, port):
        set_smtp(service.db, port)
        done = storepos("central", "notify", "--db", service.db, "--once")
        again = storepos("central", "notify", "--db", service.db, "--once")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Customers' e-mails: 1 sent, 0 to try again later, 0 failed "
                                   "(the store's manager is told), 0 not needed any more.")
    assert again.stdout.startswith("Customers' e-mails: 0 sent")
    assert [rcpt for _, rcpt, _ in inbox.received] == [["cli@example.com"]]
    listed = storepos("central", "notices", "--db", service.db)
    assert "P-000601" in listed.stdout and "sent" in listed.stdout and "cli@example.com" in \
        listed.stdout


def test_no_address_or_a_collected_parcel(service: Service, engine: Engine) -> None:
    add_store(service.db, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN)
    till = Till(service, "TOR1", "Till 1")
    hold = (NOW + timedelta(days=14)).date()
    nobody = parcel(service.db, till.store_id, number="P-1", order="#1", email_to=None)
    quick = parcel(service.db, till.store_id, number="P-2", order="#2", email_to="q@example.com")
    with smtp_server() as (inbox, port):
        set_smtp(service.db, port)
        till.push(till.event("pickup.arrived", arrived(nobody, hold)),
                  till.event("pickup.arrived", arrived(quick, hold)),
                  till.event("pickup.collected", {**arrived(quick, hold), "status": "collected",
                                                  "collected_at": NOW.isoformat()}))
        later = Clock()
        result = run_once(engine, now=later(1))
    assert (result.sent, result.failed, result.skipped) == (0, 1, 1)
    assert inbox.received == []
    (problem,) = till.problems()  # no address: failed at once, not tried 8 times
    assert "P-1" in problem["text"] and "the order has no e-mail address" in problem["text"]


def test_starttls_and_the_password_from_the_environment(
        service: Service, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    ca = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_tls)
    client_tls = ssl.create_default_context()
    ca.configure_trust(client_tls)
    add_store(service.db, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN)
    till = Till(service, "TOR1", "Till 1")
    pickup = parcel(service.db, till.store_id, number="P-000900", order="#9009",
                    email_to="tls@example.com")
    till.push(till.event("pickup.arrived", arrived(pickup, (NOW + timedelta(days=14)).date())))
    later = Clock()
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_tls,
                            require_starttls=True, auth_require_tls=True,
                            authenticator=inbox.authenticate)
    controller.start()
    try:
        set_smtp(service.db, port, "--starttls", "--user", "notices",
                 "--password-env", "STOREPOS_TEST_SMTP_PASSWORD")
        monkeypatch.delenv("STOREPOS_TEST_SMTP_PASSWORD", raising=False)
        unset = run_once(engine, now=later(1),
                         mailer_factory=lambda s: SmtpMailer(s, tls=client_tls))
        assert unset.retrying == 1 and "STOREPOS_TEST_SMTP_PASSWORD is not set" in unset.errors[0]
        monkeypatch.setenv("STOREPOS_TEST_SMTP_PASSWORD", "s3cret-from-env")
        untrusted = run_once(engine, now=later(2))  # the system's CAs do not know this server
        assert untrusted.retrying == 1
        assert "the secure connection (STARTTLS) to 127.0.0.1" in untrusted.errors[0]
        assert inbox.logins == []  # no password sent over an unverified connection
        sent = run_once(engine, now=later(10),
                        mailer_factory=lambda s: SmtpMailer(s, tls=client_tls))
    finally:
        controller.stop()
    assert sent.sent == 1
    assert inbox.logins == [(b"notices", b"s3cret-from-env")]
    assert [rcpt for _, rcpt, _ in inbox.received] == [["tls@example.com"]]
    with engine.connect() as conn:  # only the variable's name is kept
        (settings,) = conn.execute(select(smtp_settings)).all()
    assert settings.password_env == "STOREPOS_TEST_SMTP_PASSWORD"
    assert "s3cret" not in " ".join(str(v) for v in settings)


def test_head_office_commands_refuse_bad_input_in_one_line(central_db: str) -> None:
    # A port out of range is refused by the parser (storepos.commands.values): its usage, then
    # the sentence; nothing is stored.
    done = storepos("central", "smtp", "set", "--db", central_db, "--host", "mail.example",
                    "--port", "0", "--from", "a@b.example")
    assert done.returncode == 2 and done.stderr.splitlines()[-1] == (
        "storepos central smtp set: error: argument --port: '0' is not a port number (1 to 65535)")
    for args, words in (
        (("--port", "25", "--from", "nobody"), "is not an e-mail address"),
        (("--port", "25", "--from", "a@b.example", "--password-env", "hunter2!"),
         "the name of an environment variable"),
        (("--port", "25", "--from", "a@b.example", "--user", "u"), "--user needs --password-env"),
    ):
        done = storepos("central", "smtp", "set", "--db", central_db, "--host", "mail.example",
                        *args)
        assert done.returncode == 2 and words in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    done = storepos("central", "store", "add", "--db", central_db, "--code", "X1", "--name", "X",
                    "--locale", "en_CA", "--currency", "CAD", "--timezone", "America/Toronto",
                    "--policy", "softmoc", "--email-from", "not an address")
    assert done.returncode == 2 and "--email-from" in done.stderr
    shown = storepos("central", "smtp", "show", "--db", central_db)
    assert shown.returncode == 0 and "No mail server is set up" in shown.stdout


# -- a dishonest insider --------------------------------------------------------------------------

@pytest.mark.postgres
def test_a_till_cannot_enqueue_or_mark_notices_of_another_store_nor_read_addresses(
        central_pg: str) -> None:
    assert storepos("central", "init", "--db", central_pg).returncode == 0
    with serving(central_pg) as service:
        add_store(central_pg, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
                  address=ADDRESS_EN, hours=HOURS_EN)
        add_store(central_pg, "OTT1", locale="en_CA", name="SoftMoc Rideau", address="R",
                  hours="H")
        mine, thief = Till(service, "TOR1", "Till 1"), Till(service, "OTT1", "Till 1")
        pickup = parcel(central_pg, mine.store_id, number="P-4242", order="#4242",
                        email_to="victim@example.com")
        # Another store's till pushes the arrival of this store's parcel: refused, no notice.
        forged = {**arrived(pickup, NOW.date()), "store_id": str(thief.store_id)}
        (result,) = thief.push(thief.event("pickup.arrived", forged))
        assert result["status"] == "quarantined"
        (result,) = thief.push(thief.event("pickup.arrived", arrived(pickup, NOW.date())))
        assert result["status"] == "quarantined"
        central = make_central_engine(central_pg)
        assert notice_rows(central) == []
        mine.push(mine.event("pickup.arrived", arrived(pickup, NOW.date())))
        (row,) = notice_rows(central)

        as_thief, as_mine = store_engine(central_pg, thief.store_id), \
            store_engine(central_pg, mine.store_id)
        attempts = [
            (as_thief, lambda c: outbox.enqueue(c, mine.store_id, uuid.UUID(pickup["id"]),
                                                "hold_ending", NOW)),
            (as_thief, lambda c: c.execute(update(notices).values(state="sent"))),
            (as_mine, lambda c: c.execute(update(notices).where(notices.c.id == row.id)
                                          .values(state="sent", sent_at=NOW))),
            (as_mine, lambda c: c.execute(notices.insert().values(
                store_id=mine.store_id, id=uuid.uuid4(), pickup_id=uuid.uuid4(),
                kind="hold_ending", state="sent", attempts=1, next_attempt_at=NOW,
                created_at=NOW, updated_at=NOW, sent_at=NOW))),
            (as_mine, lambda c: c.execute(select(notices.c.recipient)).all()),
            (as_thief, lambda c: c.execute(select(notices.c.recipient)).all()),
        ]
        for store, work in attempts:
            with pytest.raises(DBAPIError) as refused, store.begin() as conn:
                work(conn)
            assert getattr(refused.value.orig, "sqlstate", None) == "42501", refused.value
        with central.connect() as conn:
            (after,) = conn.execute(select(notices)).all()
            assert (after.state, after.sent_at) == ("pending", None)
            assert conn.execute(text("SELECT count(*) FROM reviews")).scalar() == 0
            assert conn.execute(select(pickups.c.store_id)).scalar() == mine.store_id
        assert all(r.store_id == mine.store_id for r in notice_rows(central))
        with central.connect() as conn:
            assert conn.execute(select(reviews)).all() == []
        central.dispose()
        as_thief.dispose()
        as_mine.dispose()


def test_the_mailer_reconnects_when_the_server_hung_up_between_messages() -> None:
    with smtp_server() as (inbox, port):
        mailer = SmtpMailer(SmtpSettings("127.0.0.1", port, "a@b.example"))
        for n in range(2):
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = "a@b.example", "c@d.example", f"n{n}"
            msg.set_content("x")
            mailer.send(msg)
            assert mailer._session is not None
            mailer._session.close()  # as if the server dropped the idle session
        mailer.close()
    assert [m["Subject"] for _, _, m in inbox.received] == ["n0", "n1"]


@pytest.mark.postgres
def test_two_senders_at_once_send_each_notice_once(central_pg: str) -> None:
    assert storepos("central", "init", "--db", central_pg).returncode == 0
    add_store(central_pg, "TOR1", locale="en_CA", name="SoftMoc Eaton Centre",
              address=ADDRESS_EN, hours=HOURS_EN)
    central = make_central_engine(central_pg)
    with central.connect() as conn:
        store_id = conn.execute(text("SELECT id FROM stores WHERE code = 'TOR1'")).scalar_one()
    hold = (NOW + timedelta(days=14)).date()
    for i in range(60):  # parcels on the shelf, their arrival notices pending (as a push leaves them)
        p = parcel(central_pg, store_id, number=f"P-{i:04}", order=f"#{7000 + i}",
                   email_to=f"c{i}@example.com")
        with central.begin() as conn:
            conn.execute(update(pickups).where(pickups.c.id == uuid.UUID(p["id"]))
                         .values(status="arrived", hold_until=hold))
            outbox.enqueue(conn, store_id, uuid.UUID(p["id"]), "arrived", NOW)
    start = threading.Barrier(2)
    results: list[Any] = []
    with smtp_server() as (inbox, port):
        set_smtp(central_pg, port)

        def sender() -> None:
            start.wait()
            results.append(run_once(central, now=later_than_now(), batch=7))

        both = [threading.Thread(target=sender) for _ in range(2)]
        for t in both:
            t.start()
        for t in both:
            t.join()
    central.dispose()
    assert sum(r.sent for r in results) == 60
    assert sorted(rcpt for _, (rcpt,), _ in inbox.received) == sorted(
        f"c{i}@example.com" for i in range(60))  # each once: none twice, none missed


def later_than_now() -> datetime:
    return datetime.now(UTC) + timedelta(minutes=1)


def test_the_notify_loop_carries_on_while_the_database_is_away() -> None:
    engine = make_central_engine(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none")
    stop, said = threading.Event(), []

    def trouble(words: str) -> None:
        said.append(words)
        if len(said) == 2:  # a second pass came: the loop did not die with the first
            stop.set()

    run_forever(engine, stop, every_s=0.01, trouble=trouble)
    engine.dispose()
    assert len(said) == 2
    assert said[0].startswith("The central database could not be used for this pass: ")
