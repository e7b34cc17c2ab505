"""The till's own secrets: files beside its database, never table rows, never synced.

    key = till_key(engine.url, APPROVAL_KEY)   # <db>.approval-key: signs manager approvals
    key = till_key(engine.url, CHAIN_KEY)      # <db>.chain-key: seals the audit chain

Each is 32 random bytes, made on first use (exclusively: two processes starting at once agree),
mode 0600. Whoever copies or edits the database file with sqlite3 does not get them with it. A
database that is no file (in memory, PostgreSQL in tests) gets a per-process key.
`till_key(..., make=False)` is for a check that must not invent a key: None when the file is gone.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path

from sqlalchemy import URL

from storepos.domain.errors import StoreposError
from storepos.i18n import _

APPROVAL_KEY = "approval-key"
CHAIN_KEY = "chain-key"

_keys: dict[str, bytes] = {}
_lock = threading.Lock()


def key_file(database: str | None, kind: str) -> Path | None:
    """`<database>.<kind>`, or None for a database that is no file."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).with_name(f"{Path(database).name}.{kind}")


def _load_or_make(path: Path) -> bytes:
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            data = path.read_bytes()
            if len(data) == 32:
                return data
            path.unlink()  # a short or empty key (a crash while writing it): make it again
            continue
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key
    raise StoreposError(_("The till's key {path} can't be made. Ask for help.").format(path=path))


def till_key(url: URL, kind: str, *, make: bool = True) -> bytes | None:
    """This till's key of `kind` for the database at `url` (made on first use unless `make` is
    False: then None when its file is missing or damaged)."""
    path = key_file(url.database, kind) if url.get_backend_name() == "sqlite" else None
    name = f"{path or url.render_as_string(hide_password=True)}#{kind}"
    with _lock:
        if name in _keys and (path is None or path.exists()):
            return _keys[name]
        if path is not None and not make:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            if len(data) != 32:
                return None
            _keys[name] = data
            return data
        _keys[name] = _load_or_make(path) if path else secrets.token_bytes(32)
        return _keys[name]
