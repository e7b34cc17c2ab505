"""Errors of the sync layer."""

from __future__ import annotations

from storepos.domain.errors import StoreposError


class RuleViolation(StoreposError):
    """A central rule refuses an event (quarantined for a manager, with this reason)."""


class CentralUnavailable(StoreposError):
    """The central database cannot be reached: the till works offline and retries later."""


class CardRefused(StoreposError):
    """The central ledger refuses a hold or capture (not enough left, unknown card, hold gone)."""
