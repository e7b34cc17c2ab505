"""The bulk inserts' array parameters in PostgreSQL's binary array format, written in one pass.

psycopg dumps a list element by element through Python calls: about 0.3 us an id or a text, 0.45
us an integer and 2 us a Decimal; the bulk inserts of a push send some 300,000 values for 10,000
events, a fifth of the service's CPU. The lists here are written at a third of that or less, with
no Python call per element where the values have no NULL (C iterators feed struct and join):

    UuidArray     uuid[]   ids (or None)
    TextArray     text[]   str (or None)
    Int8Array     int8[]   int of 64 bits at most (or None); the statement casts to its column
    DecimalArray  text[]   finite Decimals (or None) as their text; the statement casts to the
                           column's numeric, as it does the numeric[] psycopg sends (same value)
    JsonArray     text[]   JSON values (or None) as orjson's UTF-8 text, never decoded to str
                           and encoded again (a payload's text: 0.7 against 2.4 us); the
                           statement casts to json

`of(values)` gives the array when every value fits, else the values as they are (psycopg's way).
A connection without the dumpers (not made by make_central_engine) dumps an array as any list:
the same values, the usual way; a JsonArray needs them (`installed`).
"""

from __future__ import annotations

import struct
import uuid
from decimal import Decimal
from itertools import chain, repeat
from typing import Any

import orjson

_HEADER = struct.Struct("!iiIii")  # dimensions, has nulls, element type, length, lower bound
_LENGTH = struct.Struct("!i").pack
_INT8 = struct.Struct("!iq").pack  # an element's length (8) and its value
_NULL = b"\xff\xff\xff\xff"  # an element's length -1: NULL
_SIXTEEN = b"\x00\x00\x00\x10"  # an element's length: a uuid is 16 bytes
UUID_OID, UUID_ARRAY_OID = 2950, 2951
TEXT_OID, TEXT_ARRAY_OID = 25, 1009
INT8_OID, INT8_ARRAY_OID = 20, 1016
_INT8_MIN, _INT8_MAX = -(2**63), 2**63 - 1
_NONE = type(None)

def _only(values: list[Any], kind: type) -> bool:
    """Every value is exactly of `kind` (no subclass: an enum member is not its text) or None."""
    kinds = set(map(type, values))
    kinds.discard(_NONE)
    return kinds <= {kind}


class UuidArray(list[uuid.UUID | None]):
    """Ids (or None) to send as one uuid[] parameter."""

    @classmethod
    def of(cls, values: list[Any]) -> list[Any]:
        """`values` as a UuidArray when every one is a UUID or None, else as they are."""
        return cls(values) if _only(values, uuid.UUID) else values


class TextArray(list[str | None]):
    """Texts (or None) to send as one text[] parameter."""

    @classmethod
    def of(cls, values: list[Any]) -> list[Any]:
        return cls(values) if _only(values, str) else values


class Int8Array(list[int | None]):
    """Whole numbers of 64 bits at most (or None) to send as one int8[] parameter."""

    @classmethod
    def of(cls, values: list[Any]) -> list[Any]:
        if not _only(values, int):  # a bool is not an int here (its own type)
            return values
        numbers = [v for v in values if v is not None]
        if numbers and (min(numbers) < _INT8_MIN or max(numbers) > _INT8_MAX):
            return values  # psycopg sends it as numeric: the column's cast refuses it as before
        return cls(values)


class DecimalArray(list[Decimal | None]):
    """Finite Decimals (or None) to send as one text[] parameter of their text: the statement
    casts it to the column's numeric, which reads the same value as from psycopg's numeric[]."""

    @classmethod
    def of(cls, values: list[Any]) -> list[Any]:
        if not _only(values, Decimal):
            return values
        if not all(map(Decimal.is_finite, (v for v in values if v is not None))):
            return values  # NaN and the infinities the usual way
        return cls(values)


class JsonArray(list[Any]):
    """JSON values (or None) to send as one text[] parameter of their JSON text."""


def json_bytes(value: Any) -> bytes:
    """orjson's text of a JSON value; keys other than text written as text, as json_text does
    (tried second: the option makes orjson twice as slow, and changes nothing for text keys)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def _array(oid: int, count: int, has_null: bool, body: bytes) -> bytes:
    return _HEADER.pack(1, has_null, oid, count, 1) + body


def dump_uuids(values: list[uuid.UUID | None]) -> bytes:
    parts = [_NULL if u is None else _SIXTEEN + u.int.to_bytes(16, "big") for u in values]
    return _array(UUID_OID, len(parts), _NULL in parts, b"".join(parts))


def dump_texts(values: list[str | None]) -> bytes:
    if None not in values:
        encoded = list(map(str.encode, values))  # type: ignore[arg-type]
        lengths = map(_LENGTH, map(len, encoded))
        return _array(TEXT_OID, len(encoded), False,
                      b"".join(chain.from_iterable(zip(lengths, encoded, strict=True))))
    parts = []
    for text in values:
        if text is None:
            parts.append(_NULL)
        else:
            data = text.encode()
            parts.append(_LENGTH(len(data)) + data)
    return _array(TEXT_OID, len(parts), True, b"".join(parts))


_INT8_ARRAYS: dict[int, struct.Struct] = {}  # by length: the header and every element at once


def dump_int8s(values: list[int | None]) -> bytes:
    if None not in values:
        count = len(values)
        whole = _INT8_ARRAYS.get(count)
        if whole is None:
            if len(_INT8_ARRAYS) > 1000:
                _INT8_ARRAYS.clear()
            whole = _INT8_ARRAYS[count] = struct.Struct("!iiIii" + "iq" * count)
        return whole.pack(1, 0, INT8_OID, count, 1, *chain.from_iterable(zip(repeat(8), values)))
    parts = [_NULL if v is None else _INT8(8, v) for v in values]
    return _array(INT8_OID, len(parts), True, b"".join(parts))


def dump_decimals(values: list[Decimal | None]) -> bytes:
    if None not in values:
        return dump_texts(list(map(str, values)))
    return dump_texts([None if v is None else str(v) for v in values])


def dump_json(values: list[Any]) -> bytes:
    parts = [_NULL if v is None else _LENGTH(len(data := json_bytes(v))) + data for v in values]
    return _array(TEXT_OID, len(parts), _NULL in parts, b"".join(parts))


# Each array type, its PostgreSQL array type and how its values are written.
_ARRAYS: tuple[tuple[type, int, Any], ...] = (
    (UuidArray, UUID_ARRAY_OID, dump_uuids),
    (TextArray, TEXT_ARRAY_OID, dump_texts),
    (Int8Array, INT8_ARRAY_OID, dump_int8s),
    (DecimalArray, TEXT_ARRAY_OID, dump_decimals),  # text[], cast to numeric by the statement
    (JsonArray, TEXT_ARRAY_OID, dump_json),  # text[], cast to json by the statement
)
_DUMPERS: list[tuple[type, type]] = []


def _dumpers() -> list[tuple[type, type]]:
    """(array type, its psycopg dumper class) for each of _ARRAYS, made once a process (psycopg is
    imported here, not with this module)."""
    if not _DUMPERS:
        from psycopg.adapt import Dumper
        from psycopg.pq import Format

        # Made whole, then put in place in one step: two threads connecting at once do not
        # append each other's.
        _DUMPERS[:] = [(array_type, type(f"{array_type.__name__}Dumper", (Dumper,), {
            "format": Format.BINARY, "oid": array_oid, "dump": staticmethod(dump_values)}))
            for array_type, array_oid, dump_values in _ARRAYS]
    return _DUMPERS


INSTALLED = "storepos_pg_arrays"  # in a pooled connection's info once the dumpers are on it


def installed(info: dict[str, Any]) -> bool:
    """Whether the connection whose pool info this is has the dumpers (JsonArray needs them)."""
    return bool(info.get(INSTALLED))


def install(dbapi_connection: Any, info: dict[str, Any] | None = None) -> None:
    """The dumpers on one psycopg connection (engine.py: on connect); `info`: its pool record's,
    marked (`installed`)."""
    adapters = dbapi_connection.adapters
    for array_type, dumper in _dumpers():
        adapters.register_dumper(array_type, dumper)
    if info is not None:
        info[INSTALLED] = True
