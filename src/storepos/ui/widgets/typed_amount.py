"""Money typed by staff, read the store's way ("25,00 $" in Montréal) and refused in the reader's
language. Plain Python (no Qt): presenters use it."""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.amounts import AmountCode, AmountError, parse_typed_amount
from storepos.i18n import _
from storepos.i18n.formats import decimal_separator, number


def read_amount(text: object, locale: str) -> Decimal:
    """What staff typed in a store of `locale` ("25,00 $" in Montréal); AmountError if not an
    amount (word it with `amount_refusal`)."""
    return parse_typed_amount(text, decimal_separator(locale))


def amount_refusal(refused: AmountError) -> str:
    """Why a typed amount is refused, in the current language."""
    code = refused.code
    if code == AmountCode.EMPTY:
        return _("Type the amount first.")
    if code == AmountCode.NEGATIVE:
        return _("Type the amount without a minus sign.")
    if code == AmountCode.TOO_MANY_DECIMALS:
        return _("An amount has at most two decimals, like 25.50.")
    if code == AmountCode.TOO_LARGE:
        most = refused.params.get("most")
        return _("That amount is too large: one entry is at most {most}.").format(
            most=number(most) if isinstance(most, Decimal) else "")
    if code == AmountCode.GROUPS:
        if refused.params.get("decimal_mark") == ",":
            return _("Put spaces only between groups of three digits, like 1 234,50.")
        return _("Put commas only between groups of three digits, like 1,234.50.")
    return _("That is not an amount: type it with digits, like 25.00.")
