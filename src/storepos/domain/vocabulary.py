"""The words the whole product shares: kinds, channels, tags, reasons, roles, statuses."""

from __future__ import annotations

from enum import StrEnum


class StoreKind(StrEnum):
    RETAIL = "retail"
    OUTLET = "outlet"


class Channel(StrEnum):
    ONLINE = "online"
    STORE = "store"


class Fulfillment(StrEnum):
    SHIP_TO_HOME = "ship_to_home"
    SHIP_TO_STORE = "ship_to_store"
    IN_STORE = "in_store"


class Tag(StrEnum):
    FINAL_SALE = "final_sale"
    CLEARANCE = "clearance"
    SALE = "sale"
    DISCOUNTED = "discounted"
    SECOND_PAIR_PROMO = "second_pair_promo"
    BUNDLE = "bundle"
    ONE_OF_A_KIND = "one_of_a_kind"
    ACCESSORY = "accessory"


class RequestType(StrEnum):
    RETURN = "return"
    WARRANTY = "warranty"
    CANCEL = "cancel"


class Reason(StrEnum):
    CHANGE_OF_MIND = "change_of_mind"
    WRONG_SIZE = "wrong_size"
    WRONG_ITEM = "wrong_item"
    DEFECTIVE = "defective"


class Resolution(StrEnum):
    REFUND = "refund"
    EXCHANGE = "exchange"
    STORE_CREDIT = "store_credit"
    REPLACEMENT = "replacement"
    REPAIR = "repair"


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    STOCK = "stock"


class TenderKind(StrEnum):
    CARD = "card"
    PAYPAL = "paypal"
    GIFT_CARD = "gift_card"
    STORE_CREDIT = "store_credit"
    CASH = "cash"
    INTERAC = "interac"
    CHEQUE = "cheque"
    MONEY_ORDER = "money_order"
    PAY_OFFLINE = "pay_offline"  # submitted unpaid; paid at pickup or by mail


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
