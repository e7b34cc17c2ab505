"""Typed amounts the reader's way: "12,50" in French (the decimal mark of `reader_locale`); a dot
stays a decimal point where the mark is a comma, so nothing a person types is misread."""

from __future__ import annotations

from storepos.i18n.formats import decimal_separator
from storepos.services.base.reader import reader_locale

__all__ = ["entry_locale", "typed_example"]


def entry_locale(store_locale: str) -> str:
    """The locale that reads what the cashier types at a till of a `store_locale` store."""
    return reader_locale(store_locale)


def typed_example(amount: str) -> str:
    """"25.00" as the reader types it: "25,00" where the decimal mark is a comma."""
    return amount.replace(".", decimal_separator())
