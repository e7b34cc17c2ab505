"""Which locale a screen formats money, dates and typed amounts in.

The store's, when the reader speaks the store's language (an Australian store keeps "5 Jan 2025");
the reader's, when they chose another language at sign-in: a French-speaking cashier in Toronto
reads "5 déc. 2026" and "159,94 $", and types "12,50". The currency is always the store's.
"""

from __future__ import annotations

from storepos.i18n import current_locale, language_of


def reader_locale(store_locale: str) -> str:
    reader = current_locale()
    return store_locale if language_of(reader) == language_of(store_locale) else reader
