"""Roles and statuses: part of the product's words (storepos.domain.vocabulary names them all), in
a module of their own so that a command that needs none of them does not make them (issue 15)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    STOCK = "stock"


class PickupStatus(StrEnum):
    IN_TRANSIT = "in_transit"
    ARRIVED = "arrived"
    READY = "ready"
    NOTIFIED = "notified"
    COLLECTED = "collected"
    SENT_BACK = "sent_back"


class ReturnStatus(StrEnum):
    REQUESTED = "requested"  # a Return ID issued (online or by customer care), items not yet back
    COMPLETED = "completed"


class WarrantyStatus(StrEnum):
    OPEN = "open"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DENIED = "denied"
    COMPLETED = "completed"


class AccountKind(StrEnum):
    GIFT_CARD = "gift_card"
    STORE_CREDIT = "store_credit"


class LedgerKind(StrEnum):
    ISSUE = "issue"
    REDEEM = "redeem"
    CREDIT = "credit"          # store credit from a return or warranty claim
    CORRECTION = "correction"  # a new entry that corrects an earlier one; rows are never edited
