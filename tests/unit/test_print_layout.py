"""Pure printing logic: code-page fitting, wording, CODE128 data, layout widths, document rules."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from storepos.devices.printing import code128
from storepos.devices.printing import documents as d
from storepos.devices.printing.charset import Charset
from storepos.devices.printing.codec import from_json, to_json
from storepos.devices.printing.definitions import (
    PrinterModel,
    PrinterModelError,
    get_model,
    parse_model,
    printer_models,
)
from storepos.devices.printing.demo import demo_documents, demo_header
from storepos.devices.printing.layout import Op, Text
from storepos.devices.printing.receipts import layout_document
from storepos.devices.printing.wording import Wording
from storepos.domain.cards import FullCardNumberError

MODELS = ["tm-t88", "tm-t20", "generic-58"]


def max_line_width(ops: list[Op], model: PrinterModel) -> int:
    """Columns used by the widest line, counted in font-A columns of the model."""
    widest = 0
    for op in ops:
        if isinstance(op, Text):
            scale = model.columns_a / model.columns(op.font)
            widest = max(widest, round(len(op.text) * op.size * scale))
    return widest


# -- printer definitions ----------------------------------------------------------------------
def test_the_three_printer_classes_are_defined() -> None:
    models = printer_models()
    assert {m: (models[m].dots, models[m].columns_a, models[m].paper_mm) for m in MODELS} == {
        "tm-t88": (512, 42, 80), "tm-t20": (576, 48, 80), "generic-58": (384, 32, 58),
    }
    assert models["tm-t88"].code_page == "cp1252" and models["tm-t88"].code_page_table == 16
    assert models["generic-58"].has_cutter is False and models["generic-58"].drawer is False


def test_a_bad_definition_names_the_field() -> None:
    good = {"name": "x", "profile": "TM-T88V", "paper_mm": 80, "dots": 512, "columns_a": 42,
            "columns_b": 56, "code_page": "cp1252", "code_page_table": 16}
    assert parse_model(good).title == "x"
    with pytest.raises(PrinterModelError, match="missing field 'dots'"):
        parse_model({k: v for k, v in good.items() if k != "dots"})
    with pytest.raises(PrinterModelError, match="unknown code page"):
        parse_model({**good, "code_page": "klingon"})
    with pytest.raises(PrinterModelError, match="cutter"):
        parse_model({**good, "cutter": "scissors"})
    with pytest.raises(PrinterModelError, match="unknown field"):
        parse_model({**good, "colour": "red"})
    with pytest.raises(PrinterModelError, match="unknown printer model"):
        get_model("tm-nope")


# -- code pages ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("codec", "text", "printed"),
    [
        ("cp1252", "Größe Côté 9,95 € £5 • “ok” – fine", "Größe Côté 9,95 € £5 • “ok” – fine"),
        ("cp858", "Größe Côté 9,95 € £5 • “ok” – fine", "Größe Côté 9,95 € £5 * \"ok\" - fine"),
        ("cp437", "Größe Côté 9,95 € £5", "Größe Côté 9,95 EUR £5"),
        ("cp437", "Straße ß", "Straße ß"),  # cp437 has ß (as the beta glyph slot 0xE1)
        ("cp1252", "Dvořák Łódź", "Dvorák Lódz"),
        ("cp1252", "Москва Ελλάδα", "Moskva Ellada"),
        ("cp1252", "東京 tab\there\x07", "__ tab here"),
        ("cp1252", "140,00\u00a0$ 1\u202f234", "140,00\u00a0$ 1 234"),
    ],
)
def test_text_is_fitted_to_the_page_never_question_marks(codec: str, text: str,
                                                         printed: str) -> None:
    cs = Charset(codec)
    assert cs.fit(text) == printed
    assert cs.encode(text).decode(codec) == printed
    assert "?" not in cs.fit(text)


def test_every_character_is_printable_or_spelled() -> None:
    cs = Charset("cp858")
    sample = "".join(chr(c) for c in range(0x20, 0x2500))
    fitted = cs.fit(sample)
    fitted.encode("cp858")  # nothing the page lacks
    # "?" only where the text had one (U+003F, or a compatibility form such as "⁇" or "？")
    expected = sum(unicodedata.normalize("NFKD", c).count("?") for c in sample)
    assert fitted.count("?") == expected


# -- wording ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("locale", "currency", "amount", "text"),
    [
        ("en_CA", "CAD", "1234.5", "$1,234.50"),
        ("en_US", "USD", "-9.95", "-$9.95"),
        ("fr_CA", "CAD", "1234.5", "1\u00a0234,50\u00a0$"),
        ("en_AU", "AUD", "0", "$0.00"),
        ("en_GB", "GBP", "19.99", "£19.99"),
        ("de_DE", "EUR", "140", "140,00\u00a0€"),
        ("en_US", "CHF", "3", "CHF3.00"),  # CLDR: no space in en_US
    ],
)
def test_money_follows_the_store_locale(locale: str, currency: str, amount: str,
                                         text: str) -> None:
    assert Wording(locale, currency).money(Decimal(amount)) == text


def test_times_print_in_the_store_zone() -> None:
    when = datetime(2025, 7, 1, 3, 30, tzinfo=UTC)
    assert Wording("en_CA", "CAD", "America/Toronto").timestamp(when) == "2025-06-30 23:30 EDT"
    assert Wording("en_AU", "AUD", "Australia/Sydney").timestamp(when) == "2025-07-01 13:30 AEST"


# -- CODE128 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["R-T01-000123", "GC-T01-00012345-7", "1234567", "A{B", "0000"])
def test_code128_round_trips(text: str) -> None:
    assert code128.decode(code128.encode(text)) == text


def test_code128_packs_digit_runs_in_code_set_c() -> None:
    data = code128.encode("12345678901234567890")
    assert data.startswith("{C") and code128.symbols(data) == 11
    assert code128.module_width(data, 384) == 2  # 11 symbols + check + stop = 145 modules
    assert code128.module_width(code128.encode("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 384) == 0


# -- layout ----------------------------------------------------------------------------------
@pytest.mark.parametrize("model_name", MODELS)
@pytest.mark.parametrize("locale", ["en_CA", "fr_CA"])
def test_no_line_is_wider_than_the_paper(model_name: str, locale: str) -> None:
    model = get_model(model_name)
    for document in demo_documents(locale):
        ops = layout_document(document, model)
        assert max_line_width(ops, model) <= model.columns_a, document.kind
        for op in ops:
            if isinstance(op, Text):
                op.text.encode(model.code_page)  # every character is on the page


def test_long_words_and_values_wrap_inside_the_paper() -> None:
    model = get_model("generic-58")
    item = d.Item("X" * 90, sku="S" * 50, amount=Decimal("123456.78"),
                  policy_reasons=("W" * 120 + ". Second sentence.",))
    doc = d.RefundReceipt(demo_header(), "R-1", "O-1", (item,),
                          (d.TenderLine("card", Decimal("123456.78"), "VISA", "9876"),),
                          customer="Ÿ" * 70)
    ops = layout_document(doc, model)
    assert max_line_width(ops, model) <= 32
    text = "\n".join(op.text for op in ops if isinstance(op, Text))
    # A reason prints whole, wrapped, as the screen's line says it: cut short, it could say less
    assert "$123,456.78" in text and "Second sentence" in text


# -- documents -------------------------------------------------------------------------------
def test_documents_round_trip_through_json() -> None:
    for document in demo_documents():
        data = to_json(document)
        assert data["kind"] == document.kind
        assert from_json(data) == document


def test_refund_totals_must_add_up() -> None:
    refund = demo_documents()[0]
    assert refund.total == Decimal("240.96") and refund.restocking_fee == Decimal("37.99")
    with pytest.raises(d.DocumentError, match="tenders refund"):
        replace(refund, tenders=(d.TenderLine("cash", Decimal("1.00")),))


def test_documents_refuse_full_card_numbers_and_naive_times() -> None:
    with pytest.raises(d.DocumentError, match="full card number"):
        d.Item("note 4111 1111 1111 1111")
    with pytest.raises(FullCardNumberError):
        d.TenderLine("card", Decimal("1.00"), "VISA", "12345")
    with pytest.raises(d.DocumentError, match="timezone-aware"):
        d.Header(demo_header().store, datetime(2025, 1, 1), "T1", "x")


def test_masked_card_and_account_numbers() -> None:
    names = Wording().tender_names
    card = d.TenderLine("card", Decimal("5.00"), card_brand="VISA", card_last4="1234")
    gift = d.TenderLine("gift_card", Decimal("5.00"), account_number="GC-T01-00001029")
    assert d.tender_label(card, names) == "VISA ••••1234"
    assert d.tender_label(gift, names) == "Gift card ••••1029"
