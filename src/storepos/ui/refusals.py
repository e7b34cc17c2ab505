"""A refusal as the screen shows it, in the employee's language.

The domain words a few refusals itself, in fixed English (it may not import the language layer):
a mistyped number, a full card number typed. Their text is their code: the screens show every
refusal through `worded`, which finds those texts in the catalogue (marked below) and leaves
the ones the services already worded in the language of the moment as they are.
"""

from __future__ import annotations

from storepos.i18n import N_, _

# Each equal to the domain's constant (tests/ui/test_screens_in_french.py checks they stay so).
DOMAIN_REFUSALS = (
    N_("That number is not complete. It looks like R-TOR1-000123-8."),  # numbers._UNREADABLE
    N_("That number has a typing mistake. Check each character and type it again."),  # _MISTYPED
    N_("That looks like a full card number; never type card numbers here. Use the last 4 "
       "digits."),  # cards.CARD_NUMBER_WORDS
)


def worded(exc: Exception) -> str:
    """The refusal's sentence in the language of the moment (never a blank line)."""
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return _(message)
