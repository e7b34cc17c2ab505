"""The contract's sentences did not change when the engine's reasons became codes worded above it.

tests/data/policy_english/ holds 124 cases chosen from 6,000 random ones so that every kind of
sentence (with its numbers blanked) and every clause appears at least once, and the answer
`storepos policy evaluate` gave for them before the change, byte for byte. The answer stays
English even when the till speaks French.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storepos.cli import main
from storepos.i18n import set_language

DATA = Path(__file__).resolve().parents[2] / "data" / "policy_english"


@pytest.mark.parametrize("till_language", ["en_CA", "fr_CA"])
def test_the_answer_is_byte_identical_in_english(till_language: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    set_language(till_language)
    try:
        code = main(["policy", "evaluate", str(DATA / "cases.json")])
    finally:
        set_language("en_CA")
    out = capsys.readouterr().out
    assert code == 0
    assert out == (DATA / "expected.json").read_text(encoding="utf-8")
