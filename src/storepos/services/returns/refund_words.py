"""The domain's refund refusals (domain/refunds.py: a code and its amounts) in the reader's
language."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import ParamSpec, TypeVar

from storepos.domain.money import format_money
from storepos.domain.refunds import RefundError
from storepos.i18n import N_, _
from storepos.i18n.formats import decimal_separator

P = ParamSpec("P")
T = TypeVar("T")

REFUND_WORDS = {
    "negative": N_("A refund can't be negative."),
    "no_payment": N_("This order has no payment on record to refund to."),
    "too_much": N_("Only {left} is left to refund on this order's payments, not {total}."),
    "no_unit": N_("An exchange needs at least one unit."),
}


def _amount(value: object) -> str:
    return format_money(Decimal(str(value))).replace(".", decimal_separator())


def refund_words(exc: RefundError) -> str:
    """The refusal in the current language (its English message when the code is unknown)."""
    if exc.code not in REFUND_WORDS:
        return exc.message
    return _(REFUND_WORDS[exc.code]).format(
        **{name: _amount(value) for name, value in exc.params.items()})


def worded(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`call`, its RefundError said in the reader's language (code and amounts kept)."""
    try:
        return call(*args, **kwargs)
    except RefundError as exc:
        raise RefundError(refund_words(exc), code=exc.code, params=exc.params) from None
