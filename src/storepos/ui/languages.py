"""The languages an employee may choose at sign-in, and the locale each one means at this store.

The store's locale decides the language until an employee chooses (a Québec store opens in
French); the choice is a language ("fr", "en"), and the store's country keeps its formats (a
Québec store's English-speaking cashier reads "$1,234.50", en_CA, not en_US).
"""

from __future__ import annotations

from storepos.i18n import language_of

# Each language named in itself: whoever reads the sign-in page finds their own.
LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("fr", "Français"))
_DEFAULT_LOCALE = {"en": "en_CA", "fr": "fr_CA"}


def locale_for(language: str | None, store_locale: str) -> str:
    """The locale to speak: the store's when no language is chosen or it is the store's own."""
    store_locale = store_locale.replace("-", "_")
    if language is None or language == language_of(store_locale):
        return store_locale
    country = store_locale.partition("_")[2]
    wanted = f"{language}_{country}" if country else language
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(wanted)
    except (UnknownLocaleError, ValueError):
        return _DEFAULT_LOCALE.get(language, language)
    return wanted
