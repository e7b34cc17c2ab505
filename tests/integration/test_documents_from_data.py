"""The PDF documents made from real data, as their screens make them: the mail-back return form of
a requested Return ID, and the warranty claim report of a saved claim with its photos. Each PDF is
read back with pdftotext (poppler) when the machine has it, else checked as a PDF by its bytes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storepos.domain.vocabulary import (
    Channel,
    Fulfillment,
    Reason,
    ReturnStatus,
    Role,
)
from storepos.persistence.db import make_session_factory
from storepos.persistence.models.returns import Return, ReturnLine
from storepos.persistence.uow import UnitOfWork
from storepos.services.returns.mail_back import NotARequest, mail_back_form, mail_back_pdf
from storepos.services.warranty.claims import attach_photo_file
from storepos.services.warranty.report import claim_report, claim_report_pdf
from tests.factories import (
    FixedClock,
    actor_for,
    card,
    make_customer,
    make_employee,
    make_order,
    make_product,
    make_store,
)
from tests.integration import warranty_world

PLACED = date(2025, 3, 1)
RECEIVED = date(2025, 3, 4)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def requested_return(engine: Engine, *, status: ReturnStatus = ReturnStatus.REQUESTED):
    """A web order of two pairs, and a Return ID customer care issued for one of them."""
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        s = uow.session
        store = make_store(s, policy="softmoc")
        store.address = "220 Yonge St, Toronto, ON M5B 2H1"
        clerk = make_employee(s, store, Role.STOCK)
        sizes = make_product(s, store, price="120.00", sizes=("7", "8"), on_hand=2,
                             brand="Blundstone", name="Chelsea Boot 585")
        order = make_order(s, [(sizes["7"], 1, "120.00"), (sizes["8"], 1, "120.00")],
                           tenders=[card("240.00")], customer=make_customer(s, first="Ana"),
                           placed_on=PLACED, received_on=RECEIVED, channel=Channel.ONLINE,
                           fulfillment=Fulfillment.SHIP_TO_HOME)
        first_line = order.lines[0]
        ret = Return(return_number="R-WEB-000777", order_id=order.id, status=status)
        s.add(ret)
        s.flush()
        s.add(ReturnLine(return_id=ret.id, order_line_id=first_line.id, quantity=1,
                         reason=Reason.WRONG_SIZE, condition={}))
        uow.commit()
        actor = actor_for(clerk, store, clock=FixedClock())
    return factory, actor


def test_the_form_carries_the_request_the_policy_date_and_the_store(sqlite_engine: Engine,
                                                                      tmp_path: Path) -> None:
    factory, actor = requested_return(sqlite_engine)
    with factory() as s:
        form = mail_back_form(s, actor, "r-web-000777")  # typed the way a customer reads it out
        pdf = mail_back_pdf(s, actor, "R-WEB-000777")
    assert form.return_id == "R-WEB-000777"
    assert [(i.description, i.size, i.quantity, i.reason) for i in form.items] == [
        ("Blundstone Chelsea Boot 585", "7", 1, "wrong_size")]  # only the line on the Return ID
    # SoftMoc: 75 days from purchase for a refund, 90 days for an exchange or store credit.
    assert form.return_by == date(2025, 5, 30)
    assert form.customer == "Ana Côté"
    text = pdf_text(pdf, tmp_path)
    for expected in ("R-WEB-000777", "Chelsea Boot 585", "220 Yonge St", "Ana Côté"):
        assert expected in text


def test_a_completed_return_has_no_form(sqlite_engine: Engine) -> None:
    factory, actor = requested_return(sqlite_engine, status=ReturnStatus.COMPLETED)
    with factory() as s, pytest.raises(NotARequest, match="already completed"):
        mail_back_form(s, actor, "R-WEB-000777")


def _photo(tmp_path: Path, name: str, hue: tuple[int, int, int]) -> Path:
    from PIL import Image

    path = tmp_path / name
    Image.new("RGB", (320, 240), hue).save(path, format="JPEG")
    return path


def test_the_claim_report_is_the_saved_claim_with_its_photos(sqlite_engine: Engine,
                                                             tmp_path: Path) -> None:
    world = warranty_world.build(sqlite_engine)
    number = world.claim(submit=False)

    def attach(s: Session) -> None:
        for name, hue in (("sole-left.jpg", (120, 84, 50)), ("sole-right.jpg", (60, 90, 140))):
            attach_photo_file(s, world.cashier, number, _photo(tmp_path, name, hue))
    world.run(attach)
    with world.factory() as s:
        report = claim_report(s, world.cashier, number)
        pdf = claim_report_pdf(s, world.cashier, number)
    assert report.claim_number == number
    assert [p.filename for p in report.photos] == ["sole-left.jpg", "sole-right.jpg"]
    assert report.defect_confirmed and not report.misuse
    assert report.description == "Left sole separating at the toe"
    text = pdf_text(pdf, tmp_path)
    assert number in text and "6-inch Premium Boot" in text
    assert "Left sole separating at the toe" in text
    assert pdf.count(b"/Subtype /Image") >= 2  # both photos drawn, not only named


def test_money_in_the_report_is_exact(sqlite_engine: Engine) -> None:
    """The form lists no price (a parcel's content, not a refund promise): nothing to round."""
    factory, actor = requested_return(sqlite_engine)
    with factory() as s:
        form = mail_back_form(s, actor, "R-WEB-000777")
    assert all(item.amount == Decimal("0.00") for item in form.items)
