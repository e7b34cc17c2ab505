"""All mapped tables. Import this package to register every model on `Base.metadata`."""

from storepos.persistence.base import Base
from storepos.persistence.models.audit import ApprovalUse, AuditEvent
from storepos.persistence.models.catalog import Product, StockLevel, Variant
from storepos.persistence.models.ledger import LedgerEntry, ValueAccount
from storepos.persistence.models.orders import Customer, Order, OrderLine, Tender
from storepos.persistence.models.outbox import OutboxEntry, SyncState
from storepos.persistence.models.pickups import Pickup
from storepos.persistence.models.print_jobs import (
    PrinterRoute,
    PrinterSetting,
    PrintJob,
    PrintJobStatus,
)
from storepos.persistence.models.returns import Exchange, Refund, Return, ReturnLine
from storepos.persistence.models.store import Employee, NumberSequence, Store, Till
from storepos.persistence.models.till_day import CashMovement, DayClose, TillDay
from storepos.persistence.models.warranty import WarrantyClaim, WarrantyPhoto

__all__ = [
    "ApprovalUse", "AuditEvent", "Base", "CashMovement", "Customer", "DayClose", "Employee",
    "Exchange", "LedgerEntry", "NumberSequence",
    "Order", "OrderLine", "OutboxEntry", "Pickup", "PrintJob", "PrintJobStatus", "PrinterRoute",
    "PrinterSetting",
    "Product", "Refund", "Return", "ReturnLine", "StockLevel", "Store", "SyncState", "Tender", "Till",
    "TillDay",
    "ValueAccount", "Variant", "WarrantyClaim", "WarrantyPhoto",
]
