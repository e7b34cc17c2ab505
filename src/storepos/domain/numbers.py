"""Human-facing numbers: "R-TOR1-000123-8" = kind letter, till prefix, sequence, check digit.

The till prefix keeps offline tills from ever making the same number. The check digit uses the
Damm algorithm (not Luhn: Luhn misses the transposition 09 <-> 90). It is computed over the whole
payload, so a typo in the prefix is caught too: each letter becomes two decimal digits (A=10 ...
Z=35), each digit stays itself, then the Damm check digit of that digit string is appended.
Guaranteed: every single-digit typo and every swap of two adjacent digits (the check digit
included) is detected. A wrong letter changes one or two digits of the expansion and is caught
with high probability (Damm catches roughly 90% of two-digit changes).

Numbers never look like a payment card: a card is a run of 13-19 digits, and here a digit run is
at most 3 prefix digits + 8 sequence digits + 1 check digit = 12 (see `check_till_prefix`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from storepos.domain.cards import refuse_card_number
from storepos.domain.errors import InvalidInput

SEQUENCE_WIDTH = 6  # zero-padded to 6; grows up to 8 digits
MAX_SEQUENCE = 99_999_999
MAX_PREFIX_TRAILING_DIGITS = 3

# The Damm algorithm's weakly totally anti-symmetric quasigroup of order 10 (Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_PREFIX = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_]+")  # spaces, hyphens and the dashes a phone types


class NumberKind(StrEnum):
    """What a number names; the value is what NumberSequence.kind stores."""

    RETURN = "return"
    WARRANTY_CLAIM = "warranty_claim"
    PICKUP = "pickup"
    GIFT_CARD = "gift_card"
    STORE_CREDIT = "store_credit"

    @property
    def letter(self) -> str:
        return _LETTERS[self]


_LETTERS = {
    NumberKind.RETURN: "R",
    NumberKind.WARRANTY_CLAIM: "W",
    NumberKind.PICKUP: "P",
    NumberKind.GIFT_CARD: "G",
    NumberKind.STORE_CREDIT: "C",
}
_KINDS = {letter: kind for kind, letter in _LETTERS.items()}


def damm_digit(digits: str) -> int:
    """The Damm check digit of a string of decimal digits (appending it makes the check 0)."""
    interim = 0
    for char in digits:
        interim = _DAMM[interim][int(char)]
    return interim


def _expand(payload: str) -> str:
    return "".join(c if c.isdigit() else str(ord(c) - ord("A") + 10) for c in payload)


def check_digit(kind: NumberKind, prefix: str, sequence: int) -> int:
    return damm_digit(_expand(f"{kind.letter}{prefix}{sequence:0{SEQUENCE_WIDTH}d}"))


def check_till_prefix(prefix: str) -> str:
    """A till prefix: 2-8 capitals and digits, starting with a letter, at most 3 digits at the end."""
    if not _PREFIX.fullmatch(prefix):
        raise InvalidInput(
            f"Till prefix {prefix!r}: use 2 to 8 capital letters and digits, starting with a letter."
        )
    if len(prefix) - len(prefix.rstrip("0123456789")) > MAX_PREFIX_TRAILING_DIGITS:
        raise InvalidInput(f"Till prefix {prefix!r}: end it with at most 3 digits.")
    return prefix


@dataclass(frozen=True)
class HumanNumber:
    kind: NumberKind
    prefix: str
    sequence: int

    def __str__(self) -> str:
        return format_number(self.kind, self.prefix, self.sequence)


def format_number(kind: NumberKind, prefix: str, sequence: int) -> str:
    check_till_prefix(prefix)
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidInput(f"Number {sequence} is outside 1 to {MAX_SEQUENCE}.")
    digit = check_digit(kind, prefix, sequence)
    return f"{kind.letter}-{prefix}-{sequence:0{SEQUENCE_WIDTH}d}-{digit}"


_UNREADABLE = "That number is not complete. It looks like R-TOR1-000123-8."
_MISTYPED = "That number has a typing mistake. Check each character and type it again."


def parse_number(text: str) -> HumanNumber:
    """Read a typed or scanned number; case, spaces and dashes are forgiven, typos are not.

    "r tor1 000123 8" and " R-TOR1-000123-8 " read the same. All four parts are required: were
    "R-TOR1-0001238" accepted, a number typed without its check digit would pass one time in ten.
    A payment card number is refused in words, never read as a typo.
    """
    refuse_card_number("the number", text)
    parts = [p for p in _SEPARATORS.split(text.strip().upper()) if p]
    if len(parts) != 4:
        raise InvalidInput(_UNREADABLE)
    letter, prefix, digits, check = parts
    kind = _KINDS.get(letter)
    if (
        kind is None
        or not _prefix_ok(prefix)
        or not (digits.isascii() and digits.isdigit())
        or not (check.isascii() and check.isdigit() and len(check) == 1)
    ):
        raise InvalidInput(_UNREADABLE)
    sequence = int(digits)
    # Only the printed, zero-padded form: were "0000123" read as 123, a 0 typed over the first
    # digit of a long sequence would shorten it and could slip past the check digit.
    if f"{sequence:0{SEQUENCE_WIDTH}d}" != digits or not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidInput(_MISTYPED)
    if check_digit(kind, prefix, sequence) != int(check):
        raise InvalidInput(_MISTYPED)
    return HumanNumber(kind, prefix, sequence)


def _prefix_ok(prefix: str) -> bool:
    try:
        check_till_prefix(prefix)
    except InvalidInput:
        return False
    return True
