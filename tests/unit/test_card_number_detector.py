"""The one card-number detector (domain.cards), with generated numbers: any Luhn-valid 13-19 digit
number, written with any separators or none, in any script's digits, is found; short, long and
non-Luhn numbers and the store's own identifiers are not."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from storepos.domain.cards import (
    CARD_NUMBER_WORDS,
    FullCardNumberError,
    card_number_spans,
    carries_card_number,
    contains_card_number,
    luhn_ok,
    mask_card_numbers,
    mask_payload,
    refuse_card_number,
)
from storepos.domain.numbers import NumberKind, format_number

# Zero of each script's digits: ASCII, full-width, Arabic-Indic, Devanagari, Bengali, Thai.
ZEROS = (0x30, 0xFF10, 0x0660, 0x0966, 0x09E6, 0x0E50)
MARKS = [*"._/-,:;+*#~|\\'\"\u2013\u2014\u2022", "--", "//", ".."]
SPACES = " \u00a0\u3000\u2009\t\n"
INVISIBLE = "\u200b\u00ad\u2060\ufeff"  # zero-width space, soft hyphen, word joiner, BOM
AROUND = st.text(alphabet="abcxyzé XYZ!?", max_size=12)


def check_digit(body: str) -> str:
    return next(d for d in "0123456789" if luhn_ok(body + d))


@st.composite
def pans(draw: st.DrawFn) -> str:
    """A Luhn-valid card number as ASCII digits: 13-19 long, never starting with 0."""
    length = draw(st.integers(13, 19))
    body = draw(st.sampled_from("123456789")) + draw(
        st.text(alphabet="0123456789", min_size=length - 2, max_size=length - 2))
    pan = body + check_digit(body)
    # A year-first date and time is no card by design (domain.cards); no issuer starts so.
    assume(not (pan[:2] in ("19", "20") and _valid_timestamp(pan)))
    return pan


def _valid_timestamp(d: str) -> bool:
    month, day, hour, minute, second = (int(d[i:i + 2]) for i in range(4, 14, 2))
    return 1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 60


@st.composite
def written(draw: st.DrawFn, digits: str) -> str:
    """`digits` as a person might write them: any script per digit, groups of any size, one kind of
    separator for the whole number (a mark such as "." "/" "_" "-", or spaces of any kind), its
    runs of any short length, invisible characters sprinkled in."""
    mark = draw(st.sampled_from(["", *MARKS]))
    out = []
    for i, d in enumerate(digits):
        out.append(chr(draw(st.sampled_from(ZEROS)) + int(d)))
        if i < len(digits) - 1 and draw(st.booleans()):
            before = draw(st.text(alphabet=SPACES, max_size=2))
            after = draw(st.text(alphabet=SPACES, max_size=2))
            out.append(before + (mark or " ") + after)
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


@settings(max_examples=1000)
@given(st.data(), pans(), AROUND, AROUND)
@example(None, "4111111111111111", "note ", "")  # the reporter's number, set below with dots
def test_any_written_card_number_is_found(data: st.DataObject | None, pan: str, before: str,
                                          after: str) -> None:
    text = "4111.1111.1111.1111" if data is None else data.draw(written(pan))
    typed = f"{before} {text} {after}"
    assert contains_card_number(typed), repr(typed)
    with pytest.raises(FullCardNumberError) as refused:
        refuse_card_number("a note", typed)
    assert refused.value.message == CARD_NUMBER_WORDS  # never repeats the number back


@settings(max_examples=500)
@given(pans(), st.lists(st.integers(1, 9999), max_size=3), AROUND)
def test_other_numbers_in_front_do_not_hide_a_card(pan: str, others: list[int],
                                                   words: str) -> None:
    text = " ".join(str(n) for n in others) + f", {pan[:4]}.{pan[4:8]}.{pan[8:]} {words}"
    assert contains_card_number(text)


@settings(max_examples=1000)
@given(st.data(), st.integers(13, 19), AROUND, AROUND)
def test_a_run_failing_luhn_is_not_a_card(data: st.DataObject, length: int, before: str,
                                          after: str) -> None:
    digits = data.draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    assume(not luhn_ok(digits))
    assert not contains_card_number(f"{before} {digits} {after}")


@settings(max_examples=500)
@given(st.data(), st.integers(1, 12), AROUND)
def test_fewer_than_13_digits_are_never_a_card(data: st.DataObject, length: int,
                                               words: str) -> None:
    digits = data.draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    assert not contains_card_number(f"{words} {data.draw(written(digits))} {words}")


@settings(max_examples=500)
@given(st.text(alphabet="0123456789", min_size=20, max_size=40))
def test_more_than_19_digits_in_one_run_is_an_id_not_a_card(digits: str) -> None:
    assert not contains_card_number(f"ref {digits}")


@settings(max_examples=500)
@given(st.data(), pans(), AROUND)
def test_masking_leaves_no_card_and_keeps_the_last_four(data: st.DataObject, pan: str,
                                                        words: str) -> None:
    text = f"{words} {pan[:4]} {pan[4:8]} {pan[8:12]} {pan[12:]} {words}"
    masked = mask_card_numbers(text)
    digits = "".join(c for c in masked if c.isdigit())
    assert not contains_card_number(masked) and digits == pan[-4:]
    payload = {"audit": {"reason": words, "details": {"note": [data.draw(written(pan))]}},
               pan: int(pan)}
    assert carries_card_number(payload)
    assert not carries_card_number(mask_payload(payload))


@settings(max_examples=300)
@given(st.uuids(), st.datetimes(datetime(1970, 1, 1), datetime(2099, 12, 31), timezones=st.just(UTC)))
def test_ids_and_timestamps_an_event_carries_are_not_cards(an_id: uuid.UUID, at: datetime) -> None:
    assert not carries_card_number({"id": str(an_id), "at": at.isoformat(), "day": str(at.date())})
    assert not contains_card_number(f"seen {at:%Y-%m-%d %H:%M:%S} and IMG_{at:%Y%m%d_%H%M%S}.jpg")
    assert not contains_card_number(f"PXL_{at:%Y%m%d_%H%M%S}{at.microsecond // 1000:03d}.jpg")


STORE_IDENTIFIERS = [
    "G-WEB-000001-6", "R-TOR1-000123-8", "P-MTL22-004512-3", "W-VAN1-000077-1",
    "10000042", "#10000042", "WEB-10004567",  # order numbers
    "SKU 0612345678905", "upc 061234567890", "0061234567890",  # UPC-A / as EAN-13 from a scanner
    "+1 (416) 555-0140", "416.555.0140", "1-800-555-0199", "+61 2 5550 1234",  # phones
    "2025-06-01", "01/06/2025", "2025-06-01 14:30:00", "Jun 1, 2025 2:30 PM",  # dates
    "$1,234.50", "1 234,50 $", "auth 0A1B2C", "PayPal 9XK12345AB678901C", "cheque 000123",
    "0000 0000 0000 0000", "order 10000042 for 416-555-0140",
    "416-555-0140 / 905-555-0199", "+1 (416) 555-0140, +1 (905) 555-0199",
]


PHONE = st.tuples(st.integers(200, 999), st.integers(200, 999), st.integers(0, 9999))


@settings(max_examples=500)
@given(PHONE, PHONE, st.sampled_from(["-", ".", " "]), st.sampled_from([" / ", ", ", "; ", " or "]))
def test_two_phone_numbers_are_not_a_card(a: tuple[int, int, int], b: tuple[int, int, int],
                                          inside: str, between: str) -> None:
    def phone(p: tuple[int, int, int]) -> str:
        return f"{p[0]}{inside}{p[1]}{inside}{p[2]:04d}"
    assert not contains_card_number(f"call {phone(a)}{between}{phone(b)}")


@pytest.mark.parametrize("text", STORE_IDENTIFIERS)
def test_the_stores_own_identifiers_are_not_cards(text: str) -> None:
    assert not contains_card_number(text)


def test_every_printed_number_of_the_widest_prefixes_is_not_a_card() -> None:
    for kind in NumberKind:
        for prefix in ("WEB", "Z999", "TOR1", "ABCDE123"):
            for sequence in (1, 999_999, 1_000_000, 99_999_999):
                assert not contains_card_number(format_number(kind, prefix, sequence))


def test_the_reporters_cases() -> None:
    for text in ["4111.1111.1111.1111", "4111/1111/1111/1111", "4111_1111_1111_1111",
                 "4111  1111  1111  1111", "４１１１ １１１１ １１１１ １１１１",
                 "4111\u00a01111\u00a01111\u00a01111", "4111\u200b1111\u200b1111\u200b1111",
                 "card:4111-1111-1111-1111.", "3782 822463 10005", "6011111111111117"]:
        assert card_number_spans(text), text
        assert mask_card_numbers(text).count("\u2022") >= 9


def _walk_everything(value: object) -> bool:
    """The payload walk as first written (every key and value through one isinstance chain): the
    reference the faster walk must agree with."""
    from storepos.domain.cards import _SMALLEST_CARD, MIN_DIGITS, _typed_text, card_number_spans

    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) >= MIN_DIGITS and _typed_text(item) and card_number_spans(item):
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


class _Label(str):
    """A str subclass, as an enum member in a till's payload is."""


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=30), pans(), st.builds(lambda p: f"note {p}", pans()),
    st.builds(_Label, pans()), st.builds(lambda: str(uuid.uuid4())),
    st.integers(10 ** 12, 10 ** 19))
_PAYLOADS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=20), pans(), st.integers()), inner,
                        max_size=4)),
    max_leaves=20)


@given(_PAYLOADS)
def test_the_payload_walk_agrees_with_walking_everything(payload: object) -> None:
    assert carries_card_number(payload) == _walk_everything(payload)
