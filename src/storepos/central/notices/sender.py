"""The sender: `storepos central notify --db URL [--once]`.

One pass: enqueue the hold-ending notices now due (outbox.enqueue_hold_ending), then claim the due
notices in batches and send each through one SMTP session; sent ones are recorded in groups of
RECORD_EVERY, a failure at once, each in a short transaction.

A separate process rather than a task inside `central serve`: the service runs N worker processes
and stays stateless, the sender is one loop head office can start, stop and watch on its own; two
senders at once are safe (claims skip each other's rows).
"""

from __future__ import annotations

import smtplib
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from storepos.central.notices import outbox, smtp
from storepos.central.notices.mail import compose
from storepos.central.notices.outbox import Claimed
from storepos.sync.errors import CentralUnavailable
from storepos.sync.retry import in_transaction

EVERY_S = 30.0  # a pass every 30 seconds when run as a loop (the first retry waits 1 minute)
# Sent notices are recorded in groups this size: one commit per group, not per e-mail (a crash
# between sending and recording sends at most this many again, with the same Message-ID).
RECORD_EVERY = 20


class Mailer(Protocol):
    def send(self, msg: EmailMessage) -> None: ...

    def close(self) -> None: ...


MailerFactory = Callable[[smtp.SmtpSettings], Mailer]


@dataclass
class PassResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def words(self) -> str:
        return (f"{self.sent} sent, {self.retrying} to try again later, {self.failed} failed "
                f"(the store's manager is told), {self.skipped} not needed any more.")


def _now() -> datetime:
    return datetime.now(UTC)


def failure_words(exc: BaseException, where: str) -> tuple[str, bool]:
    """(what went wrong, in words naming no customer address; True when retrying cannot help)."""
    if isinstance(exc, smtp.SmtpNotSet):
        return str(exc), False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return (f"the mail server {where} refused the customer's e-mail address "
                f"(answer {', '.join(str(c) for c in codes)})"), permanent
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"the mail server {where} refused the user name or password", False
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"the mail server {where} does not offer STARTTLS", False
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        return f"the mail server {where} answered {exc.smtp_code} {text.strip()[:120]}", False
    if isinstance(exc, ssl.SSLError):
        return f"the secure connection (STARTTLS) to {where} failed: {exc.reason or exc}", False
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the mail server {where} hung up", False
    if isinstance(exc, OSError):
        return f"the mail server {where} could not be reached ({exc.strerror or exc})", False
    return f"sending through {where} failed: {type(exc).__name__}", False


def _tell(engine: Engine, work: Callable[[Connection], object]) -> None:
    in_transaction(engine, work)


def run_once(engine: Engine, *, now: datetime | None = None,
             mailer_factory: MailerFactory = smtp.SmtpMailer,
             max_attempts: int = outbox.MAX_ATTEMPTS, batch: int = 100,
             warn_days: int = outbox.HOLD_WARNING_DAYS) -> PassResult:
    """Enqueue hold-ending notices now due, then send every due notice once. `now` is the pass's
    time (tests move it to see the back-off)."""
    at = now or _now()
    result = PassResult()
    in_transaction(engine, lambda c: outbox.enqueue_hold_ending(c, at, warn_days))
    settings = in_transaction(engine, smtp.load)
    mailer: Mailer | None = None
    down: str | None = None  # the server could not be reached: the rest of the pass waits too
    done: list[Claimed] = []  # sent, not yet recorded

    def record_sent() -> None:
        if done:
            in_transaction(engine, lambda conn: outbox.sent(conn, done, at))
            result.sent += len(done)
            done.clear()

    try:
        while True:
            claimed = in_transaction(engine, lambda c: outbox.claim_due(
                c, at, limit=batch, chain_sender=settings.from_addr if settings else ""))
            if not claimed:
                break
            for c in claimed:
                why, final = _cannot_send(c, settings, down)
                if why == "":  # collected or sent back before it went out
                    _tell(engine, _skip(c, at))
                    result.skipped += 1
                    continue
                if why is None:
                    assert settings is not None and c.facts is not None
                    try:
                        if mailer is None:
                            mailer = mailer_factory(settings)
                        mailer.send(compose(c.facts))
                    except (smtplib.SMTPException, OSError, smtp.SmtpNotSet) as exc:
                        why, final = failure_words(exc, settings.where())
                        if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                            down = why
                            if mailer is not None:
                                mailer.close()
                                mailer = None
                    else:
                        done.append(c)
                        if len(done) >= RECORD_EVERY:
                            record_sent()
                        continue
                _record_failure(engine, c, why, at, max_attempts, final, result)
            record_sent()
            if len(claimed) < batch:
                break
    finally:
        record_sent()
        if mailer is not None:
            mailer.close()
    return result


def _skip(c: Claimed, at: datetime) -> Callable[[Connection], None]:
    return lambda conn: outbox.skipped(conn, c, f"not needed: the pickup is {c.pickup_status}", at)


def _cannot_send(c: Claimed, settings: smtp.SmtpSettings | None,
                 down: str | None) -> tuple[str | None, bool]:
    """(None, _) to send it; a reason and whether retrying cannot help; "" when not needed."""
    if c.pickup_status is not None and c.pickup_status not in outbox.WAITING:
        return "", False
    if c.pickup_status is None or not c.store_known:
        return "the pickup or its store is not known to the central service", True
    if c.facts is None:
        return "the order has no e-mail address for the customer", True
    if settings is None:
        return ("no mail server is set up yet (head office: `storepos central smtp set`)",
                False)
    if down is not None:
        return down, False
    return None, False


def _record_failure(engine: Engine, c: Claimed, why: str, at: datetime, max_attempts: int,
                    final: bool, result: PassResult) -> None:
    gave_up = in_transaction(engine, lambda conn: outbox.attempt_failed(
        conn, c, why, at, max_attempts=max_attempts, final=final))
    result.errors.append(why)
    if gave_up:
        result.failed += 1
    else:
        result.retrying += 1


def run_forever(engine: Engine, stop: threading.Event, *, every_s: float = EVERY_S,
                mailer_factory: MailerFactory = smtp.SmtpMailer,
                report: Callable[[PassResult], None] = lambda _r: None,
                trouble: Callable[[str], None] = lambda _w: None) -> None:
    """A pass every `every_s` seconds until `stop` is set. A pass the central database cannot
    finish (unreachable, restarted) is told to `trouble` in words and the loop goes on: what it
    claimed and did not record is due again after the lease."""
    while not stop.is_set():
        try:
            report(run_once(engine, mailer_factory=mailer_factory))
        except (CentralUnavailable, DBAPIError) as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            trouble(f"The central database could not be used for this pass: {first}")
        stop.wait(every_s)
