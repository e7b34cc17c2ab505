"""The amounts domain/ledger.check_amount refuses (a code, the field's English name as `what`,
`most`) in the reader's language, each field's sentence whole so the words agree with it."""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.errors import StoreposError
from storepos.domain.ledger import NOT_MONEY, NOT_POSITIVE, TOO_LARGE, LedgerError, check_amount
from storepos.i18n import N_, _
from storepos.i18n.formats import number

AMOUNT_WORDS = {
    (NOT_MONEY, "The amount"): N_("The amount must be a sum of money like 25.00."),
    (NOT_POSITIVE, "The amount"): N_("The amount must be more than zero."),
    (TOO_LARGE, "The amount"): N_("The amount is too large: one movement is at most {most}."),
    (NOT_MONEY, "A gift card's value"): N_("A gift card's value must be a sum of money like 25.00."),
    (NOT_POSITIVE, "A gift card's value"): N_("A gift card's value must be more than zero."),
    (TOO_LARGE, "A gift card's value"): N_(
        "A gift card's value is too large: one movement is at most {most}."),
    (NOT_MONEY, "A payment"): N_("A payment must be a sum of money like 25.00."),
    (NOT_POSITIVE, "A payment"): N_("A payment must be more than zero."),
    (TOO_LARGE, "A payment"): N_("A payment is too large: one movement is at most {most}."),
    (NOT_MONEY, "The store credit"): N_("The store credit must be a sum of money like 25.00."),
    (NOT_POSITIVE, "The store credit"): N_("The store credit must be more than zero."),
    (TOO_LARGE, "The store credit"): N_(
        "The store credit is too large: one movement is at most {most}."),
}


def amount_words(exc: StoreposError) -> str:
    """The refusal in the current language (its English message for a code or field not here)."""
    words = AMOUNT_WORDS.get((exc.code, str(exc.params.get("what", ""))))
    if words is None:
        return exc.message
    most = exc.params.get("most")
    return _(words).format(most=number(most) if isinstance(most, Decimal) else "")


def checked_amount(amount: object, *, what: str = "The amount") -> Decimal:
    """ledger.check_amount, its refusal said in the reader's language (code and params kept)."""
    try:
        return check_amount(amount, what=what)
    except LedgerError as exc:
        raise LedgerError(amount_words(exc), code=exc.code, params=exc.params) from None
