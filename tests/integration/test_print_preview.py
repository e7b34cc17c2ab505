"""The on-screen print preview: the ESC/POS bytes decoded and drawn, one pixel per printer dot."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from storepos.devices.printing.definitions import PrinterModel, get_model
from storepos.devices.printing.demo import demo_documents
from storepos.devices.printing.escpos_render import render
from storepos.devices.printing.preview import MARGIN, preview_bytes
from storepos.devices.printing.receipts import layout_document


def preview_document(document: Any, model: PrinterModel, *, scale: float = 1.0) -> bytes:
    """Lay out, render and draw a document: the preview of a receipt before it prints."""
    return preview_bytes(render(layout_document(document, model), model), model, scale=scale)


@pytest.mark.parametrize("model_name", ["tm-t88", "tm-t20", "generic-58"])
def test_preview_is_the_paper_width_and_shows_ink(model_name: str) -> None:
    model = get_model(model_name)
    image = Image.open(io.BytesIO(preview_document(demo_documents()[4], model)))
    assert image.format == "PNG"
    assert image.width == model.dots + 2 * MARGIN
    grey = image.convert("L")
    dark = grey.histogram()[:80]
    dark = sum(dark)
    assert dark > 5_000  # text, the barcode and the QR code are drawn
    assert image.height > 900


def test_preview_scale() -> None:
    model = get_model("tm-t88")
    full = Image.open(io.BytesIO(preview_document(demo_documents()[0], model)))
    half = Image.open(io.BytesIO(preview_document(demo_documents()[0], model, scale=0.5)))
    assert half.width == round(full.width * 0.5)
