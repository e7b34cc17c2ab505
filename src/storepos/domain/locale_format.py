"""Money and dates the way each store's locale writes them (en_US, en_CA, fr_CA, en_AU, ...).

Standard library only, so the screens and the receipts format alike: "$1,234.50" in Toronto,
"1 234,50 $" in Montréal, "5 Jan 2025" in Sydney.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from storepos.domain.money import CENT

_SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
# Languages that write 1 234,50 with the symbol after the amount.
_COMMA_LANGUAGES = {"fr", "de", "es", "it", "nl", "pt", "sv", "da", "fi", "nb", "pl", "cs"}
_NBSP = "\u00a0"

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
}


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


def uses_decimal_comma(locale: str) -> bool:
    """Whether the locale writes 1 234,50 (French, German ...) rather than 1,234.50."""
    return _language(locale) in _COMMA_LANGUAGES


def _group(digits: str, separator: str) -> str:
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return separator.join(parts)


def format_money(value: Decimal, locale: str, currency: str) -> str:
    value = value.quantize(CENT)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    symbol = _SYMBOLS.get(currency)
    if _language(locale) in _COMMA_LANGUAGES:
        return f"{sign}{_group(whole, _NBSP)},{cents}{_NBSP}{symbol or currency}"
    if symbol:
        return f"{sign}{symbol}{_group(whole, ',')}.{cents}"
    return f"{sign}{currency} {_group(whole, ',')}.{cents}"


def format_date(day: date, locale: str) -> str:
    """Medium form: "Jan 5, 2025" (US, Canada), "5 Jan 2025" (Australia), "5 janv. 2025" (French)."""
    language = _language(locale)
    month = _MONTHS.get(language, _MONTHS["en"])[day.month - 1]
    if language == "en" and locale.replace("-", "_").upper().endswith(("_US", "_CA")):
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"
