"""The command line speaks to staff in STOREPOS_LANG (French for fr_CA), English when it is unset,
and what scripts read stays the same in every language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storepos.cli import main
from storepos.i18n import current_locale, set_language


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    before = current_locale()
    yield
    set_language(before)


def test_a_refusal_in_french_when_staff_read_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    monkeypatch.setenv("STOREPOS_LANG", "fr_CA")
    assert main(["audit", "verify", "--db", str(missing)]) == 2
    assert capsys.readouterr().err == f"Aucune base de données de caisse à {missing}.\n"


def test_english_is_unchanged_without_a_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    monkeypatch.delenv("STOREPOS_LANG", raising=False)
    assert main(["orders", "show", "1", "--last-name", "X", "--db", str(missing)]) == 2
    assert capsys.readouterr().err == f"No till database at {missing}.\n"


def test_the_print_demo_is_french_from_top_to_bottom(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "demo.bin"
    assert main(["print", "demo", "--printer", f"file:{out_file}", "--model", "tm-t88",
                 "--locale", "fr_CA", "--text", "--pdf", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("7 documents imprimés sur file:")
    for words in ("Reçu de remboursement", "TOTAL REMBOURSÉ", "Frais de remise en stock",
                  "PDF dans"):
        assert words in out
    for english in ("Printed", "bytes", "REFUND", "Restocking", "refund ", "PDFs in"):
        assert english not in out
    assert current_locale() == "en_CA"  # the demo's language ended with it
