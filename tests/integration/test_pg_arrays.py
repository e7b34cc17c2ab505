"""The bulk inserts' arrays written by pg_arrays read back in PostgreSQL exactly as the same values
sent psycopg's own way (NULLs, empty arrays, any script, the 64-bit edges, money written every way
a till could write it), and values an array cannot carry are left to psycopg as before."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import orjson
import pytest
from psycopg.errors import NumericValueOutOfRange
from sqlalchemy import Engine

from storepos.central.engine import json_text, make_central_engine
from storepos.central.pg_arrays import (
    DecimalArray,
    Int8Array,
    JsonArray,
    TextArray,
    UuidArray,
    installed,
)
from tests.integration.sync_world import central_pg

pytestmark = pytest.mark.postgres
__all__ = ["central_pg"]  # the fixture, used by name


@pytest.fixture
def engine(central_pg: str) -> Iterator[Engine]:
    made = make_central_engine(central_pg)
    yield made
    made.dispose()


def _cast(engine: Engine, sql_type: str, values: list[Any]) -> Any:
    """`values` cast to `sql_type`[] by PostgreSQL as the bulk insert casts them, read back."""
    with engine.connect() as conn:
        assert installed(conn.connection.info)
        driver: Any = conn.connection.driver_connection
        return driver.execute(f"SELECT %b::{sql_type}[]", [values]).fetchone()[0]


def _both(engine: Engine, sql_type: str, sent: list[Any], plain: list[Any]) -> tuple[Any, Any]:
    """`sent` (a pg_arrays array) and `plain` (the same values as psycopg sends a list)."""
    return _cast(engine, sql_type, sent), _cast(engine, sql_type, plain)


TEXTS = ["", "plain", "Québec à l'œil", "全角４１１１", "emoji \U0001f9fe", "a" * 5000,
         "line\nbreak\ttab", "quote \" back \\ slash", "{braces,commas}", "NULL"]


@pytest.mark.parametrize("values", [TEXTS, [*TEXTS[:3], None, *TEXTS[3:]], [], [None], ["x"]])
def test_texts_read_back_as_psycopg_sends_them(engine: Engine, values: list[Any]) -> None:
    sent = TextArray.of(list(values))
    assert type(sent) is TextArray
    ours, theirs = _both(engine, "text", sent, list(values))
    assert ours == theirs == values


@pytest.mark.parametrize("values", [[0, 1, -1, 2**31, -(2**31) - 1, 2**63 - 1, -(2**63)],
                                    [5, None, 7], [], [None]])
def test_whole_numbers_read_back_as_psycopg_sends_them(engine: Engine,
                                                       values: list[Any]) -> None:
    sent = Int8Array.of(list(values))
    assert type(sent) is Int8Array
    ours, theirs = _both(engine, "bigint", sent, list(values))
    assert ours == theirs == values


def test_a_small_column_refuses_a_large_number_either_way(engine: Engine) -> None:
    """The column's cast, not the array, says a number is too large: as with psycopg's list."""
    for values in (Int8Array.of([1, 2**40]), [1, 2**40]):
        with pytest.raises(NumericValueOutOfRange):
            _cast(engine, "integer", values)


# A till sends amounts as text; what money() reads from any of these is sent as Decimal.
AMOUNTS = ["0.00", "120.00", "12.5", "7", "-0", "-0.00", "0.005", "0.015", "1E+2", "1.2345E+3",
           "9999999999.99", "-12.34", "00012.50", "1_000.5"]


@pytest.mark.parametrize("sql_type", ["numeric(12, 2)", "numeric"])
def test_money_reads_back_as_the_same_numeric(engine: Engine, sql_type: str) -> None:
    values: list[Decimal | None] = [Decimal(a) for a in AMOUNTS]
    values.insert(3, None)
    sent = DecimalArray.of(list(values))
    assert type(sent) is DecimalArray
    ours, theirs = _both(engine, sql_type, sent, list(values))
    assert ours == theirs
    assert [str(v) for v in ours] == [str(v) for v in theirs]  # the same scale too


def test_money_too_large_for_its_column_is_refused_either_way(engine: Engine) -> None:
    for values in (DecimalArray.of([Decimal("1E+20")]), [Decimal("1E+20")]):
        with pytest.raises(NumericValueOutOfRange):
            _cast(engine, "numeric(12, 2)", values)


class Colour(enum.StrEnum):
    RED = "red"


@pytest.mark.parametrize(("kind", "values"), [
    (TextArray, ["a", Colour.RED]),  # an enum member is not its text: psycopg's way
    (TextArray, ["a", 1]),
    (Int8Array, [1, True]),  # a bool is no number here
    (Int8Array, [1, 2**63]),  # past 64 bits: psycopg sends numeric
    (Int8Array, [-(2**63) - 1]),
    (Int8Array, [1, 1.5]),
    (DecimalArray, [Decimal("1.00"), Decimal("NaN")]),  # NaN and infinities the usual way
    (DecimalArray, [Decimal("Infinity")]),
    (DecimalArray, [Decimal("sNaN")]),
    (DecimalArray, [Decimal("1.00"), 1]),
    (UuidArray, [uuid.uuid4(), str(uuid.uuid4())]),
])
def test_values_an_array_cannot_carry_are_left_as_they_are(kind: Any, values: list[Any]) -> None:
    assert type(kind.of(values)) is list


PAYLOADS: list[Any] = [
    {"audit": {"note": "Québec à l'œil \U0001f9fe", "n": 1, "f": 1.5, "ok": True, "no": None},
     "rows": {"lines": [{"id": str(uuid.uuid4()), "amount": "12.50"}], "empty": {}}},
    {"quote": "\" \\ \n \t \u2028", "big": 2**62, "neg": -(2**63)},
    {1: "a key that is no text", "x": [1, [2, [3]]]},  # written as text, as json_text does
    [], {}, "text", 0, None,
]


def test_json_reads_back_as_json_text_sends_it(engine: Engine) -> None:
    values = [*PAYLOADS, None]
    ours, theirs = _both(engine, "json", JsonArray(values),
                         [None if v is None else json_text(v) for v in values])
    assert ours == theirs
    ours, theirs = _both(engine, "jsonb", JsonArray(values),
                         [None if v is None else json_text(v) for v in values])
    assert ours == theirs


def test_json_text_is_unchanged() -> None:
    """Tried without orjson's option for keys first: the same text, keys of any kind."""
    for value in PAYLOADS:
        assert json_text(value) == orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
