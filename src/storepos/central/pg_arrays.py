"""uuid[] parameters in PostgreSQL's binary array format, written in one pass.

psycopg dumps a list element by element through Python calls (about 0.45 us an id); the bulk
inserts of a push send some 110,000 ids for 10,000 events. A UuidArray (a list of UUID or None) is
written here at about a third of that. A connection without the dumper (not made by
make_central_engine) dumps it as any list: the same array, the usual way.
"""

from __future__ import annotations

import struct
import uuid
from typing import Any

_HEADER = struct.Struct("!iiIii")  # dimensions, has nulls, element type, length, lower bound
_NULL = b"\xff\xff\xff\xff"  # an element's length -1: NULL
_SIXTEEN = b"\x00\x00\x00\x10"  # an element's length: a uuid is 16 bytes
UUID_OID, UUID_ARRAY_OID = 2950, 2951


class UuidArray(list[uuid.UUID | None]):
    """Ids (or None) to send as one uuid[] parameter."""

    @classmethod
    def of(cls, values: list[Any]) -> list[Any]:
        """`values` as a UuidArray when every one is a UUID or None, else as they are."""
        if all(type(v) is uuid.UUID or v is None for v in values):
            return cls(values)
        return values


def install(dbapi_connection: Any) -> None:
    """The dumper on one psycopg connection (engine.py: on connect)."""
    from psycopg.adapt import Dumper
    from psycopg.pq import Format

    class UuidArrayDumper(Dumper):
        format = Format.BINARY
        oid = UUID_ARRAY_OID

        def dump(self, obj: Any) -> bytes:
            parts = [_NULL if u is None else _SIXTEEN + u.int.to_bytes(16, "big") for u in obj]
            return _HEADER.pack(1, _NULL in parts, UUID_OID, len(parts), 1) + b"".join(parts)

    dbapi_connection.adapters.register_dumper(UuidArray, UuidArrayDumper)
