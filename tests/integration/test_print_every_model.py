"""Every document kind on every printer model in printers/, rendered to ESC/POS and decoded back:
no line wider than the model's columns, and no label run into its value ("Proof of purchasReceipt"
on 58 mm paper was the bug)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from storepos.devices.printing import documents as d
from storepos.devices.printing.definitions import PrinterModel, printer_models
from storepos.devices.printing.demo import demo_day_report, demo_documents, demo_header
from storepos.devices.printing.escpos_decode import Decoded, decode
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.receipts import layout_document, wording_for
from storepos.devices.printing.wording import COPY_MARKS
from storepos.i18n import _, pgettext, speaking

MODELS = sorted(printer_models())
LOCALES = ["en_CA", "fr_CA"]
# Every label printed through Sheet.label(), the test page's own among them.
LABELS = ("Customer", "Order", "Proof of purchase", "Defect", "Customer reports", "Status",
          "Outcome", "Reason", "Photos on file", "Note", "Collected by", "Printer", "Model",
          "Paper", "Code page")


def documents(locale: str) -> list[Any]:
    """The demo set, a test page, and long values that must wrap beside a long label."""
    docs = demo_documents(locale)
    warranty = docs[6]
    assert isinstance(warranty, d.WarrantyTicket)
    long_values = replace(warranty, proof_of_purchase="Receipt SM-099871 from the Eaton Centre",
                          decision_reason="Sole separation within twelve months is covered",
                          outcome="replacement", status="approved")
    refund = docs[0]
    assert isinstance(refund, d.RefundReceipt)
    noted = replace(refund, note="Customer kept the box; staff checked the soles by hand.")
    page = d.TestPage(demo_header(locale), printer_name="counter receipt printer, left of till")
    return [*docs, long_values, noted, page, demo_day_report(locale)]


def printed(document: object, model: PrinterModel, mark: d.CopyMark | None = None) -> Decoded:
    data = render(layout_document(document, model, mark), model)
    return decode(data, {model.code_page_table: model.code_page})


MARKS = [None, d.CopyMark(d.CopyKind.COPY, datetime(2025, 2, 1, 19, 6, 2, tzinfo=UTC)),
         d.CopyMark(d.CopyKind.REPRINT, datetime(2025, 2, 3, 15, 30, tzinfo=UTC))]


def labels_for(locale: str) -> list[str]:
    with speaking(locale):
        return [_(label) for label in LABELS] + [pgettext("before a date", "Purchased")]


def mark_words(locale: str, kind: str) -> str:
    with speaking(locale):
        return _(COPY_MARKS[kind])


def glued(line: str, label: str) -> bool:
    """The line starts with the label, or a cut-short label, and runs on with no space."""
    text = line.lstrip(" ")
    for cut in range(4, len(label) + 1):
        head = label[:cut]
        if not text.startswith(head) or len(text) == cut:
            continue
        following = text[cut]
        if cut == len(label):
            if following.isdigit() or following.isupper():  # "Defective" is a word, not a value
                return True
        elif following != label[cut] and following != " ":
            return True
    return False


@pytest.mark.parametrize("mark", MARKS, ids=["first", "copy", "reprint"])
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("model_name", MODELS)
def test_no_line_runs_over_and_no_label_is_glued_to_its_value(
        model_name: str, locale: str, mark: d.CopyMark | None) -> None:
    model = printer_models()[model_name]
    labels = labels_for(locale)
    kinds = set()
    for document in documents(locale):
        kinds.add(document.kind)
        doc = printed(document, model, mark)
        if mark is not None:  # the mark and the original's time, whole, on top and at the foot
            texts = [line.text for line in doc.lines]
            assert texts.count(mark_words(locale, mark.kind)) >= 2, (model_name, texts[:6])
            local = wording_for(document.header).timestamp(mark.original_at)
            assert sum(local in t for t in texts) >= 2, (model_name, texts[:6])
        for line in doc.lines:
            columns = model.columns(line.font)
            assert len(line.text) * line.width <= columns, (model_name, line.text)
            for label in labels:
                assert not glued(line.text, label), (model_name, line.text, label)
        lines = [line.text.strip() for line in doc.lines]
        for at in range(len(lines)):
            # a label wrapped over two or three lines is read as one
            joined = " ".join(part for part in lines[at:at + 3] if part)
            for label in labels:
                assert not glued(joined, label), (model_name, joined, label)
    assert kinds == set(d.DocumentKind)  # every kind of document was looked at


def test_proof_of_purchase_on_58_mm_keeps_its_words_apart() -> None:
    model = printer_models()["generic-58"]
    warranty = demo_documents("en_CA")[6]
    text = printed(warranty, model).text
    assert "purchasReceipt" not in text
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Proof of purchase"))
    # the whole label, then the value with a space before it (same line, or the next, indented)
    assert lines[at] == "Proof of purchase" and lines[at + 1] == "  Receipt SM-099871"
    assert "Photos on file  3" in lines


def test_glued_finds_the_old_fault() -> None:
    assert glued("Proof of purchasReceipt", "Proof of purchase")
    assert glued("Photos au dossie3", "Photos au dossier")
    assert not glued("Proof of purchase  Receipt", "Proof of purchase")
    assert not glued("Proof of", "Proof of purchase")
    assert not glued("Order  SM-1", "Order")
