"""`storepos printer list|status` in the reader's language: the cutter and the printer's state in
words; the state's code stays on the first line of `status` for scripts, as in English."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepos.cli import main
from storepos.i18n import speaking


def test_printer_list_words_the_cutter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with speaking("fr_CA"):
        assert main(["printer", "list", "--db", str(tmp_path / "till.db")]) == 0
    out = capsys.readouterr().out
    assert "MASSICOT" in out and "coupe partielle" in out and "aucun" in out
    assert "partial" not in out
    with speaking("en_CA"):
        assert main(["printer", "list", "--db", str(tmp_path / "till.db")]) == 0
    assert "CP1252 (ESC t 16)  partial  yes" in capsys.readouterr().out


def test_printer_status_says_the_state_in_words(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    spec = f"file:{tmp_path / 'receipts.bin'}"
    with speaking("fr_CA"):
        assert main(["printer", "status", spec]) == 0
    code, words = capsys.readouterr().out.splitlines()
    assert code.endswith("): unknown") and words == "  Fichier prêt"
    with speaking("fr_CA"):
        assert main(["printer", "status", f"file:{tmp_path / 'no-such-folder' / 'r.bin'}"]) == 1
    code, words = capsys.readouterr().out.splitlines()
    assert code.endswith("): unreachable")
    assert words == ("  Impossible d'écrire le fichier. Vérifiez que le dossier existe et qu'on "
                     "peut y écrire.")
