"""The caps on card value made at the counter: the settings and the sentence a cashier reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storepos.app import card_caps_setting
from storepos.domain.card_value import DEFAULT_CAPS, CardCaps, over_cap
from storepos.domain.errors import StoreposError

D = Decimal


def test_defaults_a_store_would_pick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STOREPOS_CARD_CAP_PER_CARD", raising=False)
    monkeypatch.delenv("STOREPOS_CARD_CAP_PER_DAY", raising=False)
    assert card_caps_setting(CardCaps) == DEFAULT_CAPS == CardCaps(D("1000.00"), D("5000.00"))


def test_the_settings_are_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STOREPOS_CARD_CAP_PER_CARD", "250.00")
    monkeypatch.setenv("STOREPOS_CARD_CAP_PER_DAY", " 2000 ")
    assert card_caps_setting(CardCaps) == CardCaps(D("250.00"), D("2000"))
    for bad in ("lots", "0", "-5", "NaN", "Infinity"):
        monkeypatch.setenv("STOREPOS_CARD_CAP_PER_DAY", bad)
        with pytest.raises(StoreposError, match="STOREPOS_CARD_CAP_PER_DAY must be an amount"):
            card_caps_setting(CardCaps)


def test_over_cap_names_the_cap_in_words() -> None:
    assert over_cap(DEFAULT_CAPS, D("1000.00"), D("5000.00")) is None
    assert over_cap(DEFAULT_CAPS, D("1000.01"), D("0")) == (
        "A card holds at most 1,000.00 without a manager; this one would hold 1,000.01.")
    assert "at most 5,000.00 of card value a day" in (over_cap(DEFAULT_CAPS, D("1"), D("5000.01")) or "")
