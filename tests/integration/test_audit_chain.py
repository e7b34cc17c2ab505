"""The till's audit chain against a dishonest employee with `sqlite3` on the till's file: every
edit, deletion and reordering is named by `storepos audit verify` (exit 1) at its first broken
link; a clean till holds (exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.audit_chain_world import Till, build, edit, one, verify


@pytest.fixture
def till(tmp_path: Path) -> Till:
    return build(tmp_path / "till.db")


def _seq(till: Till, where: str) -> int:
    return int(one(till.path, f"SELECT chain_seq FROM audit_events WHERE {where} "
                              "ORDER BY chain_seq LIMIT 1"))


def _broken(till: Till, seq: int, kind: str) -> str:
    code, out, err = verify(till.path)
    assert code == 1, out
    assert f"audit row {seq}: {kind}:" in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_a_clean_till_holds(till: Till) -> None:
    rows = int(one(till.path, "SELECT count(*) FROM audit_events"))
    code, out, err = verify(till.path)
    assert (code, err) == (0, "")
    assert f"holds: {rows} rows at 1 till" in out
    assert rows == int(one(till.path, "SELECT count(*) FROM outbox")) >= 9
    links = one(till.path, "SELECT count(*) FROM audit_events WHERE hash IS NOT NULL "
                           "AND prev_hash IS NOT NULL")
    assert links == rows


def test_an_audit_rows_amount_edited_is_named(till: Till) -> None:
    seq = _seq(till, "action = 'ledger.redeem'")
    edit(till.path, "UPDATE audit_events SET details = json_set(details, '$.amount', '-3.00') "
                    "WHERE action = 'ledger.redeem'")
    assert "the audit row (ledger.redeem) was changed" in _broken(till, seq, "edited")


def test_a_ledger_amount_edited_is_named(till: Till) -> None:
    seq = _seq(till, "action = 'ledger.redeem'")
    edit(till.path, "UPDATE ledger_entries SET amount = '-3.00', balance_after = '97.00' "
                    "WHERE kind = 'redeem'")
    err = _broken(till, seq, "edited")
    assert "ledger entry" in err and "amount -3.00 in the table and -30.00 in its outbox entry" in err


def test_a_pending_redemption_amount_edited_is_named(till: Till) -> None:
    """What the next sync would carry: the outbox copy of the redemption."""
    seq = _seq(till, "action = 'ledger.redeem'")
    edit(till.path, "UPDATE outbox SET payload = json_set(payload, '$.rows.entry.amount', '-3.00') "
                    "WHERE action = 'ledger.redeem' AND status = 'pending'")
    err = _broken(till, seq, "edited")
    assert "what the next sync sends" in err and "-30.00 in the table and -3.00" in err


def test_a_refund_amount_edited_is_named(till: Till) -> None:
    seq = _seq(till, "action = 'return.completed'")
    edit(till.path, "UPDATE refunds SET amount = '1200.00'")
    assert "refund" in _broken(till, seq, "edited")


def test_a_refused_pin_row_deleted_is_named(till: Till) -> None:
    first = _seq(till, "action = 'auth.pin_refused'")
    edit(till.path, f"DELETE FROM audit_events WHERE chain_seq = {first}")
    # The chain breaks at the row after it (or, for the first row, at the row that follows).
    err = _broken(till, first + 1, "missing")
    assert "deleted" in err


def test_a_refused_pin_row_and_its_outbox_entry_deleted_is_named(till: Till) -> None:
    second = _seq(till, "action = 'auth.pin_refused' AND chain_seq > 1")
    edit(till.path, f"DELETE FROM audit_events WHERE chain_seq = {second}",
         f"DELETE FROM outbox WHERE seq = {second}")
    assert f"row {second} before it was deleted" in _broken(till, second + 1, "missing")


def test_the_last_rows_deleted_are_named(till: Till) -> None:
    last = int(one(till.path, "SELECT max(chain_seq) FROM audit_events"))
    edit(till.path, f"DELETE FROM audit_events WHERE chain_seq >= {last - 1}",
         f"DELETE FROM outbox WHERE seq >= {last - 1}")
    assert "at the end of the chain were deleted" in _broken(till, last - 1, "missing")


def test_two_rows_reordered_are_named(till: Till) -> None:
    a = _seq(till, "action = 'ledger.issue'")
    b = _seq(till, "action = 'ledger.redeem'")
    assert b == a + 1
    edit(till.path, f"UPDATE audit_events SET chain_seq = -1 WHERE chain_seq = {a}",
         f"UPDATE audit_events SET chain_seq = {a} WHERE chain_seq = {b}",
         f"UPDATE audit_events SET chain_seq = {b} WHERE chain_seq = -1")
    _broken(till, a, "out of order")


def test_a_rehashed_row_still_breaks_the_next_link(till: Till) -> None:
    """Editing a row and writing a new hash on it (no secret is needed) breaks the link after it."""
    seq = _seq(till, "action = 'auth.pin_refused'")
    edit(till.path, f"UPDATE audit_events SET hash = replace(hash, 'a', 'b') WHERE chain_seq = {seq}")
    code, _out, err = verify(till.path)
    assert code == 1 and f"audit row {seq}:" in err


def test_rows_written_after_an_edit_do_not_heal_the_chain(till: Till) -> None:
    seq = _seq(till, "action = 'ledger.redeem'")
    edit(till.path, "UPDATE ledger_entries SET amount = '-3.00' WHERE kind = 'redeem'")
    from tests.integration.sync_world import queue_notes

    queue_notes(till, 2)
    _broken(till, seq, "edited")


def test_a_rolled_back_change_leaves_no_link_behind(till: Till) -> None:
    """A change that rolls back uses up no seq and no link: the next row follows the last kept."""
    from storepos.persistence.uow import UnitOfWork
    from storepos.services.base import journal

    with UnitOfWork(till.sessions) as uow:
        journal.record(uow.session, till.actor, "test.note", "note", None, {"kept": False})
        uow.session.flush()
        uow.session.rollback()
        journal.record(uow.session, till.actor, "test.note", "note", None, {"kept": True})
        uow.commit()
    code, _out, err = verify(till.path)
    assert (code, err) == (0, ""), err



def test_a_broken_link_is_named_in_french(till: Till) -> None:
    from storepos.i18n import speaking

    rows = int(one(till.path, "SELECT count(*) FROM audit_events"))
    with speaking("fr_CA"):
        assert verify(till.path)[1] == f"La chaîne d'audit est intacte : {rows} lignes dans 1 caisse.\n"
    seq = _seq(till, "action = 'ledger.redeem'")
    edit(till.path, "UPDATE ledger_entries SET amount = '-3.00', balance_after = '97.00' "
                    "WHERE kind = 'redeem'")
    with speaking("fr_CA"):
        code, _out, err = verify(till.path)
    assert code == 1
    assert err.startswith("La chaîne d'audit est rompue. Caisse "), err
    assert f", ligne d'audit {seq} : modifiée : l'écriture de grand livre " in err
    assert err.endswith(" qu'elle consigne a amount -3.00 dans la table et -30.00 dans son entrée "
                        "d'envoi.\n")
