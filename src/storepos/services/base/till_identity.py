"""Which till this installation is: a small JSON file beside the local database.

The counter needs to know its store (policy, time zone, locale) and till (number prefix). A demo
database gets the first store of the demo recipe and its first till.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import StoreKind
from storepos.i18n import _
from storepos.persistence.models import Store, Till


@dataclass(frozen=True, slots=True)
class TillIdentity:
    store_code: str
    till_prefix: str



def identity_path(database: Path) -> Path:
    return database.with_name(database.name + ".till.json")


def load_identity(database: Path) -> TillIdentity | None:
    path = identity_path(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TillIdentity(str(data["store_code"]), str(data["till_prefix"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        raise StoreposError(_("The till settings in {path} cannot be read; fix or delete the "
                              "file.").format(path=path)) from None


def save_identity(database: Path, identity: TillIdentity) -> None:
    path = identity_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(identity), indent=2), encoding="utf-8")
    tmp.replace(path)  # never a half-written settings file


def first_till_of(session: Session, store_code: str) -> TillIdentity | None:
    prefix = session.scalars(
        select(Till.prefix).join(Store, Store.id == Till.store_id)
        .where(Store.code == store_code).order_by(Till.prefix).limit(1)
    ).first()
    return TillIdentity(store_code, prefix) if prefix else None


def till_prefix(store_code: str, till_name: str, till_id: uuid.UUID) -> str:
    """The prefix of this till's numbers, as the demo makes them: the store's code and the till's
    number ("TOR1" + "Till 2" -> "TOR12"); a till not named with a number gets two characters of
    its id instead."""
    number = re.search(r"(\d+)\s*$", till_name)
    return (store_code + (number.group(1) if number else till_id.hex[:2].upper()))[:8]


def enrolled_here(session: Session, store: dict[str, Any], till: dict[str, Any]) -> TillIdentity:
    """The store and till rows of a till head office enrolled (the service's answer), with the
    central ids, so everything this till records is the store's and its own at the central side.
    Refused in words when this database already has the store's code under another id."""
    store_id, till_id = uuid.UUID(store["id"]), uuid.UUID(till["id"])
    here = session.scalars(select(Store).where(Store.code == store["code"])).first()
    if here is not None and here.id != store_id:
        raise StoreposError(_("This till's database already has a store {code} that is not head "
                              "office's; set the till up on a new database.").format(
            code=store["code"]))
    if here is None:
        session.add(Store(
            id=store_id, code=store["code"], name=store["name"], locale=store["locale"],
            kind=StoreKind.OUTLET if store.get("outlet") else StoreKind.RETAIL,
            country=store["locale"][-2:].upper(), time_zone=store["timezone"],
            currency=store["currency"], policy=store["policy"]))
        session.flush()
    known = session.get(Till, till_id)
    if known is not None:
        return TillIdentity(store["code"], known.prefix)
    prefix = till_prefix(store["code"], till["name"], till_id)
    if session.scalars(select(Till).where(Till.prefix == prefix)).first() is not None:
        raise StoreposError(_("This till's database already has a till {till}; set the till up on "
                              "a new database.").format(till=prefix))
    session.add(Till(id=till_id, store_id=store_id, prefix=prefix, name=till["name"]))
    return TillIdentity(store["code"], prefix)
