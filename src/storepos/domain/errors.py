"""Errors the counter shows to people: each carries one plain sentence, no jargon.

The domain has no languages: `message` is a fixed English sentence (logs, callers with no
language) or, for a rule worded above it (domain/warranty.py), a log line of its code and facts.
An error the layers above word in the reader's language carries a `code` naming what happened and
its `params` (numbers, dates, statuses as enums); the feature's words module turns those into a
translated sentence.
"""

from __future__ import annotations

from collections.abc import Mapping


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
