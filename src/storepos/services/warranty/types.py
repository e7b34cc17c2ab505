"""What the warranty screens get back: plain frozen dataclasses, readable after the session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from storepos.domain.policy import Inspection
from storepos.domain.policy.reasons import Explanation
from storepos.domain.vocabulary import Resolution, WarrantyStatus
from storepos.domain.warranty import DefectCategory


@dataclass(frozen=True, slots=True)
class ClaimItem:
    """The shoe the claim is about: an order line, or what staff described (proof of purchase)."""

    description: str
    upc: str = ""
    colour: str = ""
    size: str = ""
    variant_id: uuid.UUID | None = None
    line_no: int | None = None
    quantity: int = 1
    paid: Decimal | None = None  # for the whole line


@dataclass(frozen=True, slots=True)
class ClaimView:
    id: uuid.UUID
    number: str
    status: WarrantyStatus
    store_id: uuid.UUID
    created_at: datetime
    order_id: uuid.UUID | None
    order_number: str | None
    order_line_id: uuid.UUID | None
    placed_on: date | None
    customer_name: str
    proof_of_purchase: str  # free text when there is no order (e.g. a paper receipt number)
    item: ClaimItem
    defect_category: DefectCategory | None
    notes: str
    inspection: Inspection
    findings: tuple[str, ...]  # the inspection in words
    inspected_by: str | None
    photo_count: int
    outcome: Resolution | None
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None

    @property
    def has_order(self) -> bool:
        return self.order_id is not None


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    id: uuid.UUID
    claim_number: str
    filename: str
    media_type: str
    size: int


@dataclass(frozen=True, slots=True)
class ClaimPhoto:
    """A photo with its bytes, for the claim report."""

    id: uuid.UUID
    filename: str
    media_type: str
    content: bytes
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """What the store's policy allows for a submitted claim, for the manager to choose from."""

    claim_number: str
    policy: str
    today: date  # store-local
    has_order: bool
    allowed: tuple[Resolution, ...]  # empty: the policy denies it (or there is no order)
    reasons: tuple[str, ...]  # the policy's sentences, in the language of the screen that asked
    value: Decimal  # the pair's share of what was paid: refunded or credited
    needs_override: bool  # no outcome within the policy: only a manager override
    replacement_variant_id: uuid.UUID | None
    replacement_description: str
    replacement_on_hand: int  # of the same size and colour at this store
    policy_title: str = ""  # as people read it ("SoftMoc"); `policy` is its file name ("softmoc")
    explained: tuple[Explanation, ...] = ()  # `reasons` as codes: kept with the decision, worded when read


@dataclass(frozen=True, slots=True)
class ClaimTicket:
    """Everything the claim ticket prints: who found what, who decided what, and what was done."""

    claim_number: str
    status: WarrantyStatus
    store_code: str
    store_name: str
    created_at: datetime
    order_number: str | None
    proof_of_purchase: str
    purchased_on: date | None
    customer_name: str
    item: ClaimItem
    defect: str  # the category in words
    notes: str
    findings: tuple[str, ...]
    inspected_by: str | None
    photo_count: int
    allowed: tuple[Resolution, ...]  # what the policy allowed when it was decided
    policy_reasons: tuple[str, ...]
    outcome: Resolution | None
    overridden: bool  # decided outside the policy by a manager
    decision_reason: str | None
    decided_by: str | None
    decided_at: datetime | None
    refund_return_number: str | None = None
    refunded: Decimal | None = None
    gift_card_number: str | None = None
    gift_card_amount: Decimal | None = None
    replacement: str | None = None  # the pair handed out
    employee_name: str = ""  # who printed it
    printed_at: datetime | None = None
