"""The chain's SMTP settings (one row, central) and the mailer that sends through them.

The password never reaches the database or a command line: head office names an environment
variable (`--password-env VAR`) and the sender reads it when it connects. A variable that is
named but not set is a failure like any other (retried, then shown to the store's manager).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, select

from storepos.central.schema import smtp_settings
from storepos.central.sql import insert_ignore

TIMEOUT_S = 30.0


class SmtpNotSet(Exception):
    """No SMTP settings yet, or a password variable that is not set."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    from_addr: str
    starttls: bool = False
    username: str | None = None
    password_env: str | None = None

    def where(self) -> str:
        return f"{self.host}:{self.port}"


def save(conn: Connection, s: SmtpSettings, now: datetime) -> None:
    values = {"host": s.host, "port": s.port, "starttls": s.starttls, "username": s.username,
              "password_env": s.password_env, "from_addr": s.from_addr, "updated_at": now}
    conn.execute(insert_ignore(conn, smtp_settings), {"id": 1, **values})
    conn.execute(smtp_settings.update().where(smtp_settings.c.id == 1).values(**values))


def load(conn: Connection) -> SmtpSettings | None:
    row = conn.execute(select(smtp_settings).where(smtp_settings.c.id == 1)).first()
    if row is None:
        return None
    return SmtpSettings(row.host, row.port, row.from_addr, bool(row.starttls), row.username,
                        row.password_env)


class SmtpMailer:
    """One SMTP session for a pass of the sender: opened at the first message, reused for the
    rest, closed at the end (`with SmtpMailer(settings) as mailer: mailer.send(msg)`)."""

    def __init__(self, settings: SmtpSettings, *, tls: ssl.SSLContext | None = None,
                 environ: dict[str, str] | None = None) -> None:
        self.settings = settings
        self._tls = tls
        self._environ = environ if environ is not None else os.environ
        self._session: smtplib.SMTP | None = None

    def _password(self) -> str | None:
        name = self.settings.password_env
        if not name:
            return None
        value = self._environ.get(name)
        if value is None:
            raise SmtpNotSet(f"the mail password's environment variable {name} is not set "
                             "where `storepos central notify` runs")
        return value

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        password = self._password()
        session = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_S)
        try:
            if s.starttls:
                session.starttls(context=self._tls or ssl.create_default_context())
            if s.username:
                session.login(s.username, password or "")
        except BaseException:
            session.close()
            raise
        return session

    def send(self, msg: EmailMessage) -> None:
        if self._session is None:
            self._session = self._open()
        try:
            self._session.send_message(msg)
        except smtplib.SMTPServerDisconnected:
            self._session = None  # the server hung up between messages: one fresh session
            self._session = self._open()
            self._session.send_message(msg)

    def close(self) -> None:
        if self._session is not None:
            try:
                self._session.quit()
            except (smtplib.SMTPException, OSError):
                self._session.close()
            self._session = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
