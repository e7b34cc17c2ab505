"""Warranty claims at the counter: open a claim (from an order line, or from a proof of purchase),
fill in the inspection, attach photos, submit it to a manager; the managers' queue; the claim
ticket. Decisions (approve / deny, carried out at once) are in `warranty_decisions`.

Like every service: the caller's Session and Actor in, plain frozen dataclasses out, nothing
committed here; every change goes through `journal.record`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from storepos.domain import warranty as rules
from storepos.domain.cards import mask_card_numbers, refuse_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.policy import Inspection
from storepos.domain.vocabulary import Resolution, Role, WarrantyStatus
from storepos.domain.warranty import ClaimRefused, DefectCategory
from storepos.i18n import N_, _
from storepos.persistence.models import (
    Customer,
    Employee,
    Order,
    OrderLine,
    Product,
    Store,
    Variant,
    WarrantyClaim,
    WarrantyPhoto,
)
from storepos.services.base import journal
from storepos.services.base.context import Actor
from storepos.services.base.numbering import next_number
from storepos.services.base.order_lookup import LineView, OrderView, load_order
from storepos.services.staff.auth import require_role
from storepos.services.warranty import words
from storepos.services.warranty.types import ClaimItem, ClaimPhoto, ClaimView, PhotoInfo

W = WarrantyStatus
STAFF = (Role.CASHIER, Role.STOCK, Role.MANAGER)
UNFINISHED = (W.OPEN.value, W.SUBMITTED.value, W.APPROVED.value)


class ClaimNotFound(StoreposError, LookupError):
    """No warranty claim with that number at this store."""


# -- reading ---------------------------------------------------------------------------------------

_inspector, _decider = aliased(Employee), aliased(Employee)
_PHOTOS = (select(func.count(WarrantyPhoto.id)).where(WarrantyPhoto.claim_id == WarrantyClaim.id)
           .scalar_subquery())
_VIEW = (
    select(
        WarrantyClaim, Order.number.label("order_number"), Order.billing_last_name,
        Order.placed_on, Customer.first_name, Customer.last_name, OrderLine.line_no,
        OrderLine.quantity, OrderLine.paid, Variant.id.label("variant_id"), Variant.upc,
        Variant.colour, Variant.size, Product.brand, Product.name.label("product_name"),
        _inspector.name.label("inspector"), _decider.name.label("decider"),
        _PHOTOS.label("photos"),
    )
    .outerjoin(Order, Order.id == WarrantyClaim.order_id)
    .outerjoin(Customer, Customer.id == Order.customer_id)
    .outerjoin(OrderLine, OrderLine.id == WarrantyClaim.order_line_id)
    .outerjoin(Variant, Variant.id == OrderLine.variant_id)
    .outerjoin(Product, Product.id == Variant.product_id)
    .outerjoin(_inspector, _inspector.id == WarrantyClaim.inspected_by)
    .outerjoin(_decider, _decider.id == WarrantyClaim.decided_by)
)


def _utc(moment: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without a zone; they are stored in UTC.
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _customer(first: str | None, last: str | None, billing_last_name: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or billing_last_name or ""


def inspection_of(claim: WarrantyClaim) -> Inspection:
    return Inspection(defect_confirmed=claim.defect_confirmed,
                      wear_and_tear=claim.wear_and_tear, misuse=claim.misuse)


def _item(r: Any, described: str) -> ClaimItem:
    if r.variant_id is None:
        return ClaimItem(description=described or _("(item not described)"))
    return ClaimItem(
        description=_("{brand} {product}, {colour}, size {size}").format(
            brand=r.brand, product=r.product_name, colour=r.colour, size=r.size), upc=r.upc,
        colour=r.colour, size=r.size, variant_id=r.variant_id, line_no=r.line_no,
        quantity=r.quantity, paid=r.paid,
    )


def _view(r: Any) -> ClaimView:
    c: WarrantyClaim = r.WarrantyClaim
    described, notes = rules.split_notes(c.notes)
    inspection = inspection_of(c)
    return ClaimView(
        id=c.id, number=c.number, status=W(c.status), store_id=c.store_id,
        created_at=_utc(c.created_at) or c.created_at, order_id=c.order_id,
        order_number=r.order_number, order_line_id=c.order_line_id, placed_on=r.placed_on,
        customer_name=_customer(r.first_name, r.last_name, r.billing_last_name),
        proof_of_purchase=c.proof_of_purchase, item=_item(r, described),
        defect_category=DefectCategory(c.defect_category) if c.defect_category else None,
        notes=notes, inspection=inspection,
        findings=words.finding_ids(inspection) if c.inspected_by else (),
        inspected_by=r.inspector, photo_count=r.photos,
        outcome=Resolution(c.outcome) if c.outcome else None, decided_by=r.decider,
        decided_at=_utc(c.decided_at), decision_reason=c.decision_reason,
    )


def view_of(session: Session, claim: WarrantyClaim) -> ClaimView:
    session.flush()
    return _view(session.execute(_VIEW.where(WarrantyClaim.id == claim.id)).one())


def claim_for_update(session: Session, actor: Actor, number: str, *,
                     lock: bool = True) -> WarrantyClaim:
    """This store's claim by its number (typed or scanned), locked against a second till."""
    wanted = str(parse_number(number))
    stmt = select(WarrantyClaim).where(WarrantyClaim.number == wanted)
    claim = session.scalars(stmt.with_for_update() if lock else stmt).first()
    if claim is None:
        raise ClaimNotFound(_("No warranty claim {number}.").format(number=wanted))
    if claim.store_id != actor.store_id:
        store = session.get(Store, claim.store_id)
        if store is not None:
            raise ClaimNotFound(_("Warranty claim {number} belongs to {store}; decide it "
                                  "there.").format(number=wanted, store=store.name))
        raise ClaimNotFound(_("Warranty claim {number} belongs to another store; decide it "
                              "there.").format(number=wanted))
    return claim


def order_and_line(session: Session, claim: WarrantyClaim) -> tuple[OrderView, LineView]:
    """The claim's order as order_lookup reads it (inside the caller's transaction)."""
    session.flush()  # order_lookup reads on the connection: it must see this transaction's rows
    order = load_order(session, claim.order_id) if claim.order_id else None
    assert order is not None  # the foreign key guarantees it
    line = next(ln for ln in order.lines if ln.id == claim.order_line_id)
    return order, line


def get_claim(session: Session, actor: Actor, number: str) -> ClaimView:
    require_role(actor, *STAFF, doing=N_("look up warranty claims"))
    return view_of(session, claim_for_update(session, actor, number, lock=False))


def list_claims(session: Session, actor: Actor, status: WarrantyStatus | None = None, *,
                limit: int = 200) -> tuple[ClaimView, ...]:
    """This store's claims (one status, or all), newest first."""
    require_role(actor, *STAFF, doing=N_("see warranty claims"))
    stmt = _VIEW.where(WarrantyClaim.store_id == actor.store_id)
    if status is not None:
        stmt = stmt.where(WarrantyClaim.status == W(status))
    stmt = stmt.order_by(WarrantyClaim.created_at.desc(), WarrantyClaim.number).limit(limit)
    return tuple(_view(r) for r in session.execute(stmt))


def claim_queue(session: Session, actor: Actor) -> tuple[ClaimView, ...]:
    """Submitted claims waiting for a manager's decision, oldest first."""
    require_role(actor, Role.MANAGER, doing=N_("see the warranty claim queue"))
    stmt = (_VIEW.where(WarrantyClaim.store_id == actor.store_id,
                        WarrantyClaim.status == W.SUBMITTED)
            .order_by(WarrantyClaim.created_at, WarrantyClaim.number))
    return tuple(_view(r) for r in session.execute(stmt))


def claim_photos(session: Session, actor: Actor, number: str) -> tuple[ClaimPhoto, ...]:
    """The claim's photos with their bytes, oldest first (for the claim report)."""
    require_role(actor, *STAFF, doing=N_("see warranty claim photos"))
    claim = claim_for_update(session, actor, number, lock=False)
    photos = session.scalars(select(WarrantyPhoto).where(WarrantyPhoto.claim_id == claim.id)
                             .order_by(WarrantyPhoto.created_at, WarrantyPhoto.filename))
    return tuple(ClaimPhoto(p.id, p.filename, p.media_type, p.content, p.created_at)
                 for p in photos)


# -- writing ---------------------------------------------------------------------------------------

def _free_text(text: str, *, what: str, limit: int) -> str:
    text = rules.clean_text(text, what=what, limit=limit)
    refuse_card_number(what, text)
    return text


def _new_claim(session: Session, actor: Actor, **fields: Any) -> WarrantyClaim:
    claim = WarrantyClaim(
        number=next_number(session, actor.till_id, actor.till_prefix, NumberKind.WARRANTY_CLAIM),
        store_id=actor.store_id, status=W.OPEN, created_at=actor.now(), **fields,
    )
    session.add(claim)
    session.flush()
    return claim


def open_claim_from_order(session: Session, actor: Actor, order_id: uuid.UUID, line_no: int,
                          *, notes: str = "") -> ClaimView:
    """A claim for one pair of an order line (the order found with `order_lookup`)."""
    require_role(actor, *STAFF, doing=N_("open warranty claims"))
    notes = _free_text(notes, what="the notes", limit=rules.NOTES_MAX)
    order = load_order(session, order_id)
    if order is None:
        raise InvalidInput(_("That order is not in the database."))
    try:
        line = order.line(line_no)
    except KeyError:
        raise InvalidInput(_("Order {order} has no line {line}.").format(
            order=order.number, line=line_no)) from None
    if line.remaining == 0:
        raise ClaimRefused(_("Line {line} ({item}) has already come back, so it can't be claimed "
                             "under warranty.").format(line=line_no, item=line.description))
    other = session.execute(select(WarrantyClaim.number, WarrantyClaim.status).where(
        WarrantyClaim.order_line_id == line.id, WarrantyClaim.status.in_(UNFINISHED))).first()
    if other is not None:
        raise ClaimRefused(_("Line {line} already has warranty claim {claim} ({status}); carry on "
                             "with that one.").format(line=line_no, claim=other.number,
                                                      status=words.status_words(W(other.status))))
    claim = _new_claim(session, actor, order_id=order.id, order_line_id=line.id, notes=notes)
    journal.record(session, actor, EventKind.WARRANTY_OPENED, "warranty_claim", claim.id, {
        "number": claim.number, "order_number": order.number, "line_no": line_no,
    })
    return view_of(session, claim)


def open_claim_from_proof(session: Session, actor: Actor, proof_of_purchase: str, item: str,
                          *, notes: str = "") -> ClaimView:
    """A claim with no order on file: the proof shown (e.g. a paper receipt number) and the item."""
    require_role(actor, *STAFF, doing=N_("open warranty claims"))
    proof = _free_text(proof_of_purchase, what="the proof of purchase", limit=200)
    if not proof:
        raise InvalidInput(_("Type the proof of purchase: the receipt or invoice number, and date."))
    described = _free_text(item, what="the item", limit=rules.ITEM_MAX).replace("\n", " ")
    if not described:
        raise InvalidInput(_("Describe the item: brand, style, colour and size."))
    notes = _free_text(notes, what="the notes", limit=rules.NOTES_MAX - rules.ITEM_MAX - 8)
    claim = _new_claim(session, actor, proof_of_purchase=proof,
                       notes=rules.compose_notes(described, notes))
    journal.record(session, actor, EventKind.WARRANTY_OPENED, "warranty_claim", claim.id, {
        "number": claim.number, "proof_of_purchase": proof, "item": described,
    })
    return view_of(session, claim)


def record_inspection(
    session: Session, actor: Actor, number: str, *, defect_category: DefectCategory | str,
    notes: str, defect_confirmed: bool, wear_and_tear: bool, misuse: bool,
) -> ClaimView:
    """The inspection form: the defect, what staff saw, the findings (while the claim is open)."""
    require_role(actor, *STAFF, doing=N_("inspect warranty claims"))
    try:
        category = DefectCategory(defect_category)
    except ValueError:
        raise InvalidInput(_("Choose the defect from the list.")) from None
    notes = _free_text(notes, what="the notes", limit=rules.NOTES_MAX - rules.ITEM_MAX - 8)
    claim = claim_for_update(session, actor, number)
    rules.check_editable(claim.number, W(claim.status))
    described, _old_notes = rules.split_notes(claim.notes)
    claim.defect_category, claim.notes = category.value, rules.compose_notes(described, notes)
    claim.defect_confirmed, claim.wear_and_tear, claim.misuse = (
        defect_confirmed, wear_and_tear, misuse)
    claim.inspected_by = actor.employee_id
    journal.record(session, actor, EventKind.WARRANTY_INSPECTED, "warranty_claim", claim.id, {
        "number": claim.number, "defect_category": category, "defect_confirmed": defect_confirmed,
        "wear_and_tear": wear_and_tear, "misuse": misuse,
    })
    return view_of(session, claim)


def attach_photo(session: Session, actor: Actor, number: str, filename: str, content: bytes,
                 media_type: str | None = None) -> PhotoInfo:
    """A photo of the defect (JPEG, PNG, WebP or HEIC, at most 5 MB), while open or submitted."""
    require_role(actor, *STAFF, doing=N_("add photos to warranty claims"))
    # The camera's file name, not typed by staff: a card number in it is masked, not refused.
    name = mask_card_numbers(Path(filename or "photo").name[:200])
    claim = claim_for_update(session, actor, number)
    if W(claim.status) not in (W.OPEN, W.SUBMITTED):
        raise ClaimRefused(_("Warranty claim {number} is already {status}; photos can't be "
                             "added.").format(number=claim.number,
                                              status=words.status_words(W(claim.status))))
    already = session.scalar(select(func.count(WarrantyPhoto.id))
                             .where(WarrantyPhoto.claim_id == claim.id)) or 0
    kind = rules.check_photo(name, content, media_type, already)
    photo = WarrantyPhoto(claim_id=claim.id, filename=name, media_type=kind, content=content,
                          created_at=actor.now())
    session.add(photo)
    session.flush()
    journal.record(session, actor, EventKind.WARRANTY_PHOTO_ADDED, "warranty_claim", claim.id, {
        "number": claim.number, "photo_id": photo.id, "filename": name, "media_type": kind,
        "bytes": len(content),
    })
    return PhotoInfo(photo.id, claim.number, name, kind, len(content))


def attach_photo_file(session: Session, actor: Actor, number: str, path: str | Path,
                      media_type: str | None = None) -> PhotoInfo:
    """`attach_photo` from a file; an oversized file is refused before it is read."""
    file = Path(path)
    try:
        rules.check_photo_size(file.name, file.stat().st_size)
        content = file.read_bytes()
    except OSError:
        raise InvalidInput(_("{filename} can't be read; choose the photo again.").format(
            filename=file.name)) from None
    return attach_photo(session, actor, number, file.name, content, media_type)


def submit_claim(session: Session, actor: Actor, number: str) -> ClaimView:
    """Send the inspected claim to the managers' queue."""
    require_role(actor, *STAFF, doing=N_("submit warranty claims"))
    claim = claim_for_update(session, actor, number)
    rules.check_move(claim.number, W(claim.status), W.SUBMITTED)
    if not claim.defect_category or claim.inspected_by is None:
        raise ClaimRefused(_("Fill in the inspection (the defect and the findings) before "
                           "submitting the claim."))
    claim.status = W.SUBMITTED
    journal.record(session, actor, EventKind.WARRANTY_SUBMITTED, "warranty_claim", claim.id,
                   {"number": claim.number})
    return view_of(session, claim)
