"""A return policy as data: what each kind of request may get, within which windows, on what conditions.

Policies are written as TOML files (resources/policies/) and turned into these objects by `loader`.
A chain adds a policy by adding a file: nothing here names a retailer. Plain `Frozen` classes, not
dataclasses (storepos.domain.record): a loaded policy is shared by every case of a run.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from storepos.domain.dates import date, timedelta
from storepos.domain.record import Frozen
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag

_set = object.__setattr__  # a Frozen class's __init__ sets its fields past its own __setattr__


class Anchor(StrEnum):
    PURCHASE = "purchase"  # the day the order was placed (or bought at the counter)
    RECEIPT = "receipt"  # the day the customer received it (delivery or pickup)


class Requirement(StrEnum):
    """Checklist items a resolution may require (the counter's condition checklist)."""

    UNWORN = "unworn"
    ORIGINAL_BOX = "original_box"
    PACKAGING_INTACT = "packaging_intact"
    PROOF_OF_PURCHASE = "proof_of_purchase"
    ORIGINAL_CARD = "original_card"


class Finding(StrEnum):
    """Inspection findings that deny a faulty-item claim."""

    WEAR_AND_TEAR = "wear_and_tear"
    MISUSE = "misuse"
    UNCONFIRMED = "unconfirmed"  # staff could not confirm a manufacturing defect


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without importing calendar (and its locale module)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(start: date, months: int) -> date:
    """Same day `months` later; the 31st (or 29 Feb) falls back to the month's last day."""
    if not months:
        return start
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, days_in_month(year, month))
    return date(year, month, day)


class Window(Frozen):
    """Open from the anchor day through anchor + length inclusive; optionally only after `after_days`."""

    __slots__ = ("anchor", "days", "months", "after_days", "setting")  # noqa: RUF023  (the fields, in order)
    anchor: Anchor
    days: int
    months: int  # a year is 12 months: 5 Jan 2025 -> 5 Jan 2026 inclusive
    after_days: int | None  # opens only once this many days have passed
    setting: str | None  # the policy setting `days` came from, so a store can change it

    def __init__(self, anchor: Anchor, days: int = 0, months: int = 0, after_days: int | None = None,
                 setting: str | None = None) -> None:
        _set(self, "anchor", anchor)
        _set(self, "days", days)
        _set(self, "months", months)
        _set(self, "after_days", after_days)
        _set(self, "setting", setting)

    def last_day(self, start: date) -> date:
        try:
            return add_months(start, self.months) + timedelta(days=self.days)
        except (OverflowError, ValueError):  # ends after 9999-12-31: open through the calendar's end
            return date.max

    def describe_length(self) -> str:
        parts = []
        if self.months:
            years, months = divmod(self.months, 12)
            if years:
                parts.append(f"{years} year" + ("s" if years > 1 else ""))
            if months:
                parts.append(f"{months} month" + ("s" if months > 1 else ""))
        if self.days or not parts:
            parts.append(f"{self.days} days")
        return " and ".join(parts)


class Outcome(Frozen):
    """Resolutions offered while every window holds and every requirement is met."""

    __slots__ = ("allow", "windows", "requires", "clause")  # noqa: RUF023  (the fields, in order)
    allow: tuple[Resolution, ...]
    windows: tuple[Window, ...]
    requires: tuple[Requirement, ...]
    clause: str  # the source clause, in the words a cashier can read out

    def __init__(self, allow: tuple[Resolution, ...], windows: tuple[Window, ...],
                 requires: tuple[Requirement, ...], clause: str) -> None:
        _set(self, "allow", allow)
        _set(self, "windows", windows)
        _set(self, "requires", requires)
        _set(self, "clause", clause)


class StoreRestriction(Frozen):
    __slots__ = ("store_kind", "fulfillments", "clause")  # noqa: RUF023  (the fields, in order)
    store_kind: StoreKind
    fulfillments: tuple[Fulfillment, ...]
    clause: str

    def __init__(self, store_kind: StoreKind, fulfillments: tuple[Fulfillment, ...], clause: str) -> None:
        _set(self, "store_kind", store_kind)
        _set(self, "fulfillments", fulfillments)
        _set(self, "clause", clause)


_NO_PERCENT = Decimal(0)


class Section(Frozen):
    """How one kind of request is decided: returns, wrong items sent, faulty items."""

    __slots__ = ("outcomes", "clause", "excluded_tags", "exclusion_clause", "infer_discount",  # noqa: RUF023  (the fields, in order)
                 "restocking_fee_percent", "fee_clause", "store_restrictions", "denied_findings", "requires")
    outcomes: tuple[Outcome, ...]
    clause: str
    excluded_tags: tuple[Tag, ...]
    exclusion_clause: str
    # A paid amount below the list price counts as `discounted` even when the tag is missing.
    infer_discount: bool
    restocking_fee_percent: Decimal
    fee_clause: str
    store_restrictions: tuple[StoreRestriction, ...]
    denied_findings: tuple[Finding, ...]  # faulty-item claims only
    requires: tuple[Requirement, ...]  # required for every outcome of the section

    def __init__(self, outcomes: tuple[Outcome, ...], clause: str = "", excluded_tags: tuple[Tag, ...] = (),
                 exclusion_clause: str = "", infer_discount: bool = False,
                 restocking_fee_percent: Decimal = _NO_PERCENT, fee_clause: str = "",
                 store_restrictions: tuple[StoreRestriction, ...] = (),
                 denied_findings: tuple[Finding, ...] = (), requires: tuple[Requirement, ...] = ()) -> None:
        _set(self, "outcomes", outcomes)
        _set(self, "clause", clause)
        _set(self, "excluded_tags", excluded_tags)
        _set(self, "exclusion_clause", exclusion_clause)
        _set(self, "infer_discount", infer_discount)
        _set(self, "restocking_fee_percent", restocking_fee_percent)
        _set(self, "fee_clause", fee_clause)
        _set(self, "store_restrictions", store_restrictions)
        _set(self, "denied_findings", denied_findings)
        _set(self, "requires", requires)


class CancelRule(Frozen):
    __slots__ = ("allow_before_dispatch", "fee_percent", "clause")  # noqa: RUF023  (the fields, in order)
    allow_before_dispatch: tuple[Resolution, ...]
    fee_percent: Decimal
    clause: str

    def __init__(self, allow_before_dispatch: tuple[Resolution, ...], fee_percent: Decimal,
                 clause: str) -> None:
        _set(self, "allow_before_dispatch", allow_before_dispatch)
        _set(self, "fee_percent", fee_percent)
        _set(self, "clause", clause)


class Policy(Frozen):
    __slots__ = ("name", "title", "source", "returns", "wrong_item",  # noqa: RUF023  (the fields, in order)
                 "fault", "cancel", "shipping_clause", "settings", "notes")
    name: str
    title: str
    source: str
    returns: Section  # change of mind and wrong size: the customer's own reasons
    wrong_item: Section  # the retailer sent the wrong thing
    fault: Section  # a faulty item, judged on the staff's inspection
    cancel: CancelRule
    shipping_clause: str
    settings: dict[str, int]
    notes: tuple[str, ...]

    def __init__(self, name: str, title: str, source: str, returns: Section, wrong_item: Section,
                 fault: Section, cancel: CancelRule, shipping_clause: str,
                 settings: dict[str, int] | None = None, notes: tuple[str, ...] = ()) -> None:
        _set(self, "name", name)
        _set(self, "title", title)
        _set(self, "source", source)
        _set(self, "returns", returns)
        _set(self, "wrong_item", wrong_item)
        _set(self, "fault", fault)
        _set(self, "cancel", cancel)
        _set(self, "shipping_clause", shipping_clause)
        _set(self, "settings", {} if settings is None else settings)
        _set(self, "notes", notes)

    def sections(self) -> dict[str, Section]:
        return {"return": self.returns, "wrong_item": self.wrong_item, "fault": self.fault}
