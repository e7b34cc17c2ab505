"""Text messages: the interface a provider would implement. None is bundled: storepos sends
e-mail only. A chain that wants texts writes a class with this `send` (its provider's API, its
own credentials from the environment) and a sender pass that calls it; the notices table already
has a `channel` column for it."""

from __future__ import annotations

from typing import Protocol


class SmsSender(Protocol):
    def send(self, to_phone: str, text: str) -> None:
        """Send one text; raise on failure (the sender retries it like an e-mail)."""
