"""The central push's first look at a payload's JSON text (domain.cards.json_may_carry_card_number,
central.card_numbers.may_carry_card_number): it may send a payload without a card number on to the
full walk, but never waves through one the walk finds. Generated card numbers in any script and
with any separator (escaped control characters too), in keys, values, nested lists and numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from storepos.central.card_numbers import CARD_NUMBER_REFUSED, may_carry_card_number, screen_card_numbers
from storepos.domain.cards import DIGIT_LEAD_BYTES, carries_card_number, json_may_carry_card_number
from storepos.sync.protocol import Event
from tests.unit.test_card_number_detector import AROUND, pans, written

# Text as staff and tills write it: letters of several scripts, digits, marks, control characters.
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12)


def test_the_lead_bytes_are_those_of_every_decimal_digit_this_python_knows() -> None:
    leads = {chr(c).encode()[0] for c in range(0x80, 0x110000)
             if not 0xD800 <= c < 0xE000 and chr(c).isdecimal()}
    assert leads <= set(DIGIT_LEAD_BYTES)


@settings(max_examples=1500)
@given(st.data(), pans(), AROUND, AROUND, st.integers(0, 3))
def test_a_card_number_anywhere_in_a_payload_is_never_waved_through(
        data: st.DataObject, pan: str, before: str, after: str, where: int) -> None:
    text = f"{before} {data.draw(written(pan))} {after}"
    payload = [{"note": text}, {text: 1}, {"audit": {"details": {"lines": [1, text]}}},
               {"n": int(pan)}][where]
    assert carries_card_number(payload)
    assert may_carry_card_number(payload)


@settings(max_examples=1500)
@given(JSON_VALUES)
def test_whatever_the_walk_finds_the_first_look_lets_through(payload: object) -> None:
    if carries_card_number(payload):
        assert may_carry_card_number(payload)


def test_control_characters_between_the_digits_are_separators() -> None:
    for sep in ("\n", "\t", "\r\n", "\x01", "\x1f", '"', "\\"):
        payload = {"note": sep.join(["4111", "1111", "1111", "1111"])}
        assert carries_card_number(payload)
        assert may_carry_card_number(payload), sep


def test_an_ordinary_event_payload_is_not_walked() -> None:
    """Ids, times, money, return numbers and a masked card: nothing for the walk."""
    ids = [f"abcdef{n:02d}-ab12-4c34-8d56-e78f90a1b2c3" for n in range(4)]  # no 13 digits in a row
    payload = {"audit": {"subject_id": ids[0], "details": {
        "return_number": "R-TOR1-000123-8", "refunds": [{"label": "VISA \u2022\u2022\u2022\u20224242",
                                                         "amount": "120.00"}]}},
               "rows": {"return": {"id": ids[0], "order_id": ids[1], "till_id": ids[2],
                                   "created_at": "2025-06-01T16:00:00+00:00", "note": "Taille 9½"}}}
    assert not json_may_carry_card_number(orjson.dumps(payload))
    assert not may_carry_card_number(payload)


def test_what_orjson_cannot_write_is_walked() -> None:
    assert may_carry_card_number({"n": 2 ** 70})
    assert may_carry_card_number({1: "x"})  # a key that is not text


def test_the_push_still_masks_and_refuses_a_card_number() -> None:
    e = Event(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), 1, "return.completed",
              datetime(2025, 6, 1, tzinfo=UTC),
              {"audit": {"details": {"note": "card 4111 1111 1111 1111"}}})
    refused: dict[uuid.UUID, str] = {}
    kept = screen_card_numbers(e, refused)
    assert refused == {e.event_id: CARD_NUMBER_REFUSED}
    assert "4111 1111 1111 1111" not in orjson.dumps(kept.payload).decode()
