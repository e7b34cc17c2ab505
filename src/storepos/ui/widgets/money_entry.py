"""Which locale reads a typed amount: the reader's when it writes a decimal comma, so a French
cashier's "12,50" is twelve fifty even at a till whose store writes "12.50"; else the store's.
A dot stays a decimal point where the mark is a comma, so nothing a person types is misread."""

from __future__ import annotations

from storepos.i18n import current_locale
from storepos.i18n.formats import decimal_separator


def entry_locale(store_locale: str) -> str:
    reader = current_locale()
    return reader if decimal_separator(reader) == "," else store_locale


def typed_example(amount: str) -> str:
    """"25.00" as the reader types it: "25,00" where the decimal mark is a comma."""
    return amount.replace(".", decimal_separator())
