"""Payment cards: only brand, last four and the authorisation reference are ever kept.

A full card number (PAN) is refused wherever people type text, and never leaves the till in an
event (PCI DSS 3.3.1 / 3.4.1). `card_number_spans` is the one detector; everything else here is
built on it. What it reads as a card number:

- 13 to 19 decimal digits passing the Luhn check, the first one not 0 (ISO/IEC 7812: no card
  starts with 0, while zero-padded store numbers often do);
- digits of any script count (full-width "４１１１", Arabic-Indic ...), as `unicodedata.decimal`
  reads them; invisible format characters (zero-width space, soft hyphen) are skipped;
- the digits may be written in groups with a short run of anything that is not a letter or a
  digit between them (spaces, double spaces, NBSP, dots, slashes, underscores, dashes, new lines),
  the same kind all along one number ("4111 - 1111-1111" is dashes, spaces aside), and any
  consecutive groups count: "order 12, 4111.1111.1111.1111" is caught;
- a letter ends a run of groups, so "G-TOR1-000123-8" is the runs 1 / 000123 / 8 (12 digits at
  most, see domain.numbers), and a run of more than 19 digits with no separator (an id) is no card.

Left out on purpose: a year-first timestamp ("2024-05-01 10:30:15", "IMG_20240501_103015"), which
no card number looks like (cards never start with 19 or 20 followed by a valid date and time).
Nor are two numbers written differently ("416-555-0140 / 905-555-0199"). Two numbers written the
same way with nothing else between ("416 555 0140 905 555 0199") can still look like a card now
and then; staff then write "and" between them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from storepos.domain.errors import InvalidInput

MIN_DIGITS, MAX_DIGITS = 13, 19
MAX_SEPARATOR = 6  # characters between two digit groups of one number ("4111  --  1111" is 6)
CARD_NUMBER_WORDS = ("That looks like a full card number; never type card numbers here. "
                     "Use the last 4 digits.")
MASK = "\u2022"
_SMALLEST_CARD = 10 ** (MIN_DIGITS - 1)

# Cheap first looks, in C: 13 digits at all, then 13 with nothing but non-letters between them
# (a superset of what `_chains` reads, whose short separators may hide any invisible ones).
_CANDIDATE = re.compile(r"\d(?:[\W_]*\d){12}")
# Values an event carries that are not typed text: a UUID, an ISO date or time (`isoformat()`).
_MACHINE_VALUE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)

# The same first look over a JSON value's UTF-8 text, done with bytes.translate (C) so a whole
# payload costs about a microsecond: digits become "d", ASCII letters "a", and what may only
# separate is dropped; a _CANDIDATE in any string or number then shows as 13 "d" in a row (see
# json_may_carry_card_number). UTF-8 lead bytes of non-ASCII decimal digits (full-width,
# Arabic-Indic ...) count as a digit, whatever character they start (tests/unit check the list
# against the running Python's Unicode data); every other non-ASCII byte is dropped.
DIGIT_LEAD_BYTES = b"\xd9\xdb\xdf\xe0\xe1\xea\xef\xf0\xf1\xf2\xf3\xf4"
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_JSON_SHAPE = bytes.maketrans(b"0123456789" + _ASCII_LETTERS + DIGIT_LEAD_BYTES,
                              b"d" * 10 + b"a" * len(_ASCII_LETTERS) + b"d" * len(DIGIT_LEAD_BYTES))
_JSON_DROPPED = bytes(b for b in range(256)
                      if not (chr(b).isascii() and chr(b).isalnum()) and b not in DIGIT_LEAD_BYTES)
_JSON_RUN = b"d" * MIN_DIGITS


class FullCardNumberError(InvalidInput):
    """Raised when text holds what looks like a full payment card number; `field` says where."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class _Group:
    start: int  # index of its first digit in the text
    end: int  # index after its last digit
    digits: str  # as ASCII digits
    joint: str  # the kind of separator before it: its visible marks ("." "-" "/"), "" for spaces


def _joint(run: list[str]) -> str:
    return "".join(sorted({c for c in run if not c.isspace()}))


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _chains(text: str) -> Iterator[list[_Group]]:
    """Runs of digit groups joined by short separators; a letter or a long separator ends one."""
    chain: list[_Group] = []
    digits: list[str] = []
    run: list[str] = []  # the separator since the last digit
    start = 0
    for index, char in enumerate(text):
        if char.isdecimal():
            if not digits:
                start, joint, run = index, _joint(run), []
            digits.append(str(unicodedata.decimal(char)))
            continue
        if unicodedata.category(char) == "Cf":
            continue  # invisible: neither a digit nor a separator
        if digits:
            chain.append(_Group(start, index, "".join(digits), joint))
            digits = []
        run.append(char)
        if char.isalnum() or len(run) > MAX_SEPARATOR:
            if chain:
                yield chain
            chain, run = [], []
    if digits:
        chain.append(_Group(start, len(text), "".join(digits), joint))
    if chain:
        yield chain


def _timestamp(digits: str) -> bool:
    """YYYYMMDDHHMMSS... with a year 1900-2099 and a valid date and time."""
    if len(digits) < 14 or digits[:2] not in ("19", "20"):
        return False
    month, day, hour, minute, second = (int(digits[i:i + 2]) for i in range(4, 14, 2))
    return 1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 60


def _is_card(digits: str) -> bool:
    return digits[0] != "0" and luhn_ok(digits) and not _timestamp(digits)


def card_number_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds a full card number: (start, end) of each, overlapping ones apart."""
    if (len(text) < MIN_DIGITS or sum(map(str.isdecimal, text)) < MIN_DIGITS
            or not _CANDIDATE.search(text)):
        return []
    spans = []
    for chain in _chains(text):
        for first in range(len(chain)):
            digits = chain[first].digits
            for last in range(first, len(chain)):
                if last > first:
                    if chain[last].joint != chain[first + 1].joint:
                        break  # one number is written one way: "416-555-0140 / 905-..." is two
                    digits += chain[last].digits
                if len(digits) > MAX_DIGITS:
                    break
                if len(digits) >= MIN_DIGITS and _is_card(digits):
                    spans.append((chain[first].start, chain[last].end))
    return spans


def contains_card_number(text: str) -> bool:
    return bool(card_number_spans(text))


def refuse_card_number(field: str, text: str | None) -> str | None:
    """`text` unchanged, or FullCardNumberError in plain words (`field` is kept for the log)."""
    if text is not None and contains_card_number(text):
        raise FullCardNumberError(CARD_NUMBER_WORDS, field=field)
    return text


def mask_card_numbers(text: str) -> str:
    """`text` with every digit of a card number but the last four shown as •."""
    spans = card_number_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        places = [i for i in range(start, end) if chars[i].isdecimal()]
        for i in places[:-4]:
            chars[i] = MASK
    return "".join(chars)


def _typed_text(text: str) -> bool:
    """Not a value the till formats itself (a UUID, an ISO date or time): those are no card.
    The dashes are looked at first: the regular expression only confirms a likely one."""
    machine_like = ((len(text) == 36 and text[8] == text[13] == text[23] == "-")
                    or (len(text) >= 10 and text[4] == text[7] == "-"))
    return not (machine_like and _MACHINE_VALUE.fullmatch(text))


def carries_card_number(value: Any) -> bool:
    """Whether a JSON value (an event's payload) holds a card number in any key or value; ids and
    timestamps the till wrote (a UUID, an ISO date) are not typed text and are passed over.
    Every synced event is walked twice (the till's outbox writer, the central push), so the walk
    is a loop, not recursion: plain dicts, lists and strings (all a decoded payload holds) are
    looked at in place, short strings with one length test, and only containers go on the stack;
    anything else (a str subclass such as an enum, a number) takes the general path."""
    stack = [value]
    push, pop = stack.append, stack.pop
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            for key, inner in item.items():
                if type(key) is str:
                    if len(key) >= MIN_DIGITS and _typed_card_number(key):
                        return True
                else:
                    push(key)
                if type(inner) is str:
                    if len(inner) >= MIN_DIGITS and _typed_card_number(inner):
                        return True
                elif inner is not None and inner is not True and inner is not False:
                    push(inner)
        elif kind is list or kind is tuple:
            for inner in item:
                if type(inner) is str:
                    if len(inner) >= MIN_DIGITS and _typed_card_number(inner):
                        return True
                elif inner is not None and inner is not True and inner is not False:
                    push(inner)
        elif isinstance(item, str):
            if len(item) >= MIN_DIGITS and _typed_card_number(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif (isinstance(item, (int, float)) and not isinstance(item, bool)
              and abs(item) >= _SMALLEST_CARD and contains_card_number(str(item))):
            return True
    return False


def json_may_carry_card_number(text: bytes) -> bool:
    """False only when the JSON value this is the UTF-8 text of (as orjson writes it: no escape
    but for quotes, backslashes and control characters) holds no card number `carries_card_number`
    would find. Every string, key and number the walk looks at is in the text as it is; a card
    number there is a `_CANDIDATE` (13 digits with nothing but non-letters between them), which
    shows here as 13 "d" in a row: its digits are kept and its separators dropped, and what joins
    or counts more than the walk would (other strings, a UUID's digits, the digits' lead bytes)
    only adds. An escape (a backslash) could stand for a separator as a letter: walk instead.
    True: walk the value to know."""
    return b"\\" in text or _JSON_RUN in text.translate(_JSON_SHAPE, _JSON_DROPPED)


def _typed_card_number(text: str) -> bool:
    return _typed_text(text) and bool(card_number_spans(text))


def mask_payload(value: Any) -> Any:
    """A copy of a JSON value with `mask_card_numbers` applied to every key and scalar."""
    if isinstance(value, Mapping):
        return {mask_payload(k): mask_payload(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_payload(item) for item in value]
    if isinstance(value, str):
        return mask_card_numbers(value) if _typed_text(value) else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        masked = mask_card_numbers(str(value))
        return value if masked == str(value) else masked
    return value


def check_last_four(text: str) -> str:
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise FullCardNumberError("card last four must be exactly four digits")
    return text


def mask_card(brand: str, last_four: str) -> str:
    """How a card is shown to staff and on receipts: "VISA ••••1234"."""
    return f"{brand} \u2022\u2022\u2022\u2022{last_four}"
