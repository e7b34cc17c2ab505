"""A sum of money typed by a person, read exactly or refused in words: never cleaned up.

"12.50", "12", "$12.50", "1,234.50" and "12.5" are amounts; "1e3", "12,34,5", "NaN", "Infinity",
"-5", "12.345", full-width digits and anything over MAX_TYPED_AMOUNT are not. A store whose locale
writes a decimal comma (fr_CA, de_DE: the caller passes ``decimal_mark=","``, from
``i18n.formats.decimal_separator``) also reads "1 234,50 $", "1.234,50" and "25,00"; a dot typed
there stays a decimal point. Code that already holds a Decimal uses `money.parse_money`; this is for
what people type (the screens, and every service that takes an amount as text).

A refusal carries a `code` and its `params` (the layer above words it in the reader's language);
its `message` is the English sentence, for logs and for callers that have no language.
"""

from __future__ import annotations

import re
from decimal import Decimal

from storepos.domain.errors import InvalidInput
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
GROUPS_COMMA = "Put commas only between groups of three digits, like 1,234.50."
GROUPS_SPACE = "Put spaces only between groups of three digits, like 1 234,50."


class AmountCode:
    """Why a typed amount is refused: the codes the layers above word."""

    NOT_AN_AMOUNT = "not_an_amount"
    EMPTY = "empty"
    NEGATIVE = "negative"
    TOO_MANY_DECIMALS = "too_many_decimals"
    TOO_LARGE = "too_large"  # params: most (Decimal)
    GROUPS = "groups"  # params: decimal_mark ("." or ",")


_ENGLISH = {
    AmountCode.NOT_AN_AMOUNT: NOT_AN_AMOUNT, AmountCode.EMPTY: TYPE_AN_AMOUNT,
    AmountCode.NEGATIVE: NEGATIVE, AmountCode.TOO_MANY_DECIMALS: TOO_MANY_DECIMALS,
    AmountCode.TOO_LARGE: TOO_LARGE,
}


class AmountError(InvalidInput):
    """What was typed in an amount field is not an amount: `code` says why (AmountCode), with
    `params`; `message` is the English sentence."""

    def __init__(self, code: str, **params: object) -> None:
        if code == AmountCode.GROUPS:
            english = GROUPS_SPACE if params.get("decimal_mark") == "," else GROUPS_COMMA
        else:
            english = _ENGLISH[code]
        super().__init__(english)
        self.code = code
        self.params = params


def _without_symbol(text: str) -> str:
    if text[0] in _SYMBOLS:
        return text[1:].lstrip(_SPACES)
    if text[-1] in _SYMBOLS:
        return text[:-1].rstrip(_SPACES)
    return text


def _whole(text: str, group_marks: str, decimal_mark: str) -> str:
    """The digits before the decimal mark, groups of three checked and joined."""
    parts = re.split(f"[{re.escape(group_marks)}]", text) if group_marks else [text]
    if not all(_DIGITS.fullmatch(p) for p in parts):
        raise AmountError(AmountCode.NOT_AN_AMOUNT)
    if len(parts) > 1 and not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
        raise AmountError(AmountCode.GROUPS, decimal_mark=decimal_mark)
    return "".join(parts)


def parse_typed_amount(text: object, decimal_mark: str = ".") -> Decimal:
    """The amount `text` names, to the cent; AmountError (a code) when it names none.

    `decimal_mark` is the store locale's ("," in fr_CA): what a person there types."""
    if decimal_mark not in (".", ","):  # a locale name passed here would read "25,00" as 2500
        raise ValueError(f"decimal_mark is '.' or ',', not {decimal_mark!r}")
    if not isinstance(text, str):
        raise AmountError(AmountCode.NOT_AN_AMOUNT)
    typed = text.strip(_SPACES)
    if not typed:
        raise AmountError(AmountCode.EMPTY)
    if len(typed) > MAX_TYPED_LENGTH:
        raise AmountError(AmountCode.NOT_AN_AMOUNT)
    typed = _without_symbol(typed)
    if typed and (typed[0] in _MINUS or typed[-1] in _MINUS):
        raise AmountError(AmountCode.NEGATIVE)
    if decimal_mark == ",":
        mark = "," if "," in typed else "."
        group_marks = " \u00a0\u202f" + ("." if mark == "," else "")
    else:
        mark, group_marks = ".", ","
    whole_text, _, fraction = typed.partition(mark)
    whole = _whole(whole_text, group_marks, decimal_mark)
    if not _DIGITS.fullmatch(fraction) or not (whole or fraction):
        raise AmountError(AmountCode.NOT_AN_AMOUNT)
    if len(fraction) > 2:
        raise AmountError(AmountCode.TOO_MANY_DECIMALS)
    value = Decimal(f"{whole or '0'}.{fraction or '0'}")
    if value > MAX_TYPED_AMOUNT:
        raise AmountError(AmountCode.TOO_LARGE, most=MAX_TYPED_AMOUNT)
    return value.quantize(CENT)
