"""The PDF documents: text read back out of the files, page sizes, photos, totals; and a PNG render
with pdftoppm where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from storepos.devices.printing.demo import demo_reports
from storepos.devices.printing.documents import DocumentError
from storepos.devices.printing.pdf import render_pdf
from tests.pdf_text import image_count, media_box, pdf_text

LETTER = (612.0, 792.0)
A4 = (595.2756, 841.8898)


@pytest.fixture(scope="module")
def reports() -> list[object]:
    return demo_reports()


def test_mail_back_return_form(reports: list[object]) -> None:
    data = render_pdf(reports[0])
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for expected in ["RETURN FORM", "R-T01-000126", "SM-100251", "Zoë O'Brien",
                     "Montréal QC H2Y 1Y6", "Birkenstock Arizona — Taupe Suède", "Defective",
                     "Replacement", "Merino wool socks, 2-pack", "SHIP TO",
                     "SoftMoc Returns Centre", "1400 Castlefield Ave", "cut here", "Mar 3, 2025"]:
        assert expected in text, expected
    assert text.count("R-T01-000126") >= 3  # title, barcode label on the form and on the label
    assert media_box(data) == LETTER  # a Canadian store prints on Letter


def test_page_size_follows_the_store_or_the_request(reports: list[object]) -> None:
    form = reports[0]
    store = replace(form.header.store, locale="en_AU", currency="AUD",
                    time_zone="Australia/Sydney")
    australian = replace(form, header=replace(form.header, store=store))
    assert media_box(render_pdf(australian)) == pytest.approx(A4, abs=0.01)
    assert media_box(render_pdf(form, "A4")) == pytest.approx(A4, abs=0.01)
    with pytest.raises(DocumentError, match="A4 or Letter"):
        render_pdf(form, "tabloid")


def test_warranty_report_carries_the_photos(reports: list[object]) -> None:
    data = render_pdf(reports[1])
    assert image_count(data) == 3
    text = pdf_text(data)
    for expected in ["WARRANTY CLAIM", "W-T01-000031", "Jürgen Weiß", "Sole separation",
                     "No sign of misuse or heat damage.", "Approved", "Replacement",
                     "Marc-André Gagné (manager)", "Inspection photos (3)",
                     "Left boot, sole separated at the toe (4 cm)"]:
        assert expected in text, expected


def test_end_of_day_totals_by_tender_and_reason(reports: list[object]) -> None:
    report = reports[2]
    assert report.total == Decimal("638.60")
    assert sum(a for _, _, a in report.by_tender()) == report.total
    assert sum(a for _, _, a in report.by_reason()) == report.total
    assert report.by_tender()[0] == ("card", 3, Decimal("409.99"))
    text = pdf_text(render_pdf(report))
    for expected in ["RETURNS - END OF DAY", "Business date: Feb 1, 2025", "By tender",
                     "By reason", "Refunded by reason", "Refunded by tender", "$638.60",
                     "$409.99", "Change of mind", "$275.16", "Gift card ••••0981",
                     "VISA ••••0067", "Store credit ••••4300", "Jonas Weiß", "$46.54"]:
        assert expected in text, expected
    assert "GC-T02-00000981" not in text  # value-card numbers are masked in reports too


def test_french_store_and_characters_outside_the_font(reports: list[object]) -> None:
    french = demo_reports("fr_CA")[2]
    text = pdf_text(render_pdf(french))
    assert "638,60 $" in text and "Changement d'avis" in text
    form = reports[0]
    odd = replace(form, customer="Łukasz Dvořák 東京")
    assert "Lukasz Dvorák __" in pdf_text(render_pdf(odd))


@pytest.mark.skipif(shutil.which("pdftoppm") is None,
                    reason="pdftoppm (poppler-utils) not installed")
def test_pdfs_render_to_png(reports: list[object], tmp_path: Path) -> None:
    for index, report in enumerate(reports):
        pdf = tmp_path / f"r{index}.pdf"
        pdf.write_bytes(render_pdf(report))
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / f"r{index}")], check=True, capture_output=True)
        png = next(tmp_path.glob(f"r{index}-*.png"))
        assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000
