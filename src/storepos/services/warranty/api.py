"""The warranty feature's one door for its screen: `WarrantyDoor` is what both presenters take (the
tests hand them a fake), `WarrantyServices` is the real one. Each method is one step, called inside
`AppContext.run` (one transaction), so a decision, its outcome and its printed ticket are saved
together; arguments and results are plain dataclasses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlalchemy.orm import Session

from storepos.domain.vocabulary import Resolution
from storepos.domain.warranty import DefectCategory
from storepos.services.base import order_lookup
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import OrderView
from storepos.services.printing.paper import QueuedPaper
from storepos.services.staff.approvals import Approval
from storepos.services.warranty import claims as warranty
from storepos.services.warranty import decisions as warranty_decisions
from storepos.services.warranty.report import claim_report_pdf
from storepos.services.warranty.ticket import queue_claim_ticket
from storepos.services.warranty.types import (
    ClaimOptions,
    ClaimPhoto,
    ClaimTicket,
    ClaimView,
    PhotoInfo,
)


@dataclass(frozen=True, slots=True)
class Inspection:
    """The inspection form as typed (also kept as a draft when staff step away)."""

    category: DefectCategory | None
    notes: str
    defect_confirmed: bool
    wear_and_tear: bool
    misuse: bool


@dataclass(frozen=True, slots=True)
class ClaimFile:
    """A claim as the inspection page shows it, with its photos' names (not their bytes)."""

    claim: ClaimView
    photo_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decided:
    ticket: ClaimTicket
    paper: QueuedPaper | None  # None: shown, not printed


@runtime_checkable
class WarrantyDoor(Protocol):
    # -- opening and inspecting ------------------------------------------------------------
    def find_order(self, session: Session, actor: Actor, number: str,
                   last_name: str) -> OrderView: ...

    def open_from_order(self, session: Session, actor: Actor, order_id: uuid.UUID,
                        line_no: int) -> ClaimFile: ...

    def open_from_proof(self, session: Session, actor: Actor, proof: str,
                        item: str) -> ClaimFile: ...

    def claim(self, session: Session, actor: Actor, number: str) -> ClaimFile: ...

    def recent(self, session: Session, actor: Actor) -> tuple[ClaimView, ...]: ...

    def save(self, session: Session, actor: Actor, number: str,
             form: Inspection) -> ClaimView: ...

    def attach(self, session: Session, actor: Actor, number: str,
               path: str | Path) -> PhotoInfo: ...

    def submit(self, session: Session, actor: Actor, number: str, form: Inspection) -> Decided:
        """Save the form as it stands and send the claim to the managers' queue."""
        ...

    # -- the managers' queue ---------------------------------------------------------------
    def queue(self, session: Session, actor: Actor) -> tuple[ClaimView, ...]: ...

    def options(self, session: Session, actor: Actor, number: str) -> ClaimOptions: ...

    def photos(self, session: Session, actor: Actor,
               number: str) -> tuple[ClaimPhoto, ...]: ...

    def approve(self, session: Session, actor: Actor, number: str, outcome: Resolution,
                approval: Approval, *, override: bool,
                credit_amount: Decimal | None) -> Decided: ...

    def deny(self, session: Session, actor: Actor, number: str,
             approval: Approval) -> Decided: ...

    # -- tickets ---------------------------------------------------------------------------
    def ticket(self, session: Session, actor: Actor, number: str) -> Decided: ...

    def print_ticket(self, session: Session, actor: Actor, number: str) -> Decided: ...

    def repair_done(self, session: Session, actor: Actor, number: str) -> Decided: ...

    # -- the claim report (PDF, with the photos) -------------------------------------------
    def report_pdf(self, session: Session, actor: Actor, number: str) -> bytes: ...


class WarrantyServices:
    """`WarrantyDoor` over the warranty services."""

    # -- opening and inspecting ------------------------------------------------------------
    def find_order(self, session: Session, actor: Actor, number: str,
                   last_name: str) -> OrderView:
        return order_lookup.find_order(session, number, last_name)

    def open_from_order(self, session: Session, actor: Actor, order_id: uuid.UUID,
                        line_no: int) -> ClaimFile:
        return ClaimFile(warranty.open_claim_from_order(session, actor, order_id, line_no), ())

    def open_from_proof(self, session: Session, actor: Actor, proof: str,
                        item: str) -> ClaimFile:
        return ClaimFile(warranty.open_claim_from_proof(session, actor, proof, item), ())

    def claim(self, session: Session, actor: Actor, number: str) -> ClaimFile:
        view = warranty.get_claim(session, actor, number)
        names = tuple(p.filename for p in warranty.claim_photos(session, actor, view.number))
        return ClaimFile(view, names)

    def recent(self, session: Session, actor: Actor) -> tuple[ClaimView, ...]:
        return warranty.list_claims(session, actor, limit=100)

    def save(self, session: Session, actor: Actor, number: str, form: Inspection) -> ClaimView:
        return warranty.record_inspection(
            session, actor, number, defect_category=form.category or "", notes=form.notes,
            defect_confirmed=form.defect_confirmed, wear_and_tear=form.wear_and_tear,
            misuse=form.misuse)

    def attach(self, session: Session, actor: Actor, number: str,
               path: str | Path) -> PhotoInfo:
        return warranty.attach_photo_file(session, actor, number, path)

    def submit(self, session: Session, actor: Actor, number: str, form: Inspection) -> Decided:
        self.save(session, actor, number, form)
        warranty.submit_claim(session, actor, number)
        return Decided(warranty_decisions.claim_ticket(session, actor, number), None)

    # -- the managers' queue ---------------------------------------------------------------
    def queue(self, session: Session, actor: Actor) -> tuple[ClaimView, ...]:
        return warranty.claim_queue(session, actor)

    def options(self, session: Session, actor: Actor, number: str) -> ClaimOptions:
        return warranty_decisions.claim_options(session, actor, number)

    def photos(self, session: Session, actor: Actor, number: str) -> tuple[ClaimPhoto, ...]:
        return warranty.claim_photos(session, actor, number)

    def approve(self, session: Session, actor: Actor, number: str, outcome: Resolution,
                approval: Approval, *, override: bool,
                credit_amount: Decimal | None) -> Decided:
        ticket = warranty_decisions.approve_claim(session, actor, number, outcome, approval,
                                                  override=override,
                                                  credit_amount=credit_amount)
        return Decided(ticket, queue_claim_ticket(session, actor, ticket))

    def deny(self, session: Session, actor: Actor, number: str, approval: Approval) -> Decided:
        ticket = warranty_decisions.deny_claim(session, actor, number, approval)
        return Decided(ticket, queue_claim_ticket(session, actor, ticket))

    # -- tickets ---------------------------------------------------------------------------
    def ticket(self, session: Session, actor: Actor, number: str) -> Decided:
        return Decided(warranty_decisions.claim_ticket(session, actor, number), None)

    def print_ticket(self, session: Session, actor: Actor, number: str) -> Decided:
        ticket = warranty_decisions.claim_ticket(session, actor, number)
        return Decided(ticket, queue_claim_ticket(session, actor, ticket))

    def repair_done(self, session: Session, actor: Actor, number: str) -> Decided:
        ticket = warranty_decisions.complete_repair(session, actor, number)
        return Decided(ticket, queue_claim_ticket(session, actor, ticket))

    # -- the claim report (PDF, with the photos) -------------------------------------------
    def report_pdf(self, session: Session, actor: Actor, number: str) -> bytes:
        return claim_report_pdf(session, actor, number)
