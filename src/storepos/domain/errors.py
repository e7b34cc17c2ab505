"""Errors the counter shows to people: each carries one plain sentence, no codes or jargon."""

from __future__ import annotations


class StoreposError(Exception):
    """Base of every error meant for staff; `message` is what the screen shows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(StoreposError, ValueError):
    """What was typed or scanned is not acceptable ("A PIN is 4 to 8 digits.")."""
