"""The words the whole product shares: kinds, channels, tags, reasons, roles, statuses."""

from __future__ import annotations

from enum import StrEnum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from storepos.domain.statuses import AccountKind as AccountKind
    from storepos.domain.statuses import LedgerKind as LedgerKind
    from storepos.domain.statuses import PickupStatus as PickupStatus
    from storepos.domain.statuses import ReturnStatus as ReturnStatus
    from storepos.domain.statuses import Role as Role
    from storepos.domain.statuses import WarrantyStatus as WarrantyStatus
else:
    # Roles and statuses live in storepos.domain.statuses, made when first named here: `storepos
    # policy evaluate`, started in loops, names none of them (issue 15). The same classes either way.
    _LATER = frozenset({"AccountKind", "LedgerKind", "PickupStatus", "ReturnStatus", "Role",
                        "WarrantyStatus"})

    def __getattr__(name: str) -> type:
        if name not in _LATER:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from storepos.domain import statuses

        value = globals()[name] = getattr(statuses, name)
        return value


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
