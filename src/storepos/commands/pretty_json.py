"""`json.dumps(value, indent=2)`, the same bytes, several times quicker for a command's answer.

The standard library's C encoder is used only without `indent`; with it every value goes through
the pure-Python encoder, which was the largest single cost of `storepos policy evaluate` on a
thousand cases. Here the strings are still escaped by the C functions json uses; only the layout
is written in Python. Anything but str, bool, None, int, list and dict (with str keys) is left to
json.dumps itself, so its answer (or its TypeError) is unchanged.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any


class _NotPlain(Exception):
    """A value this writer leaves to json.dumps."""


def dumps_indented(value: Any, *, ensure_ascii: bool = True) -> str:
    """Exactly `json.dumps(value, ensure_ascii=ensure_ascii, indent=2)`."""
    parts: list[str] = []
    try:
        _write(value, "\n", parts, encode_basestring_ascii if ensure_ascii else encode_basestring)
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=2)
    return "".join(parts)


def _write(value: Any, newline: str, parts: list[str], quote: Any) -> None:
    kind = type(value)
    if kind is str:
        parts.append(quote(value))
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif value is None:
        parts.append("null")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            parts.append(separator)
            parts.append(quote(key))
            parts.append(": ")
            _write(item, inner, parts, quote)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, inner, parts, quote)
            separator = "," + inner
        parts.append(newline + "]")
    else:
        raise _NotPlain
