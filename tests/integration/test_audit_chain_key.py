"""The till's audit chain is sealed with a key the database file does not hold (issue 12).

The plain link hashes follow a published formula (domain.audit_chain) and need no secret: an
insider with `sqlite3` and that formula can rewrite a row, its outbox entry and its money row, then
recompute every plain hash from there on, and the plain chain holds again. The seal over each link,
HMAC-SHA256 under the till's chain key (`<db>.chain-key`, 0600, beside the database), is what
`storepos audit verify` then finds broken. Removing the seals, or the key, shows too.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from storepos.domain.audit_chain import GENESIS, content, link_hash, seal
from tests.integration.audit_chain_world import Till, build, edit, one, verify


@pytest.fixture
def till(tmp_path: Path) -> Till:
    return build(tmp_path / "till.db")


def _uuid(raw: Any) -> str | None:
    return None if raw is None else str(uuid.UUID(hex=str(raw)))


def rewrite_and_rehash(path: Path | str, action: str, change: dict[str, str]) -> int:
    """The attack: set `change` on the row of `action` (its audit details, its outbox entry and its
    ledger entry), then recompute the plain chain from that row to the end, with sqlite3 and the
    published formula only. The row's chain seq."""
    db = sqlite3.connect(str(path))
    try:
        rows = db.execute("SELECT a.id, a.chain_seq, a.action, a.occurred_at, a.till_id, "
                          "a.store_id, a.details, a.hash, o.payload FROM audit_events a "
                          "JOIN outbox o ON o.id = a.id WHERE a.chain_seq IS NOT NULL "
                          "ORDER BY a.chain_seq").fetchall()
        target = next(r[1] for r in rows if r[2] == action)
        prev = GENESIS
        for row_id, seq, act, at, till_id, store_id, details_text, stored, payload_text in rows:
            if seq < target:
                prev = stored
                continue
            details, payload = json.loads(details_text), json.loads(payload_text)
            if seq == target:
                details.update(change)
                payload["audit"]["details"].update(change)
                payload["rows"]["entry"].update(change)
                db.execute("UPDATE ledger_entries SET amount = ?, balance_after = ? WHERE id = ?",
                           (change["amount"], change["balance_after"],
                            uuid.UUID(payload["rows"]["entry"]["id"]).hex))
            digest = link_hash(prev, content(
                event_id=_uuid(row_id), till_id=_uuid(till_id), store_id=_uuid(store_id), seq=seq,
                action=act, occurred_at=datetime.fromisoformat(at), audit=payload["audit"],
                rows=payload.get("rows")))
            payload["chain"] = {"prev": prev, "hash": digest}
            db.execute("UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? WHERE id = ?",
                       (json.dumps(details), prev, digest, row_id))
            db.execute("UPDATE outbox SET payload = ? WHERE id = ?", (json.dumps(payload), row_id))
            prev = digest
        db.commit()
        return int(target)
    finally:
        db.close()


def test_a_row_rewritten_with_its_plain_hashes_recomputed_is_named(till: Till) -> None:
    seq = rewrite_and_rehash(till.path, "ledger.redeem", {"amount": "-3.00", "balance_after": "97.00"})
    assert one(till.path, "SELECT amount FROM ledger_entries WHERE kind = 'redeem'") == -3
    code, out, err = verify(till.path)
    assert code == 1, out
    assert f"audit row {seq}: edited: its seal does not match" in err
    assert "without this till's chain key" in err and "Traceback" not in err


def test_the_key_is_all_that_stands_in_the_way(till: Till) -> None:
    """The limit, written down: whoever also reads the key file (the till's own OS account) can
    seal the rewrite again, and the till alone cannot tell; only rows already pushed are then
    still caught, by the central service's kept links (docs/security.md)."""
    rewrite_and_rehash(till.path, "ledger.redeem", {"amount": "-3.00", "balance_after": "97.00"})
    key = Path(f"{till.path}.chain-key").read_bytes()
    db = sqlite3.connect(str(till.path))
    try:
        for row_id, digest in db.execute("SELECT id, hash FROM audit_events WHERE hash IS NOT NULL"
                                         ).fetchall():
            db.execute("UPDATE audit_events SET seal = ? WHERE id = ?", (seal(key, digest), row_id))
        db.commit()
    finally:
        db.close()
    code, _out, err = verify(till.path)
    assert (code, err) == (0, ""), err  # so the plain chain of the rewrite holds, as claimed


def test_a_seal_removed_is_named(till: Till) -> None:
    seq = int(one(till.path, "SELECT min(chain_seq) FROM audit_events WHERE action = 'ledger.issue'"))
    edit(till.path, f"UPDATE audit_events SET seal = NULL WHERE chain_seq >= {seq}")
    code, _out, err = verify(till.path)
    assert code == 1 and f"audit row {seq}: edited: its seal was removed" in err


def test_a_missing_chain_key_is_named_not_remade(till: Till) -> None:
    key = Path(f"{till.path}.chain-key")
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    key.unlink()
    code, _out, err = verify(till.path)
    assert code == 1 and "audit row 1: missing: the till's chain key beside the database is gone" in err
    assert not key.exists()  # the check invents no key that would then seal a rewrite


def test_a_clean_sealed_till_holds(till: Till) -> None:
    sealed = one(till.path, "SELECT count(*) FROM audit_events WHERE seal IS NOT NULL")
    assert sealed == one(till.path, "SELECT count(*) FROM audit_events WHERE hash IS NOT NULL") >= 9
    code, out, _err = verify(till.path)
    assert code == 0, out


def test_rows_chained_before_the_seal_are_sealed_by_the_upgrade(tmp_path: Path) -> None:
    """A till at 0006 (chained, unsealed rows) upgraded to 0007b: every chained row gets its seal
    under a key made beside the database then, and the chain holds."""
    from alembic import command

    from storepos.persistence.migrate import alembic_config

    till = build(tmp_path / "till.db")
    with till.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0006_audit_chain")  # no seal column: rows as 0006 wrote them
    till.engine.dispose()
    assert one(till.path, "SELECT count(*) FROM audit_events WHERE hash IS NOT NULL") >= 9
    Path(f"{till.path}.chain-key").unlink()
    code, _out, err = verify(till.path)  # upgrades first (storepos audit verify does)
    assert (code, err) == (0, ""), err
    assert one(till.path, "SELECT count(*) FROM audit_events WHERE seal IS NULL") == 0
    assert Path(f"{till.path}.chain-key").stat().st_mode & 0o777 == 0o600
