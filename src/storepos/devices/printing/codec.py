"""Documents to and from JSON-ready dicts (Decimal as text, times as ISO 8601), for the print queue.

A stored job keeps its document this way, so a reprint or a resend to a printer of another width
is laid out again from the same facts, long after the action that made it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from storepos.devices.printing.documents import DOCUMENT_TYPES, DocumentError

FORMAT_VERSION = 1


def to_json(document: Any) -> dict[str, Any]:
    """{"kind": ..., "v": 1, ...fields}: plain JSON types only."""
    if document.kind not in DOCUMENT_TYPES:
        raise DocumentError(f"not a printable document: {type(document).__name__}")
    data: dict[str, Any] = _dump(document)
    data["kind"] = document.kind
    data["v"] = FORMAT_VERSION
    return data


def from_json(data: dict[str, Any]) -> Any:
    try:
        cls = DOCUMENT_TYPES[data["kind"]]
    except KeyError:
        raise DocumentError(f"unknown document kind {data.get('kind')!r}") from None
    if data.get("v", FORMAT_VERSION) > FORMAT_VERSION:
        raise DocumentError(f"document format {data['v']} is newer than this app")
    fields = {k: v for k, v in data.items() if k not in ("kind", "v")}
    return _load(cls, fields)


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_dump(v) for v in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise DocumentError(f"cannot store {type(value).__name__} in a document")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _load(args[0], value)
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(tp)
        return tuple(_load(inner, v) for v in value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp) if f.init}
        unknown = set(value) - names
        if unknown:
            raise DocumentError(f"{tp.__name__}: unknown field(s) {', '.join(sorted(unknown))}")
        return tp(**{k: _load(hints[k], v) for k, v in value.items()})
    if tp is Decimal:
        return Decimal(value)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if tp in (str, int, bool):
        if not isinstance(value, tp):
            raise DocumentError(f"expected {tp.__name__}, got {value!r}")
        return value
    raise DocumentError(f"cannot read {tp!r}")
