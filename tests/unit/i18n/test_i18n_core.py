"""The language machinery: catalogues merged, plural rules, per-context language, CLDR formats."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

from storepos.i18n import _, current_locale, ngettext, set_language, speaking
from storepos.i18n.formats import day, money, percent


def test_english_is_the_source_and_passes_through() -> None:
    with speaking("en_CA"):
        assert _("Cancel") == "Cancel"


def test_french_comes_from_the_catalogue_with_its_plural_rule() -> None:
    with speaking("fr_CA"):
        assert _("Cancel") == "Annuler"
        # French says "1 article" and "0 article": n > 1 takes the plural, not n != 1.
        assert ngettext("{n} item", "{n} items", 0).format(n=0) == "0 article"
        assert ngettext("{n} item", "{n} items", 2).format(n=2) == "2 articles"


def test_a_speaking_block_does_not_leak_into_the_app_or_other_threads() -> None:
    set_language("en_CA")
    seen: list[str] = []
    with speaking("fr_CA"):
        worker = threading.Thread(target=lambda: seen.append(current_locale()))
        worker.start()
        worker.join()
        assert current_locale() == "fr_CA"
    assert current_locale() == "en_CA"
    assert seen == ["en_CA"]


def test_money_and_dates_follow_cldr() -> None:
    amount = Decimal("-1234.50")
    assert money(amount, "CAD", "fr_CA") == "-1\u00a0234,50\u00a0$"
    assert money(amount, "CAD", "en_CA") == "-$1,234.50"
    assert money(amount, "EUR", "de_DE") == "-1.234,50\u00a0€"  # the old table wrote "1 234,50 €"
    assert money(amount, "AUD", "en_AU") == "-$1,234.50"
    assert percent(Decimal("0.2"), "fr_CA") == "20\u00a0%"
    assert day(date(2025, 1, 5), "en_AU") == "5 Jan 2025"
    assert day(date(2025, 1, 5), "fr_CA") == "5 janv. 2025"


def test_the_source_language_says_its_words_as_null_translations_would() -> None:
    import gettext

    from storepos.i18n.catalogues import SOURCE_LANGUAGE, SourceText, translations_for

    source, null = translations_for(SOURCE_LANGUAGE), gettext.NullTranslations()
    assert isinstance(source, SourceText)  # no catalogue looked for, read or merged
    for n in (0, 1, 2, -1):
        assert source.ngettext("{n} item", "{n} items", n) == null.ngettext("{n} item", "{n} items", n)
    assert source.gettext("Cancel") == "Cancel" and source.pgettext("verb", "Return") == "Return"
