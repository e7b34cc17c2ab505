"""Errors the counter shows to people: each carries one plain sentence, no jargon.

The domain has no languages: `message` is a fixed English sentence (logs, callers with no
language) or, for a rule worded above it (domain/warranty.py), a log line of its code and facts.
An error the layers above word in the reader's language carries a `code` naming what happened and
its `params` (numbers, dates, statuses as enums); the feature's words module turns those into a
translated sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar


class StoreposError(Exception):
    """Base of every error meant for staff; `message` is the English sentence."""

    def __init__(self, message: str, *, code: str = "",
                 params: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code  # "" when the message is all there is
        self.params: dict[str, object] = dict(params or {})


class InvalidInput(StoreposError, ValueError):
    """What was typed or scanned is not acceptable ("A PIN is 4 to 8 digits.")."""


E = TypeVar("E", bound=StoreposError)


def refusal(kind: type[E], code: str, params: Mapping[str, object]) -> E:
    """A refusal worded above the domain: its code and facts, and as its message a line for the
    logs ("claim_finished (number=W-1, status=denied, target=approved)"), not for people."""
    facts = ", ".join(f"{k}={_fact(v)}" for k, v in params.items())
    return kind(f"{code} ({facts})" if facts else code, code=code, params=params)


def _fact(value: object) -> str:
    if isinstance(value, tuple):
        return "+".join(_fact(v) for v in value)
    return str(value)
