"""Warranty claims at the counter: opened from an order line or a proof of purchase, inspected,
photos stored, submitted to the managers' queue. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storepos.domain.errors import InvalidInput
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.vocabulary import WarrantyStatus
from storepos.domain.warranty import MAX_PHOTO_BYTES, ClaimRefused, DefectCategory
from storepos.persistence.models import AuditEvent, WarrantyClaim, WarrantyPhoto
from storepos.services.base.order_lookup import find_order
from storepos.services.staff.auth import PermissionDenied
from storepos.services.warranty import words
from storepos.services.warranty.claims import (
    ClaimNotFound,
    attach_photo,
    attach_photo_file,
    claim_photos,
    claim_queue,
    get_claim,
    list_claims,
    open_claim_from_order,
    open_claim_from_proof,
    record_inspection,
    submit_claim,
)
from storepos.services.warranty.types import ClaimView
from tests.integration.warranty_world import JPEG, PLACED, PNG, D, build


def test_open_a_claim_from_an_order_line(db_engine: Engine) -> None:
    w = build(db_engine)

    def action(s: Session) -> ClaimView:
        order = find_order(s, w.order_number, "COTE")  # the counter's lookup
        return open_claim_from_order(s, w.stock_clerk, order.id, 1, notes="Customer: sole loose")

    view = w.run(action)
    assert parse_number(view.number).kind is NumberKind.WARRANTY_CLAIM
    assert view.status is WarrantyStatus.OPEN and view.has_order
    assert (view.order_number, view.placed_on, view.customer_name) == (
        w.order_number, PLACED, "Ana Côté")
    assert view.item.description == "Timberland 6-inch Premium Boot, Black, size 8"
    assert view.item.paid == D("140.00") and view.item.line_no == 1
    assert view.notes == "Customer: sole loose" and view.findings == ()
    assert w.events(view.id) == ["warranty.opened"]
    with pytest.raises(ClaimRefused, match=f"already has warranty claim {view.number}"):
        w.run(lambda s: open_claim_from_order(s, w.cashier, w.order_id, 1))
    with pytest.raises(InvalidInput, match="has no line 2"):
        w.run(lambda s: open_claim_from_order(s, w.cashier, w.order_id, 2))


def test_open_a_claim_from_a_proof_of_purchase(db_engine: Engine) -> None:
    w = build(db_engine)
    view = w.run(lambda s: open_claim_from_proof(
        s, w.cashier, "Paper receipt 0042-118, 3 March 2025", "Ugg Classic Mini, chestnut, 7"))
    assert not view.has_order and view.order_number is None
    assert view.proof_of_purchase == "Paper receipt 0042-118, 3 March 2025"
    assert view.item.description == "Ugg Classic Mini, chestnut, 7" and view.item.paid is None
    inspected = w.run(lambda s: record_inspection(
        s, w.cashier, view.number, defect_category="stitching", notes="Heel seam open",
        defect_confirmed=True, wear_and_tear=False, misuse=False))
    assert inspected.item.description == "Ugg Classic Mini, chestnut, 7"  # kept
    assert inspected.notes == "Heel seam open" and inspected.findings == ("Defect confirmed",)
    with pytest.raises(InvalidInput, match="Type the proof of purchase"):
        w.run(lambda s: open_claim_from_proof(s, w.cashier, "  ", "A boot"))
    with pytest.raises(InvalidInput, match="card number"):
        w.run(lambda s: open_claim_from_proof(s, w.cashier, "paid 4111 1111 1111 1111", "A boot"))


def test_photos_are_stored_with_their_bytes(db_engine: Engine, tmp_path: Path) -> None:
    w = build(db_engine)
    number = w.claim(submit=False)
    first = w.run(lambda s: attach_photo(s, w.cashier, number, "toe.jpg", JPEG, "image/jpeg"))
    file = tmp_path / "heel.png"
    file.write_bytes(PNG)
    w.clock.advance(minutes=1)
    second = w.run(lambda s: attach_photo_file(s, w.cashier, number, file))
    assert (first.media_type, second.media_type, second.size) == (
        "image/jpeg", "image/png", len(PNG))
    photos = w.run(lambda s: claim_photos(s, w.cashier, number))
    assert [(p.filename, p.content) for p in photos] == [("toe.jpg", JPEG), ("heel.png", PNG)]
    assert w.run(lambda s: get_claim(s, w.cashier, number)).photo_count == 2

    big = tmp_path / "huge.jpg"
    big.write_bytes(JPEG + b"\x00" * MAX_PHOTO_BYTES)
    # The domain refuses in codes; the screen's words say them (services/warranty/words.py).
    with pytest.raises(InvalidInput) as refused:
        w.run(lambda s: attach_photo_file(s, w.cashier, number, big))
    assert "huge.jpg is 5.1 MB; a claim photo can be at most 5" in str(words.refusal(refused.value))
    with pytest.raises(InvalidInput) as refused:
        w.run(lambda s: attach_photo(s, w.cashier, number, "notes.txt", b"hello there"))
    assert "not a JPEG, PNG, WebP or HEIC photo" in str(words.refusal(refused.value))
    with pytest.raises(InvalidInput) as refused:
        w.run(lambda s: attach_photo(s, w.cashier, number, "x.png", JPEG, "image/png"))
    assert "says it is image/png, but it is a image/jpeg" in str(words.refusal(refused.value))
    with w.factory() as s:
        claim_id = s.scalars(select(WarrantyClaim.id).where(WarrantyClaim.number == number)).one()
        assert len(s.scalars(select(WarrantyPhoto).where(
            WarrantyPhoto.claim_id == claim_id)).all()) == 2


def test_submit_needs_the_inspection_and_freezes_it(db_engine: Engine) -> None:
    w = build(db_engine)
    number = w.run(lambda s: open_claim_from_order(s, w.cashier, w.order_id, 1)).number
    with pytest.raises(ClaimRefused, match="Fill in the inspection"):
        w.run(lambda s: submit_claim(s, w.cashier, number))
    w.clock.advance(minutes=1)  # the audit rows keep their order
    w.run(lambda s: record_inspection(
        s, w.stock_clerk, number, defect_category=DefectCategory.UPPER_TEAR, notes="",
        defect_confirmed=True, wear_and_tear=True, misuse=False))
    w.clock.advance(minutes=1)
    view = w.run(lambda s: submit_claim(s, w.stock_clerk, number))
    assert view.status is WarrantyStatus.SUBMITTED
    assert view.findings == ("Defect confirmed", "Wear and tear")
    assert view.inspected_by == w.stock_clerk.employee_name
    with pytest.raises(ClaimRefused, match="claim_not_editable"):
        w.run(lambda s: record_inspection(
            s, w.cashier, number, defect_category="lining", notes="", defect_confirmed=True,
            wear_and_tear=False, misuse=False))
    with pytest.raises(ClaimRefused, match=r"claim_already .*status=submitted"):
        w.run(lambda s: submit_claim(s, w.cashier, number))
    assert w.events(view.id) == ["warranty.opened", "warranty.inspected", "warranty.submitted"]


def test_the_managers_queue_holds_submitted_claims_only(db_engine: Engine) -> None:
    w = build(db_engine)
    waiting = w.claim()
    w.clock.advance(minutes=5)
    still_open = w.run(lambda s: open_claim_from_proof(s, w.cashier, "Receipt 77", "Sandal"))
    queue = w.run(lambda s: claim_queue(s, w.manager))
    assert [c.number for c in queue] == [waiting]
    with pytest.raises(PermissionDenied, match="Only a manager"):
        w.run(lambda s: claim_queue(s, w.cashier))
    everything = w.run(lambda s: list_claims(s, w.cashier))
    assert [c.number for c in everything] == [still_open.number, waiting]
    opened = w.run(lambda s: list_claims(s, w.cashier, WarrantyStatus.OPEN))
    assert [c.number for c in opened] == [still_open.number]


def test_a_claim_of_another_store_is_not_found_here(db_engine: Engine) -> None:
    w, other = build(db_engine), build(db_engine)
    number = other.claim()
    with pytest.raises(ClaimNotFound, match="decide it there"):
        w.run(lambda s: get_claim(s, w.cashier, number))
    with w.factory() as s:  # nothing was written by the refused look-up
        assert s.scalar(select(AuditEvent.id).where(
            AuditEvent.store_id == w.store_id, AuditEvent.subject_type == "warranty_claim")) is None
