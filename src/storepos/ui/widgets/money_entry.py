"""Typed amounts the reader's way first, then the store's: a French cashier's "12,50" is twelve
fifty at a Toronto till, an English cashier's "1,234.50" is an amount at a Montréal till, and
"1 234,50 $" copied from a Québec receipt reads there too. A dot stays a decimal point where the
mark is a comma, so nothing a person types is misread; the reader's refusal is the one said."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from storepos.domain.amounts import AmountCode
from storepos.i18n import current_locale
from storepos.i18n.formats import decimal_separator

__all__ = ["read_typed", "typed_example"]

Read = Callable[[str, str], Decimal]  # (text, locale) -> the amount, or AmountError
# Refusals that hold whichever way the decimals are written: never retried the store's way
# ("12,345" from a French reader is a typo, not twelve thousand).
_FINAL = frozenset({AmountCode.TOO_MANY_DECIMALS, AmountCode.NEGATIVE, AmountCode.TOO_LARGE,
                    AmountCode.EMPTY})


def read_typed(text: str, store_locale: str, read: Read) -> Decimal:
    """`read(text, locale)` in the reader's locale; if that refuses and the store writes its
    decimals another way, in the store's (the reader's refusal is raised when both refuse)."""
    reader = current_locale()
    try:
        return read(text, reader)
    except ValueError as refused:
        if (decimal_separator(store_locale) == decimal_separator(reader)
                or getattr(refused, "code", "") in _FINAL):
            raise
        try:
            return read(text, store_locale)
        except ValueError:
            pass
        raise


def typed_example(amount: str) -> str:
    """"25.00" as the reader types it: "25,00" where the decimal mark is a comma."""
    return amount.replace(".", decimal_separator())
