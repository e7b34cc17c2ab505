"""Every document kind, printed in fr_CA, holds no English word of the catalogue; printed in en_CA,
no French one. The slips are rendered to ESC/POS bytes and decoded as the printer reads them; the
PDFs are read back from the file (and through pdftotext where poppler is installed).

The English words are those of the source's messages (extracted as translators get them) that no
French translation also uses; a translation left as its English does not count as French, so only
the words listed in SAME ("Date", "Total", "Note") are taken as both. Brand and product names
are data, not catalogue words, and are not looked for; the test page's language samples (one line
per language, on purpose) are left out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from storepos.devices.printing import documents as d
from storepos.devices.printing.definitions import printer_models
from storepos.devices.printing.demo import demo_day_report, demo_documents, demo_header, demo_reports
from storepos.devices.printing.escpos_decode import decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.pdf import render_pdf
from storepos.devices.printing.receipts import LANGUAGE_SAMPLES, layout_document
from storepos.i18n.catalogues import LOCALE_DIR
from storepos.i18n.extract import extract_messages
from tests.pdf_text import pdf_text

_WORD = re.compile(r"[^\W\d_]{3,}")  # words of three letters or more ("by", "à" are not telling)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# SKUs, ids and amounts ("UL-RUN-42", "R-T01-000123") and the store's web site: data, not words.
_CODE = re.compile(r"\S*\d\S*|\b[\w-]+(?:\.[a-z][\w-]*)+\b")
# Names that are the same in every language (they may also be catalogue words), and the store's
# time zone as CLDR abbreviates it ("EST" is also the French "est").
NAMES = {"paypal", "interac", "visa", "mastercard", "softmoc", "ugg", "pdf", "est", "edt", "hne",
         "hae", "côté",  # Côté: the demo customer's surname (also a French word: "à côté")
         "esc"}  # the test page's ESC/POS command ("ESC t 16"); the French key says Échap
# One spelling in both languages ("app." is the French apartment of an address).
SAME = {"date", "total", "note", "inspection", "signature", "photos", "app"}
MODEL = "tm-t88"


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_CODE.sub(" ", _PLACEHOLDER.sub(" ", text)))}


@pytest.fixture(scope="module")
def vocabularies() -> tuple[set[str], set[str]]:
    """(English-only words, French-only words) of the catalogue."""
    english: set[str] = set()
    for message in extract_messages():
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            english |= _words(text)
    french: set[str] = set()
    for part in (LOCALE_DIR / "fr_CA" / "LC_MESSAGES").glob("*.po"):
        with part.open("rb") as handle:
            for message in read_po(handle, locale="fr_CA"):
                if message.id and message.string != message.id:  # left English: not French
                    strings = message.string if isinstance(message.string, tuple) else (
                        message.string,)
                    for text in strings:
                        french |= _words(text)
    return english - french - NAMES - SAME, french - english - NAMES - SAME


def _slips(locale: str) -> list[Any]:
    """The demo set, plus the variants that print the words the demo does not reach."""
    docs = demo_documents(locale)
    refund, exchange, credit, gift, slip, pickup, ticket = docs
    assert isinstance(refund, d.RefundReceipt) and isinstance(exchange, d.ExchangeReceipt)
    assert isinstance(gift, d.ValueCardSlip) and isinstance(pickup, d.PickupReceipt)
    assert isinstance(ticket, d.WarrantyTicket)
    extra = Decimal("10.00")
    shipped = replace(refund, shipping_refunded=extra, shipping_not_refunded=Decimal(0),
                      unpaid_not_refunded=Decimal("5.00"),
                      tenders=(refund.tenders[0], replace(refund.tenders[1],
                                                          amount=refund.tenders[1].amount + extra
                                                          - Decimal("5.00"))),
                      note="—")
    even = replace(exchange, issued=(replace(exchange.issued[0], amount=Decimal("189.99")),),
                   collected=())
    back = replace(exchange, issued=(replace(exchange.issued[0], amount=Decimal("179.99")),),
                   collected=(), refunds=(d.TenderLine("store_credit", Decimal("10.00"),
                                                       account_number="SC-T01-1"),))
    expiring = replace(gift, expires_on=date(2027, 2, 1))
    unchecked = replace(pickup, id_checked=False, id_kind="", collected_by="")
    decided = replace(ticket, status="approved", outcome="replacement", decision_reason="—")
    page = d.TestPage(demo_header(locale), printer_name="T01")
    open_day = replace(demo_day_report(locale), closed=False)  # the X report words "nothing closed"
    return [*docs, shipped, even, back, expiring, unchecked, decided, credit, slip, page,
            demo_day_report(locale), open_day]


def slip_texts(locale: str) -> list[tuple[str, str]]:
    model = printer_models()[MODEL]
    mark = d.CopyMark(d.CopyKind.REPRINT, datetime(2025, 2, 3, 15, 30, tzinfo=UTC))
    texts = []
    for index, document in enumerate(_slips(locale)):
        for copy in (None, mark) if index < 7 else (None,):
            data = render(layout_document(document, model, copy), model)
            text = decode(data, {model.code_page_table: model.code_page}).text
            texts.append((f"{document.kind}{' reprint' if copy else ''}", text))
    return texts


def pdf_texts(locale: str, folder: Path) -> list[tuple[str, str]]:
    texts = []
    for report in demo_reports(locale):
        data = render_pdf(report)
        texts.append((report.kind, pdf_text(data)))  # type: ignore[attr-defined]
        if shutil.which("pdftotext"):
            path = folder / f"{report.kind}.pdf"  # type: ignore[attr-defined]
            path.write_bytes(data)
            shown = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                                   capture_output=True, text=True).stdout
            texts.append((f"{report.kind} (pdftotext)", shown))  # type: ignore[attr-defined]
    return texts


def _leaks(texts: list[tuple[str, str]], foreign: set[str]) -> list[str]:
    found = []
    samples = _words(" ".join(LANGUAGE_SAMPLES))  # the test page shows each language on purpose
    for name, text in texts:
        words = sorted(_words(text) & foreign - (samples if name == "test_page" else set()))
        if words:
            found.append(f"{name}: {', '.join(words)}")
    return found


def test_every_document_in_french_has_no_english_word(
        vocabularies: tuple[set[str], set[str]], tmp_path: Path) -> None:
    english, _french = vocabularies
    assert {"refund", "customer", "address", "return"} <= english  # the check has teeth
    texts = slip_texts("fr_CA") + pdf_texts("fr_CA", tmp_path)
    kinds = {name.split(" ")[0] for name, _ in texts}
    assert set(d.DocumentKind) <= kinds  # every slip kind ...
    assert {"mail_back_return_form", "warranty_claim_report", "end_of_day_returns_report"} <= kinds
    assert not _leaks(texts, english), "\n".join(_leaks(texts, english))


def test_every_document_in_english_has_no_french_word(
        vocabularies: tuple[set[str], set[str]], tmp_path: Path) -> None:
    _english, french = vocabularies
    assert {"remboursement", "commande", "adresse"} <= french
    texts = slip_texts("en_CA") + pdf_texts("en_CA", tmp_path)
    assert not _leaks(texts, french), "\n".join(_leaks(texts, french))


def test_a_customers_copy_is_french_while_the_store_is_english() -> None:
    """The counter's language toggle: the document carries its language, the job keeps it."""
    from storepos.devices.printing.codec import from_json, to_json

    refund = demo_documents("en_CA")[0]
    french = d.in_language(refund, "fr_CA")
    assert french.header.store.locale == "en_CA"
    model = printer_models()[MODEL]
    again = from_json(to_json(french))  # as the print queue stores and reads it
    text = decode(render(layout_document(again, model), model),
                  {model.code_page_table: model.code_page}).text
    assert "REMBOURSEMENT" in text and "TOTAL REMBOURSÉ" in text and "240,96" in text
    assert "REFUND" not in text
    english = decode(render(layout_document(refund, model), model),
                     {model.code_page_table: model.code_page}).text
    assert "TOTAL REFUNDED" in english and "$240.96" in english
    assert d.in_language(refund, None) is refund
    with pytest.raises(d.DocumentError):
        d.in_language(refund, "français")


@pytest.mark.parametrize("locale", ["fr_CA", "en_CA"])
def test_no_heading_breaks_mid_word(locale: str) -> None:
    """The end-of-day table once printed "Caiss" / "e": every heading word is drawn whole."""
    from storepos.devices.printing.pdf import fit_widths
    from storepos.i18n import _, speaking

    report = demo_reports(locale)[2]
    drawn = pdf_text(render_pdf(report)).splitlines()
    with speaking(locale):
        headings = [_("Time"), _("Return ID"), _("Till"), _("Staff"), _("Reason"),
                    _("Refunded to"), _("Amount"), _("Tender"), _("Refunds"), _("Returns")]
    for heading in headings:
        for word in heading.split():
            assert any(word in line.split() for line in drawn), (word, locale)
    # A column too narrow for its heading's longest word takes room from the widest one.
    widths = fit_widths(["Remboursements", "x"], [30.0, 300.0])
    assert widths[0] > 30.0 and sum(widths) == pytest.approx(330.0)
