"""The central side's check that value added to a card came from somewhere (domain.card_value).

A till writes the source of every movement that adds value into the event's audit details: the
tender of a sale, the return, the warranty claim, or the manager and reason of a promotion or
goodwill credit. An event without one was built by hand or sent from a database edited by hand;
`apply_ledger` refuses it (the event is quarantined for a manager) rather than mint the value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from storepos.domain.card_value import MANAGER_SOURCES, ValueSource
from storepos.domain.vocabulary import LedgerKind, TenderKind
from storepos.sync.protocol import Event

_SALE_TENDERS = frozenset({TenderKind.CASH.value, TenderKind.INTERAC.value, TenderKind.CARD.value})
# Which sources each kind of entry may carry.
_ALLOWED = {
    LedgerKind.ISSUE.value: {ValueSource.SALE, ValueSource.WARRANTY, ValueSource.PROMOTION},
    LedgerKind.CREDIT.value: {ValueSource.RETURN, ValueSource.GOODWILL},
    LedgerKind.CORRECTION.value: {ValueSource.CORRECTION},
}
NO_SOURCE = ("Card value arrived with no sale, return, warranty claim or manager behind it; "
             "it was not added.")


def _kind(source: object) -> ValueSource | None:
    if not isinstance(source, dict):
        return None
    try:
        return ValueSource(str(source.get("kind")))
    except ValueError:
        return None


def unsourced_credit(event: Event, entry: dict[str, Any], amount: Decimal) -> str | None:
    """Why a ledger event that adds `amount` has no believable source, or None when it has one."""
    if amount <= 0:
        return None  # spending value needs no source; the hold or offline rules cover it
    audit = event.audit
    source = (audit.get("details") or {}).get("source")
    kind = _kind(source)
    if kind is None or kind not in _ALLOWED.get(str(entry.get("kind")), set()):
        return NO_SOURCE
    assert isinstance(source, dict)
    approved = bool(audit.get("approved_by")) and bool((audit.get("reason") or "").strip())
    if kind is ValueSource.SALE and source.get("tender") not in _SALE_TENDERS:
        return "A gift card sale arrived without the payment taken for it; it was not added."
    if kind is ValueSource.RETURN and not entry.get("return_id"):
        return "A refund onto a card arrived without its return; it was not added."
    if kind is ValueSource.WARRANTY and not source.get("claim_id"):
        return "A warranty credit arrived without its claim; it was not added."
    if kind is ValueSource.CORRECTION and not entry.get("corrects_entry_id"):
        return "A correction arrived without the entry it corrects; it was not added."
    if (kind in MANAGER_SOURCES or "over_cap" in source or kind is ValueSource.CORRECTION) \
            and not approved:
        return "Card value that needs a manager arrived without one and a reason; it was not added."
    return None
