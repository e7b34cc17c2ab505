"""Names fold the way staff type them: no accents, no case."""

from __future__ import annotations

import pytest

from storepos.domain.text import fold


@pytest.mark.parametrize(("name", "typed"), [
    ("Côté", "cote"), ("MÜLLER", "muller"), ("Nguyễn", "nguyen"), ("Đặng", "dang"),
    ("Østergaard", "ostergaard"), ("Yılmaz", "yilmaz"), ("Łukasz", "lukasz"), ("Straße", "strasse"),
    ("Ærø", "aero"), ("  Gagné   Bélanger ", "gagne belanger"), ("O'Brien", "o'brien"),
])
def test_fold(name: str, typed: str) -> None:
    assert fold(name) == fold(typed) == typed
