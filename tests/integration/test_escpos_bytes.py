"""Byte-level: every document through python-escpos's Dummy, decoded back to the paper's text."""

from __future__ import annotations

import pytest

from storepos.devices.printing import documents as d
from storepos.devices.printing.definitions import get_model
from storepos.devices.printing.demo import demo_documents, demo_header
from storepos.devices.printing.escpos_decode import (
    Decoded,
    DecodeError,
    DrawerKick,
    PaperCut,
    PrintedBarcode,
    PrintedQR,
    decode,
)
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document

MODELS = ["tm-t88", "tm-t20", "generic-58"]


def printed(document: object, model_name: str = "tm-t88") -> tuple[bytes, Decoded]:
    model = get_model(model_name)
    data = render(layout_document(document, model), model)
    return data, decode(data, {model.code_page_table: model.code_page})


def by_kind(locale: str = "en_CA") -> dict[str, object]:
    docs = demo_documents(locale)
    return {"refund": docs[0], "exchange": docs[1], "credit": docs[2], "gift": docs[3],
            "return_slip": docs[4], "pickup": docs[5], "warranty": docs[6]}


@pytest.mark.parametrize("model_name", MODELS)
@pytest.mark.parametrize("locale", ["en_CA", "fr_CA"])
def test_every_document_fits_the_paper_and_sets_one_code_page(model_name: str,
                                                              locale: str) -> None:
    model = get_model(model_name)
    for document in demo_documents(locale):
        data, doc = printed(document, model_name)
        assert data.startswith(b"\x1b@\x1bt" + bytes([model.code_page_table]))
        assert doc.code_pages == [model.code_page_table]  # one fixed page, never switched
        assert doc.widest(model.columns_a, model.columns_b) <= model.columns_a
        assert "?" not in doc.text
        if model.has_cutter:
            cuts = doc.of(PaperCut)
            assert cuts and all(c.feed and c.partial for c in cuts)  # GS V 66: no long feed
            assert b"\x1bd\x06" not in data  # python-escpos's default cut feeds six lines first
        else:
            assert not doc.of(PaperCut)


def test_refund_receipt_content() -> None:
    _, doc = printed(by_kind()["refund"])
    text = doc.text
    for expected in ["SoftMoc Eaton Centre", "REFUND", "2025-02-01 14:05 EST", "Till T01",
                     "Staff Hélène Côté", "R-T01-000123", "SM-100234", "Amélie Müller-Straße",
                     "Über Leicht Runner Größe 42", "Reason: Change of mind", "Decision: Refund",
                     "Restocking fee", "-$37.99", "Shipping not refunded", "$9.95",
                     "VISA ••••1234", "$200.00", "Cash", "$40.96",
                     "within the 75-day refund window."]:
        assert expected in text, expected
    total = next(line for line in doc.lines if line.text.startswith("TOTAL REFUNDED"))
    assert total.bold and total.height == 2 and total.text.endswith("$240.96")
    assert doc.elements[0] == DrawerKick(2)  # cash refund: the drawer opens first
    assert doc.of(PrintedBarcode) == [PrintedBarcode("CODE128", "R-T01-000123", 3, 64)]


def test_card_only_refund_leaves_the_drawer_shut() -> None:
    refund = by_kind()["refund"]
    card_only = d.RefundReceipt(
        refund.header, refund.return_id, refund.order_number, refund.items,
        (d.TenderLine("card", refund.total, card_brand="AMEX", card_last4="0005"),))
    data, doc = printed(card_only)
    assert not doc.of(DrawerKick) and b"\x1bp" not in data
    assert "AMEX ••••0005" in doc.text


def test_accented_text_goes_out_in_the_page_bytes() -> None:
    data, _ = printed(by_kind()["refund"], "tm-t88")
    assert "Größe".encode("cp1252") in data and "€".encode("cp1252") not in data
    data58, doc58 = printed(by_kind()["refund"], "generic-58")
    assert "Größe".encode("cp858") in data58
    assert "VISA ****1234" in doc58.text  # cp858 has no bullet: transliterated, not "?"


def test_euro_and_pound_print_through_the_fixed_page() -> None:
    store = d.StoreInfo("Schuhhaus Köln", time_zone="Europe/Berlin", locale="de_DE",
                        currency="EUR", footer="Umtausch £-Preise ausgenommen")
    header = d.Header(store, demo_header().when, "K2", "Jürgen Groß")
    boots = d.Item("Stiefel Größe 43", amount=d.Decimal("140.00"))
    doc = d.RefundReceipt(header, "R-K2-000001", "DE-1", (boots,),
                          (d.TenderLine("cash", d.Decimal("140.00")),))
    for model_name in MODELS:
        _, decoded = printed(doc, model_name)
        assert "140,00\u00a0€" in decoded.text or "140,00 €" in decoded.text
        assert "£-Preise" in decoded.text and "Jürgen Groß" in decoded.text


def test_value_card_slip_masks_the_customer_copy() -> None:
    _, doc = printed(by_kind()["credit"])
    text = doc.text
    assert "STORE COPY" in text and "CUSTOMER COPY" in text
    store_part, customer_part = text.split("CUSTOMER COPY")
    assert "SC-T01-00004217" in store_part
    assert "SC-T01-00004217" not in customer_part and "••••4217" in customer_part
    # the number as a barcode, on the store copy only; a cut between the two copies
    assert doc.of(PrintedBarcode) == [PrintedBarcode("CODE128", "SC-T01-00004217", 3, 64)]
    kinds = [type(e).__name__ for e in doc.elements if not hasattr(e, "text") or
             isinstance(e, PrintedBarcode)]
    assert kinds == ["PrintedBarcode", "PaperCut", "PaperCut"]
    assert "$64.50" in text and "Never expires" in text


def test_return_slip_has_barcode_and_native_qr() -> None:
    data, doc = printed(by_kind()["return_slip"])
    assert doc.of(PrintedQR) == [PrintedQR("R-T01-000126", 6)]
    assert doc.of(PrintedBarcode)[0].text == "R-T01-000126"
    assert b"\x1d(k" in data and len(data) < 1500  # native: no raster image
    for expected in ["Birkenstock Arizona", "Reason: Defective", "Decision: Replacement",
                     "1400 Castlefield Ave", "Write the Return ID"]:
        assert expected in doc.text


def test_pickup_receipt_has_a_signature_line() -> None:
    _, doc = printed(by_kind()["pickup"], "tm-t20")
    assert any(line.text.startswith("X___") for line in doc.lines)
    assert "Signature: Anna Kierkegaard" in doc.text
    assert "Photo ID checked: driver's licence" in doc.text
    assert doc.elements[0] == DrawerKick(2)  # paid cash at pickup


def test_warranty_ticket_content() -> None:
    _, doc = printed(by_kind()["warranty"], "generic-58")
    for expected in ["W-T01-000031", "Sole separation", "No sign of misuse", "Submitted",
                     "Photos on file  3", "Jürgen Weiß"]:
        assert expected in doc.text


def test_french_store_prints_french_labels() -> None:
    _, doc = printed(by_kind("fr_CA")["refund"])
    for expected in ["REMBOURSEMENT", "Caisse T01", "Livraison non remboursée", "240,96",
                     "Motif : Changement d'avis", "Frais de remise en stock"]:
        assert expected in doc.text


def test_long_number_on_58mm_prints_as_text_when_the_barcode_cannot_fit() -> None:
    doc = d.ValueCardSlip(demo_header(), "gift_card", "GIFTCARDABCDEFGHIJ",
                          d.Decimal("5.00"), d.Decimal("5.00"), copies=("store",))
    _, decoded = printed(doc, "generic-58")
    assert not decoded.of(PrintedBarcode)
    assert any(line.text == "GIFTCARDABCDEFGHIJ" and line.bold for line in decoded.lines)
    _, wide = printed(doc, "tm-t20")
    assert wide.of(PrintedBarcode)[0].text == "GIFTCARDABCDEFGHIJ"


def test_decoder_refuses_unknown_commands() -> None:
    with pytest.raises(DecodeError):
        decode(b"\x1b@\x1b\x99x")
    with pytest.raises(DecodeError):
        decode(b"\x1bt\x63abc")
