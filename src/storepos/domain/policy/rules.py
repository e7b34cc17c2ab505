"""A return policy as data: what each kind of request may get, within which windows, on what conditions.

Policies are written as TOML files (resources/policies/) and turned into these objects by `loader`.
A chain adds a policy by adding a file: nothing here names a retailer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag


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


@dataclass(frozen=True, slots=True)
class Window:
    """Open from the anchor day through anchor + length inclusive; optionally only after `after_days`."""

    anchor: Anchor
    days: int = 0
    months: int = 0  # a year is 12 months: 5 Jan 2025 -> 5 Jan 2026 inclusive
    after_days: int | None = None  # opens only once this many days have passed
    setting: str | None = None  # the policy setting `days` came from, so a store can change it

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


@dataclass(frozen=True, slots=True)
class Outcome:
    """Resolutions offered while every window holds and every requirement is met."""

    allow: tuple[Resolution, ...]
    windows: tuple[Window, ...]
    requires: tuple[Requirement, ...]
    clause: str  # the source clause, in the words a cashier can read out


@dataclass(frozen=True, slots=True)
class StoreRestriction:
    store_kind: StoreKind
    fulfillments: tuple[Fulfillment, ...]
    clause: str


@dataclass(frozen=True, slots=True)
class Section:
    """How one kind of request is decided: returns, wrong items sent, faulty items."""

    outcomes: tuple[Outcome, ...]
    clause: str = ""
    excluded_tags: tuple[Tag, ...] = ()
    exclusion_clause: str = ""
    # A paid amount below the list price counts as `discounted` even when the tag is missing.
    infer_discount: bool = False
    restocking_fee_percent: Decimal = Decimal(0)
    fee_clause: str = ""
    store_restrictions: tuple[StoreRestriction, ...] = ()
    denied_findings: tuple[Finding, ...] = ()  # faulty-item claims only
    requires: tuple[Requirement, ...] = ()  # required for every outcome of the section


@dataclass(frozen=True, slots=True)
class CancelRule:
    allow_before_dispatch: tuple[Resolution, ...]
    fee_percent: Decimal
    clause: str


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    source: str
    returns: Section  # change of mind and wrong size: the customer's own reasons
    wrong_item: Section  # the retailer sent the wrong thing
    fault: Section  # a faulty item, judged on the staff's inspection
    cancel: CancelRule
    shipping_clause: str
    settings: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def sections(self) -> dict[str, Section]:
        return {"return": self.returns, "wrong_item": self.wrong_item, "fault": self.fault}
