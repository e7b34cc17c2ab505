"""Money and dates in each store's locale, from CLDR (storepos.i18n.formats replaced the
hand-written domain/locale_format table)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from storepos.i18n.formats import day, decimal_separator, money


@pytest.mark.parametrize(("locale", "currency", "value", "text"), [
    ("en_US", "USD", "1234.5", "$1,234.50"),
    ("en_CA", "CAD", "1234.5", "$1,234.50"),
    ("fr_CA", "CAD", "1234.5", "1\u00a0234,50\u00a0$"),
    ("en_AU", "AUD", "-12.5", "-$12.50"),
    ("fr_CA", "CAD", "-0.05", "-0,05\u00a0$"),
    ("en_US", "CHF", "1000000", "CHF1,000,000.00"),
    ("de_DE", "EUR", "1234.5", "1.234,50\u00a0€"),  # the old table wrote "1 234,50 €"
])
def test_money(locale: str, currency: str, value: str, text: str) -> None:
    assert money(Decimal(value), currency, locale) == text


@pytest.mark.parametrize(("locale", "text"), [
    ("en_US", "Jan 5, 2025"), ("en_CA", "Jan 5, 2025"), ("en_AU", "5 Jan 2025"),
    ("fr_CA", "5 janv. 2025"),
])
def test_dates(locale: str, text: str) -> None:
    assert day(date(2025, 1, 5), locale) == text


@pytest.mark.parametrize(("locale", "mark"), [("en_CA", "."), ("fr_CA", ","), ("de_DE", ","),
                                              ("en_AU", ".")])
def test_the_decimal_mark_a_store_types(locale: str, mark: str) -> None:
    assert decimal_separator(locale) == mark
