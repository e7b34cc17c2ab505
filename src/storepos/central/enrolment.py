"""Head office: the chain's stores, enrolment codes, till tokens, and revoking a till.

A till is enrolled once with a one-time code made by head office for (store, till name); the code
buys a till token, a random 256-bit secret the till sends on every request. Codes and tokens are
stored as SHA-256 hashes only (they are random, so no slow hash is needed), and a token is shown
once, to the till that enrols. The store a till acts for is the token's, never what a request says.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from storepos.central.schema import enrolment_codes, stores, till_tokens, tills
from storepos.domain.sync import OfflineLimits, share_of
from storepos.i18n import _, ngettext
from storepos.sync.retry import in_transaction

CODE_LIFETIME = timedelta(hours=24)
SEEN_EVERY = timedelta(seconds=60)  # last contact is written at most once a minute per till


class Refused(Exception):
    """A head-office step refused, in words for whoever typed it."""


@dataclass(frozen=True, slots=True)
class Store:
    id: uuid.UUID
    code: str
    name: str
    locale: str
    currency: str
    timezone: str
    policy: str
    outlet: bool
    offline: OfflineLimits = field(default_factory=OfflineLimits)  # the whole store's
    # What a customer's notice says of the store (central/notices); head office's words.
    address: str = ""
    hours: str = ""
    email_from: str | None = None  # None: the chain's sender address (smtp_settings)

    def _said(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in ("code", "name", "locale", "currency", "timezone",
                                              "policy", "outlet")}

    def row(self) -> dict[str, Any]:
        return {"id": self.id, **self._said(), "offline_per_sale": self.offline.per_sale,
                "offline_per_card": self.offline.per_card, "address": self.address,
                "hours": self.hours, "email_from": self.email_from}

    def to_json(self) -> dict[str, Any]:
        """What a till is told of its store (its share of the offline limits comes apart)."""
        return {"id": str(self.id), **self._said()}


@dataclass(frozen=True, slots=True)
class Till:
    id: uuid.UUID
    store_id: uuid.UUID
    store_code: str
    name: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked: bool

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "store_id": str(self.store_id), "store_code": self.store_code,
                "name": self.name}


@dataclass(frozen=True, slots=True)
class Enrolled:
    token: str  # shown once; only its hash is kept
    store: Store
    till: Till
    offline: OfflineLimits  # this till's share of the store's offline limits


@dataclass(frozen=True, slots=True)
class TillIdentity:
    """Who is calling, as the token says."""

    store_id: uuid.UUID
    till_id: uuid.UUID


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def normal_code(code: str) -> str:
    """Codes are read aloud and typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    """80 random bits in base32, in groups of four: ABCD-EFGH-IJKL-MNOP."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


# -- stores -----------------------------------------------------------------------------------

def add_store(engine: Engine, *, code: str, name: str, locale: str, currency: str, timezone: str,
              policy: str, outlet: bool = False,
              offline: OfflineLimits | None = None, address: str = "", hours: str = "",
              email_from: str | None = None, store_id: uuid.UUID | None = None) -> Store:
    """A new store; `offline`: what its tills together may take from cards while offline (the
    per-card limit is split between its active tills; default OfflineLimits()). `address`,
    `hours` and `email_from` are what its customers' notices say and come from. `store_id`: the
    id it keeps when brought in from elsewhere (the demo's seeded chain); else a new one."""
    store = Store(store_id or uuid.uuid4(), code.strip().upper(), name.strip(), locale, currency.upper(),
                  timezone, policy, outlet, offline or OfflineLimits(), address.strip(),
                  hours.strip(), (email_from or "").strip() or None)
    if not store.code or not store.name:
        raise Refused(_("A store needs a code and a name."))
    if len(store.currency) != 3:
        raise Refused(_("{currency!r} is not a currency code (three letters, like CAD).").format(
            currency=currency))

    def work(conn: Connection) -> Store:
        if _store_by_code(conn, store.code) is not None:
            raise Refused(_("There is already a store with the code {code}.").format(
                code=store.code))
        conn.execute(insert(stores).values(**store.row(), created_at=_now()))
        return store

    return in_transaction(engine, work)


def list_stores(engine: Engine) -> list[Store]:
    with engine.connect() as conn:
        return [_store(r) for r in conn.execute(select(stores).order_by(stores.c.code))]


def _store(row: Any) -> Store:
    return Store(row.id, row.code, row.name, row.locale, row.currency, row.timezone, row.policy,
                 bool(row.outlet), OfflineLimits(row.offline_per_sale, row.offline_per_card),
                 row.address, row.hours, row.email_from)


def _store_by_code(conn: Connection, code: str) -> Store | None:
    row = conn.execute(select(stores).where(stores.c.code == code.strip().upper())).first()
    return _store(row) if row is not None else None


def _need_store(conn: Connection, code: str) -> Store:
    store = _store_by_code(conn, code)
    if store is None:
        raise Refused(_("There is no store with the code {code}.").format(
            code=code.strip().upper()))
    return store


def set_offline_limits(engine: Engine, store_code: str, offline: OfflineLimits) -> Store:
    """Change a store's offline limits; each till gets its new share at its next sync."""

    def work(conn: Connection) -> Store:
        store = _need_store(conn, store_code)
        conn.execute(update(stores).where(stores.c.id == store.id).values(
            offline_per_sale=offline.per_sale, offline_per_card=offline.per_card))
        return _need_store(conn, store_code)

    return in_transaction(engine, work)


def active_tills(conn: Connection, store_id: uuid.UUID) -> int:
    """The store's tills that still hold a working token (enrolled, not revoked)."""
    return int(conn.scalar(select(func.count(func.distinct(till_tokens.c.till_id))).where(
        till_tokens.c.store_id == store_id, till_tokens.c.revoked_at.is_(None))) or 0)


def offline_share(conn: Connection, store_id: uuid.UUID) -> OfflineLimits:
    """A till's share of its store's offline card limits, as of now (domain.sync.share_of)."""
    row = conn.execute(select(stores.c.offline_per_sale, stores.c.offline_per_card)
                       .where(stores.c.id == store_id)).one()
    return share_of(OfflineLimits(row.offline_per_sale, row.offline_per_card),
                    active_tills(conn, store_id))


# -- enrolment --------------------------------------------------------------------------------

def make_enrolment_code(engine: Engine, store_code: str, till_name: str, *,
                        now: datetime | None = None) -> str:
    """A one-time code for one till of one store, valid 24 hours; returned in clear only here."""
    till_name = till_name.strip()
    if not till_name:
        raise Refused(_("Give the till a name, like 'Till 1'."))
    at = now or _now()
    code = new_code()

    def work(conn: Connection) -> str:
        store = _need_store(conn, store_code)
        conn.execute(insert(enrolment_codes).values(
            code_hash=secret_hash(normal_code(code)), store_id=store.id, till_name=till_name,
            created_at=at, expires_at=at + CODE_LIFETIME))
        return code

    return in_transaction(engine, work)


def enrol(engine: Engine, code: str, till_name: str | None = None, *,
          now: datetime | None = None) -> Enrolled:
    """Spend a code: a new till of the code's store and its token. Used or expired: refused."""
    at = now or _now()
    token = secrets.token_urlsafe(32)  # 256 random bits

    def work(conn: Connection) -> Enrolled:
        row = conn.execute(select(enrolment_codes)
                           .where(enrolment_codes.c.code_hash == secret_hash(normal_code(code)))
                           .with_for_update()).first()
        if row is None:
            raise Refused(_("This enrolment code is not known: check it, or ask head office for "
                            "a new one."))
        if row.used_at is not None:
            raise Refused(_("This enrolment code was already used on {moment} UTC; ask head "
                            "office for a new one.").format(
                                moment=f"{_aware(row.used_at):%Y-%m-%d %H:%M}"))
        if _aware(row.expires_at) <= at:
            raise Refused(_("This enrolment code has expired (codes last 24 hours); ask head "
                            "office for a new one."))
        if till_name is not None and till_name.strip() != row.till_name:
            raise Refused(_("This enrolment code is for the till named {name!r}.").format(
                name=row.till_name))
        store = _store(conn.execute(select(stores).where(stores.c.id == row.store_id)).one())
        till = Till(uuid.uuid4(), store.id, store.code, row.till_name, at, at, False)
        conn.execute(insert(tills).values(store_id=store.id, id=till.id, name=till.name,
                                          enrolled_at=at))
        conn.execute(insert(till_tokens).values(token_hash=secret_hash(token), store_id=store.id,
                                                till_id=till.id, created_at=at, last_seen_at=at))
        conn.execute(update(enrolment_codes)
                     .where(enrolment_codes.c.code_hash == row.code_hash)
                     .values(used_at=at, till_id=till.id))
        return Enrolled(token, store, till, offline_share(conn, store.id))

    return in_transaction(engine, work)


def identify(engine: Engine, token: str, *, now: datetime | None = None) -> TillIdentity | None:
    """The till a token belongs to, or None (unknown or revoked); notes the till's last contact."""
    at = now or _now()
    digest = secret_hash(token)

    def work(conn: Connection) -> TillIdentity | None:
        row = conn.execute(select(till_tokens).where(till_tokens.c.token_hash == digest,
                                                     till_tokens.c.revoked_at.is_(None))).first()
        if row is None:
            return None
        if row.last_seen_at is None or _aware(row.last_seen_at) < at - SEEN_EVERY:
            conn.execute(update(till_tokens).where(till_tokens.c.token_hash == digest)
                         .values(last_seen_at=at))
        return TillIdentity(row.store_id, row.till_id)

    if engine.dialect.name == "postgresql":
        # Asked on every request: one statement, or two that need not go together, so no
        # transaction around them (BEGIN and COMMIT were two of its three round trips).
        engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    return in_transaction(engine, work)


# -- tills ------------------------------------------------------------------------------------

def list_tills(engine: Engine) -> list[Till]:
    """Every enrolled till with its last contact, by store and name."""
    last_seen = (select(till_tokens.c.till_id, func.max(till_tokens.c.last_seen_at).label("seen"),
                        func.count(till_tokens.c.revoked_at).label("revoked"),
                        func.count().label("tokens"))
                 .group_by(till_tokens.c.till_id).subquery())
    query = (select(tills, stores.c.code.label("store_code"), last_seen.c.seen,
                    last_seen.c.revoked, last_seen.c.tokens)
             .join(stores, stores.c.id == tills.c.store_id)
             .outerjoin(last_seen, last_seen.c.till_id == tills.c.id)
             .order_by(stores.c.code, tills.c.name, tills.c.enrolled_at))
    with engine.connect() as conn:
        return [Till(r.id, r.store_id, r.store_code, r.name, _aware(r.enrolled_at),
                     _aware(r.seen) if r.seen else None, (r.revoked or 0) >= (r.tokens or 0))
                for r in conn.execute(query)]


def find_till(engine: Engine, which: str) -> Till:
    """A till by its id (or the start of it, 8 characters or more) or by its unique name."""
    which = which.strip()
    found = [t for t in list_tills(engine)
             if (len(which) >= 8 and str(t.id).startswith(which.lower())) or t.name == which]
    if not found:
        raise Refused(_("There is no enrolled till {which!r}; `storepos central tills` lists "
                        "them.").format(which=which))
    if len(found) > 1:
        raise Refused(ngettext("{n} till matches {which!r}; give the till's id instead.",
                               "{n} tills match {which!r}; give the till's id instead.",
                               len(found)).format(n=len(found), which=which))
    return found[0]


def revoke(engine: Engine, which: str, *, now: datetime | None = None) -> Till:
    """Disconnect a till: its tokens stop working at once (the next request gets 401)."""
    till = find_till(engine, which)
    at = now or _now()
    in_transaction(engine, lambda conn: conn.execute(
        update(till_tokens).where(till_tokens.c.till_id == till.id,
                                  till_tokens.c.revoked_at.is_(None)).values(revoked_at=at)))
    return till
