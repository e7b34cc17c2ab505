"""Money, numbers, percentages and dates as the locale writes them, from CLDR (Babel).

"$1,234.50" in Toronto, "1 234,50 $" in Montréal, "5 Jan 2025" in Sydney, "1.234,50 €" in Berlin:
right for any locale Babel knows. ``locale=None`` means the current one (:func:`current_locale`).
Babel is imported on first use: the counter's start-up does not pay for it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from storepos.i18n import current_locale

CENT = Decimal("0.01")


def _babel_locale(locale: str | None) -> str:
    return (locale or current_locale()).replace("-", "_")


def money(value: Decimal, currency: str, locale: str | None = None) -> str:
    """Always two decimals for cent currencies, the sign where the locale puts it."""
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=_babel_locale(locale))


def number(value: Decimal | int, locale: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_babel_locale(locale))


def percent(value: Decimal, locale: str | None = None) -> str:
    """``value`` is a fraction: Decimal("0.2") is "20 %" in French, "20%" in English."""
    from babel.numbers import format_percent

    return format_percent(value, locale=_babel_locale(locale))


def day(value: date, locale: str | None = None, style: str = "medium") -> str:
    """Medium: "Jan 5, 2025" (US, Canada), "5 Jan 2025" (Australia), "5 janv. 2025" (French)."""
    from babel.dates import format_date

    return format_date(value, style, locale=_babel_locale(locale))


def moment(value: datetime, locale: str | None = None, style: str = "short") -> str:
    """A date and time already in the store's zone (convert before: no zone guessing here)."""
    from babel.dates import format_datetime

    return format_datetime(value, style, locale=_babel_locale(locale))


def clock(value: time | datetime, locale: str | None = None, style: str = "short") -> str:
    """"3:05 PM" (English), "15 h 05" (Québec)."""
    from babel.dates import format_time

    return format_time(value, style, locale=_babel_locale(locale))


def month_day(value: date, locale: str | None = None, *, year: bool = False) -> str:
    """"Nov 3" / "3 nov." (CLDR's month-and-day skeleton); "Nov 3, 2024" with `year`."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMd" if year else "MMMd", value, locale=_babel_locale(locale))


def day_and_clock(value: datetime, locale: str | None = None) -> str:
    """"Dec 6, 2026, 3:05 p.m.", "6 déc. 2026, 15 h 05": a medium date and a short time, joined
    as the locale joins them (a date written by day(), a time by clock(), together)."""
    from babel.dates import format_date, format_time, get_datetime_format

    where = _babel_locale(locale)
    pattern = str(get_datetime_format("medium", locale=where)).replace("'", "")
    return pattern.replace("{1}", format_date(value, "medium", locale=where)).replace(
        "{0}", format_time(value, "short", locale=where))


def one_full_stop(sentence: str) -> str:
    """"Found at 5:00 p.m.." -> "... p.m.": a time or abbreviation that ends a sentence with its
    own point takes no second one."""
    return sentence[:-1] if sentence.endswith("..") else sentence


def decimal_separator(locale: str | None = None) -> str:
    """"," or ".": what a typed amount uses in this locale."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(_babel_locale(locale))
