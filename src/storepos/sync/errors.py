"""Errors of the sync layer."""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.errors import StoreposError


class RuleViolation(StoreposError):
    """A central rule refuses an event (quarantined for a manager, with this reason)."""


class CentralUnavailable(StoreposError):
    """The central database cannot be reached: the till works offline and retries later."""


class CertificateNotTrusted(CentralUnavailable):
    """The service showed a TLS certificate this till does not trust (wrong address, or not made
    by head office's CA)."""


class CardRefused(StoreposError):
    """The central ledger refuses a hold or capture (not enough left, unknown card, hold gone)."""


class CardUnknown(CardRefused):
    """The central ledger has no such card (not sold through it, or its sale not pushed yet)."""


class CardShort(CardRefused):
    """The card has less available than asked; `available` is what it can still give."""

    def __init__(self, message: str, *, available: Decimal) -> None:
        super().__init__(message)
        self.available = available


class LineRefused(StoreposError):
    """The central side refuses a line hold (nothing asked for, or the hold is gone)."""


class LineUnknown(LineRefused):
    """The central side does not count this order line (not an online order it has): a return of
    it is counted by the till alone, as before line holds."""


class LineTaken(LineRefused):
    """Fewer units of the line are still out than asked for: `available` can still come back, and
    `reason` says where and when the rest went back, in words the till puts in its sentence
    ("was already returned at SoftMoc Yorkdale on Nov 3")."""

    def __init__(self, message: str, *, available: int, reason: str) -> None:
        super().__init__(message)
        self.available = available
        self.reason = reason


class CancelRefused(StoreposError):
    """The central side refuses to cancel an order: `code` says why (the till words it), `params`
    what the words need. Codes: dispatched (day), received (day), cancelled_by_shop,
    already_cancelled (store, day, return_number), being_cancelled (store), partly_returned,
    not_online, released."""

    def __init__(self, message: str, *, code: str, params: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})


class TillDisconnected(CentralUnavailable):
    """Head office revoked this till's token (or never gave it one): it keeps working offline, and
    syncs again only once it is enrolled with a new code."""


class PinSetupRefused(StoreposError):
    """The central service refused a PIN set-up (the code does not match, was used, has expired;
    the PIN is not 4 to 8 digits), in its words for the employee at the till."""
