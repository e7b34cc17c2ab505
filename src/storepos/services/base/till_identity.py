"""Which till this installation is: a small JSON file beside the local database.

The counter needs to know its store (policy, time zone, locale) and till (number prefix). A demo
database gets the first store of the demo recipe and its first till.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.errors import StoreposError
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
        raise StoreposError(f"The till settings in {path} cannot be read; fix or delete the file.") from None


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
