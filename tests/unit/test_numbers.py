"""Human-facing numbers: format, forgiving parse, Damm check digit, never a card number."""

from __future__ import annotations

import itertools
import random

import pytest

from storepos.domain.cards import CARD_NUMBER_WORDS, FullCardNumberError, contains_card_number
from storepos.domain.errors import InvalidInput
from storepos.domain.numbers import (
    MAX_SEQUENCE,
    HumanNumber,
    NumberKind,
    check_till_prefix,
    damm_digit,
    format_number,
    parse_number,
)

PREFIXES = ["TOR1", "MTL2", "AB", "SYD999", "BKNQUEEN"]


def _samples() -> list[str]:
    rng = random.Random(20240611)
    sequences = list(range(1, 120)) + [rng.randrange(1, MAX_SEQUENCE + 1) for _ in range(80)]
    return [
        format_number(kind, prefix, seq)
        for kind, prefix, seq in zip(
            itertools.cycle(NumberKind), itertools.cycle(PREFIXES), sequences
        )
    ]


def test_damm_reference_value() -> None:
    assert damm_digit("572") == 4  # the worked example in Damm's paper / Wikipedia
    assert damm_digit("5724") == 0


def test_damm_catches_every_single_error_and_adjacent_swap_on_all_4_digit_strings() -> None:
    for digits in map("".join, itertools.product("0123456789", repeat=4)):
        good = digits + str(damm_digit(digits))
        assert damm_digit(good) == 0
        for i, other in itertools.product(range(5), "0123456789"):
            if other != good[i]:
                assert damm_digit(good[:i] + other + good[i + 1 :]) != 0
        for i in range(4):
            if good[i] != good[i + 1]:
                swapped = good[:i] + good[i + 1] + good[i] + good[i + 2 :]
                assert damm_digit(swapped) != 0


def test_format_and_parse_round_trip() -> None:
    text = format_number(NumberKind.RETURN, "TOR1", 123)
    assert text.startswith("R-TOR1-000123-")
    assert parse_number(text) == HumanNumber(NumberKind.RETURN, "TOR1", 123)
    assert str(parse_number(text)) == text
    assert format_number(NumberKind.GIFT_CARD, "TOR1", 12_345_678).startswith("G-TOR1-12345678-")


@pytest.mark.parametrize(
    "kind, letter",
    [(NumberKind.RETURN, "R"), (NumberKind.WARRANTY_CLAIM, "W"), (NumberKind.PICKUP, "P"),
     (NumberKind.GIFT_CARD, "G"), (NumberKind.STORE_CREDIT, "C")],
)
def test_kind_letters(kind: NumberKind, letter: str) -> None:
    assert format_number(kind, "TOR1", 7)[0] == letter
    assert parse_number(format_number(kind, "TOR1", 7)).kind is kind


def test_parse_forgives_case_spaces_and_dashes() -> None:
    text = format_number(NumberKind.PICKUP, "TOR1", 42)
    check = text[-1]
    expected = parse_number(text)
    for typed in [
        text.lower(),
        f"  {text}  ",
        f"p tor1 000042 {check}",
        f"P - TOR1 - 000042 - {check}",
        f"P\u2013TOR1\u2013000042\u2013{check}",  # en dashes from a phone keyboard
    ]:
        assert parse_number(typed) == expected, typed


def test_every_single_digit_typo_is_caught() -> None:
    for text in _samples():
        for i, char in enumerate(text):
            if not char.isdigit():
                continue
            for other in "0123456789".replace(char, ""):
                with pytest.raises(InvalidInput):
                    parse_number(text[:i] + other + text[i + 1 :])


def test_every_adjacent_digit_swap_is_caught() -> None:
    # Adjacent in the digit stream, across a dash too: "...123-8" -> "...128-3".
    for text in _samples():
        positions = [i for i, c in enumerate(text) if c.isdigit()]
        for i, j in itertools.pairwise(positions):
            if text[i] == text[j] or any(c.isalpha() for c in text[i:j]):
                continue
            chars = list(text)
            chars[i], chars[j] = chars[j], chars[i]
            with pytest.raises(InvalidInput):
                parse_number("".join(chars))


@pytest.mark.parametrize(
    "typed",
    ["", "R", "R-TOR1-000123", "X-TOR1-000123-8", "R-TOR1-00A123-8", "R-TOR1-000123-88",
     "R-1TOR-000123-8", "R-TOR1-000000-0", "R-TOR1-0001238",
     "R-TOR1-123-8", "R-TOR1-0000123-8"],  # only the printed, zero-padded form is read
)
def test_unreadable_numbers_are_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_number(typed)
    assert caught.value.message.startswith("That number")


def test_a_card_number_typed_for_a_printed_number_is_called_a_card_number() -> None:
    with pytest.raises(FullCardNumberError) as caught:
        parse_number("4111.1111.1111.1111")
    assert caught.value.message == CARD_NUMBER_WORDS and "4111" not in caught.value.message


@pytest.mark.parametrize("prefix", ["TOR1", "AB", "SYD999", "BKNQUEEN", "A1B2"])
def test_good_till_prefixes(prefix: str) -> None:
    assert check_till_prefix(prefix) == prefix


@pytest.mark.parametrize("prefix", ["T", "1TOR", "tor1", "TOR-1", "TORONTO12", "T1234", "TOR 1"])
def test_bad_till_prefixes(prefix: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_till_prefix(prefix)
    assert "Till prefix" in caught.value.message


@pytest.mark.parametrize("sequence", [0, -1, MAX_SEQUENCE + 1])
def test_sequence_out_of_range(sequence: int) -> None:
    with pytest.raises(InvalidInput):
        format_number(NumberKind.RETURN, "TOR1", sequence)


def test_gift_card_numbers_never_look_like_payment_cards() -> None:
    # The worst case for digit runs: 3 trailing prefix digits and the widest sequence.
    top = range(MAX_SEQUENCE - 5000, MAX_SEQUENCE + 1)
    widest = [format_number(NumberKind.GIFT_CARD, "Z999", s) for s in top]
    ordinary = [format_number(NumberKind.GIFT_CARD, p, s) for p in PREFIXES for s in range(1, 3001)]
    for number in widest + ordinary:
        assert not contains_card_number(number), number
        assert any(c.isalpha() for c in number)
    # The same digits without the letters and dashes could be a card; the format is what prevents it.
    assert contains_card_number("4111 1111 1111 1111")
