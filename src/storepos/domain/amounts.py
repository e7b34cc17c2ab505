"""A sum of money typed by a person, read exactly or refused in words: never cleaned up.

"12.50", "12", "$12.50", "1,234.50" and "12.5" are amounts; "1e3", "12,34,5", "NaN", "Infinity",
"-5", "12.345", full-width digits and anything over MAX_TYPED_AMOUNT are not. A store whose locale
writes a decimal comma (fr_CA) also reads "1 234,50 $" and "25,00"; a dot typed there stays a
decimal point. Code that already holds a Decimal uses `money.parse_money`; this is for what
people type (the screens, and every service that takes an amount as text).
"""

from __future__ import annotations

import re
from decimal import Decimal

from storepos.domain.errors import InvalidInput
from storepos.domain.locale_format import uses_decimal_comma
from storepos.domain.money import CENT

MAX_TYPED_AMOUNT = Decimal("999999.99")  # no one movement at a store counter is larger
MAX_TYPED_LENGTH = 40
_SYMBOLS = "$€£¥"
_SPACES = " \t\u00a0\u202f"
_DIGITS = re.compile(r"[0-9]*", re.ASCII)
_MINUS = "-\u2212\u2012\u2013"

NOT_AN_AMOUNT = "That is not an amount: type it with digits, like 25.00."
TYPE_AN_AMOUNT = "Type the amount first."
NEGATIVE = "Type the amount without a minus sign."
TOO_MANY_DECIMALS = "An amount has at most two decimals, like 25.50."
TOO_LARGE = f"That amount is too large: one entry is at most {MAX_TYPED_AMOUNT:,}."


class AmountError(InvalidInput):
    """What was typed in an amount field is not an amount; the message says why."""


def _grouping_words(locale: str) -> str:
    if uses_decimal_comma(locale):
        return "Put spaces only between groups of three digits, like 1 234,50."
    return "Put commas only between groups of three digits, like 1,234.50."


def _without_symbol(text: str) -> str:
    if text[0] in _SYMBOLS:
        return text[1:].lstrip(_SPACES)
    if text[-1] in _SYMBOLS:
        return text[:-1].rstrip(_SPACES)
    return text


def _whole(text: str, group_marks: str, locale: str) -> str:
    """The digits before the decimal mark, groups of three checked and joined."""
    parts = re.split(f"[{re.escape(group_marks)}]", text) if group_marks else [text]
    if not all(_DIGITS.fullmatch(p) for p in parts):
        raise AmountError(NOT_AN_AMOUNT)
    if len(parts) > 1 and not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
        raise AmountError(_grouping_words(locale))
    return "".join(parts)


def parse_typed_amount(text: object, locale: str = "en_CA") -> Decimal:
    """The amount `text` names, to the cent; AmountError in plain words when it names none."""
    if not isinstance(text, str):
        raise AmountError(NOT_AN_AMOUNT)
    typed = text.strip(_SPACES)
    if not typed:
        raise AmountError(TYPE_AN_AMOUNT)
    if len(typed) > MAX_TYPED_LENGTH:
        raise AmountError(NOT_AN_AMOUNT)
    typed = _without_symbol(typed)
    if typed and (typed[0] in _MINUS or typed[-1] in _MINUS):
        raise AmountError(NEGATIVE)
    if uses_decimal_comma(locale):
        mark = "," if "," in typed else "."
        group_marks = " \u00a0\u202f" + ("." if mark == "," else "")
    else:
        mark, group_marks = ".", ","
    whole_text, _, fraction = typed.partition(mark)
    whole = _whole(whole_text, group_marks, locale)
    if not _DIGITS.fullmatch(fraction) or not (whole or fraction):
        raise AmountError(NOT_AN_AMOUNT)
    if len(fraction) > 2:
        raise AmountError(TOO_MANY_DECIMALS)
    value = Decimal(f"{whole or '0'}.{fraction or '0'}")
    if value > MAX_TYPED_AMOUNT:
        raise AmountError(TOO_LARGE)
    return value.quantize(CENT)
