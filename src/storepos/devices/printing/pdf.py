"""PDF documents with reportlab: the mail-back return form, the warranty claim report (with the
inspection photos) and the end-of-day returns report (totals by tender and by reason, a chart).

A4 or Letter: Letter for stores in the US and Canada, A4 elsewhere, unless asked. The standard PDF
fonts hold Windows-1252, so text is fitted to that page the same way receipts are (é ü ß € £ print
as themselves, anything else is transliterated). reportlab is imported with this module: import it
only when a PDF is made.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from storepos.devices.printing.charset import charset
from storepos.devices.printing.documents import DayReport, DocumentError, Header, tender_label
from storepos.devices.printing.reports import (
    EndOfDayReturnsReport,
    MailBackReturnForm,
    WarrantyClaimReport,
)
from storepos.devices.printing.wording import Wording
from storepos.i18n import _, ngettext, pgettext, speaking

_CS = charset("cp1252")
_LETTER_COUNTRIES = ("US", "CA", "MX", "PH")
_INK = colors.HexColor("#222222")
_RULE = colors.HexColor("#999999")
_SHADE = colors.HexColor("#EEEEEE")

_styles = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_styles["Normal"], fontName="Helvetica", fontSize=10,
                      leading=13, textColor=_INK)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
H1 = ParagraphStyle("h1", parent=BODY, fontName="Helvetica-Bold", fontSize=20, leading=24)
H2 = ParagraphStyle("h2", parent=BODY, fontName="Helvetica-Bold", fontSize=13, leading=17,
                    spaceBefore=8, spaceAfter=4)
BIG = ParagraphStyle("big", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=TA_RIGHT)
SMALL_RIGHT = ParagraphStyle("small_right", parent=SMALL, alignment=TA_RIGHT)


def t(text: str) -> str:
    """Text for a Paragraph: fitted to the font's page, XML-escaped, newlines kept."""
    return escape(_CS.fit(text)).replace("\n", "<br/>")


def p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(t(text), style)


def page_size_for(header: Header, page_size: str | None = None) -> tuple[float, float]:
    if page_size:
        sizes = {"a4": A4, "letter": LETTER}
        try:
            return sizes[page_size.lower()]
        except KeyError:
            raise DocumentError(f"page size must be A4 or Letter, not {page_size!r}") from None
    country = header.store.locale.partition("_")[2].upper()
    return LETTER if country in _LETTER_COUNTRIES else A4


def _wording(header: Header) -> Wording:
    store = header.store
    return Wording(header.locale, store.currency, store.time_zone)


def _build(story: list[Flowable], header: Header, title: str, page_size: str | None) -> bytes:
    out = io.BytesIO()
    size = page_size_for(header, page_size)
    w = _wording(header)
    footer = _CS.fit(f"{header.store.name}  |  {title}  |  {w.timestamp(header.when)}")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(_RULE)
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(size[0] - 18 * mm, 10 * mm, f"{doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=18 * mm, title=_CS.fit(title),
                            author=_CS.fit(header.store.banner or header.store.name),
                            invariant=True)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def _store_block(header: Header, title: str, w: Wording, width: float) -> Table:
    store = header.store
    left = [p(store.banner or store.name, H1)]
    if store.banner and store.banner != store.name:
        left.append(p(store.name, BODY))
    left.append(p("\n".join(x for x in (store.address, store.phone, store.website) if x), SMALL))
    # A longer title (French) steps its size down to stay on one line where it can.
    room = width * 0.45 - _PAD
    size = next((pt for pt in (16, 14, 12) if stringWidth(_CS.fit(title), BIG.fontName, pt) <= room),
                12)
    right = [p(title, ParagraphStyle("t", parent=BIG, alignment=TA_RIGHT, fontSize=size,
                                     leading=size + 4)),
             p(w.timestamp(header.when), RIGHT),
             p(_("Till {till}").format(till=header.till) + "  |  "
               + _("Staff {name}").format(name=header.employee), RIGHT)]
    table = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, 0), 1, _INK),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return table


def _barcode(value: str, height: float = 16 * mm, width: float = 0.42 * mm) -> Drawing:
    """CODE128 bars only: the value is printed as text next to it (reportlab's own
    human-readable line sits on the bars' feet)."""
    drawing: Drawing = createBarcodeDrawing(  # type: ignore[no-untyped-call]  # untyped in types-reportlab
        "Code128", value=value, barHeight=height, barWidth=width, humanReadable=False)
    return drawing


def _qr(value: str, size: float = 30 * mm) -> Drawing:
    widget = QrCodeWidget(value)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


_PAD = 12  # a cell's left + right padding (reportlab's default: 6 pt each side)


def _word_width(text: str, style: ParagraphStyle) -> float:
    return max((stringWidth(_CS.fit(word), style.fontName, style.fontSize)
                for word in text.split()), default=0.0)


def fit_widths(header: Sequence[Any], widths: Sequence[float],
               style: ParagraphStyle = SMALL) -> list[float]:
    """Column widths in which every heading's longest word fits whole ("Caisse", never "Caiss/e"):
    a column too narrow for its heading takes the room from the columns with the most to spare;
    the table keeps its width. A heading may still wrap, between its words."""
    widths = list(widths)
    need = [_word_width(cell, style) + _PAD + 1 if isinstance(cell, str) else 0.0
            for cell in header]
    for col, wanted in enumerate(need):
        short = wanted - widths[col]
        if short <= 0:
            continue
        spare = {i: widths[i] - need[i] for i in range(len(widths)) if i != col
                 and widths[i] > need[i]}
        room = sum(spare.values())
        take = min(short, room)
        for i, extra in spare.items():
            widths[i] -= take * extra / room
        widths[col] += take
    return widths


def _grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = True,
          money_cols: Iterable[int] = ()) -> Table:
    money = set(money_cols)
    if header and rows:
        widths = fit_widths(rows[0], widths)
    data = [[cell if isinstance(cell, Flowable)
             else p(str(cell), SMALL_RIGHT if col in money else SMALL)
             for col, cell in enumerate(row)] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, _RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), _SHADE))
    table.setStyle(TableStyle(style))
    return table


def _facts(pairs: Sequence[tuple[str, str]], width: float) -> Table:
    rows = [[p(label, SMALL), p(value)] for label, value in pairs if value]
    table = Table(rows, colWidths=[width * 0.28, width * 0.72])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, _SHADE)]))
    return table


# -- mail-back return form ----------------------------------------------------------------------
def mail_back_form_pdf(form: MailBackReturnForm, page_size: str | None = None) -> bytes:
    w = _wording(form.header)
    width = page_size_for(form.header, page_size)[0] - 36 * mm
    store = form.header.store
    story: list[Flowable] = [_store_block(form.header, _("RETURN FORM"), w, width), Spacer(1, 6 * mm)]
    ident = [[[p(_("Return ID"), SMALL), p(form.return_id, H1), Spacer(1, 2 * mm),
               _barcode(form.return_id)],
              _qr(form.return_id)]]
    ident_table = Table(ident, colWidths=[width - 36 * mm, 36 * mm])
    ident_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story.append(ident_table)
    story.append(Spacer(1, 4 * mm))
    story.append(_facts([(_("Order"), form.order_number), (_("Customer"), form.customer),
                         (_("Address"), form.customer_address),
                         (_("Return by"), w.day(form.return_by) if form.return_by else "")],
                        width))
    story.append(p(_("Items"), H2))
    rows: list[list[Any]] = [[_("Qty"), _("Item"), _("SKU"), _("Size"), _("Reason"), _("Decision")]]
    for item in form.items:
        rows.append([str(item.quantity), item.description, item.sku, item.size,
                     w.term("reason", item.reason), w.term("decision", item.decision)])
    story.append(_grid(rows, [width * f for f in (0.07, 0.37, 0.16, 0.1, 0.15, 0.15)]))
    story.append(p(_("How to send it back"), H2))
    steps = [
        *form.instructions,
        _("Pack the shoes in their original box, inside a shipping box."),
        _("Put this form inside the parcel."),
        _("Cut out the label below and tape it to the outside of the shipping box; "
          "write the Return ID on the box as well."),
    ]
    for number, step in enumerate(steps, 1):
        story.append(p(_("{number}. {step}").format(number=number, step=step)))
    label: list[list[Any]] = [[[p(_("SHIP TO"), SMALL), p(store.returns_address or store.address, BIG)],
              [p(_("FROM"), SMALL), p(f"{form.customer}\n{form.customer_address}")]],
             [[p(_("Return ID"), SMALL), _barcode(form.return_id, 14 * mm),
               p(form.return_id, BIG)], ""]]
    label_table = Table(label, colWidths=[width * 0.55, width * 0.45])
    label_table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, _INK),
                                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("SPAN", (0, 1), (1, 1)),
                                     ("LINEABOVE", (0, 1), (-1, 1), 0.5, _RULE),
                                     ("TOPPADDING", (0, 0), (-1, -1), 6),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether([_cut_line(width), Spacer(1, 3 * mm), label_table]))
    return _build(story, form.header, _("Return form {number}").format(number=form.return_id), page_size)


def _cut_line(width: float) -> Drawing:
    from reportlab.graphics.shapes import Line

    drawing = Drawing(width, 10)
    line = Line(0, 5, width, 5, strokeColor=_RULE, strokeWidth=0.8, strokeDashArray=[4, 3])
    drawing.add(line)
    drawing.add(String(width / 2, 8, _CS.fit(_("cut here")), fontName="Helvetica", fontSize=7,
                       fillColor=_RULE, textAnchor="middle"))
    return drawing


# -- warranty claim report ----------------------------------------------------------------------
def warranty_report_pdf(report: WarrantyClaimReport, page_size: str | None = None) -> bytes:
    from reportlab.lib.utils import ImageReader

    w = _wording(report.header)
    width = page_size_for(report.header, page_size)[0] - 36 * mm
    item = report.item
    yes_no = {True: _("Yes"), False: _("No")}
    story: list[Flowable] = [
        _store_block(report.header, _("WARRANTY CLAIM"), w, width), Spacer(1, 5 * mm),
        Table([[[p(_("Claim"), SMALL), p(report.claim_number, H1)],
                _barcode(report.claim_number, 14 * mm)]], colWidths=[width * 0.5, width * 0.5],
              style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]),
        p(_("Claim"), H2),
        _facts([(_("Customer"), report.customer), (_("Order"), report.order_number),
                (pgettext("before a date", "Purchased"),
                 w.day(report.purchased_on) if report.purchased_on else ""),
                (_("Proof of purchase"), report.proof_of_purchase),
                (_("Item"),
                 f"{item.description}  ({item.sku})" if item.sku else item.description),
                (_("Size"), item.size), (_("Colour"), item.colour),
                (_("Defect"), report.defect), (_("Customer reports"), report.description)], width),
        p(_("Inspection"), H2),
    ]
    for finding in report.findings:
        story.append(p(f"- {finding}"))
    story.append(Spacer(1, 2 * mm))
    story.append(_grid([[_("Defect confirmed"), _("Wear and tear"), _("Misuse"), _("Inspected by")],
                        [yes_no[report.defect_confirmed], yes_no[report.wear_and_tear],
                         yes_no[report.misuse], report.inspected_by]],
                       [width / 4] * 4))
    story.append(p(_("Decision"), H2))
    story.append(_facts([(_("Status"), w.term("status", report.status)),
                         (_("Outcome"), w.term("decision", report.outcome)),
                         (_("Decided by"), report.decided_by),
                         (_("Reason"), report.decision_reason)], width))
    if report.photos:
        cells: list[Any] = []
        cell_width = (width - 6 * mm) / 2
        for photo in report.photos:
            reader = ImageReader(io.BytesIO(photo.content))
            iw, ih = reader.getSize()
            scale = min(cell_width / iw, 70 * mm / ih)
            image = Image(io.BytesIO(photo.content), width=iw * scale, height=ih * scale)
            cells.append([image, p(photo.caption or photo.filename, SMALL)])
        rows: list[list[Any]] = [[p(ngettext("Inspection photo ({n})", "Inspection photos ({n})",
                                             len(report.photos)).format(n=len(report.photos)),
                                   H2), ""]]
        rows += [cells[i:i + 2] + [""] * (2 - len(cells[i:i + 2]))
                 for i in range(0, len(cells), 2)]
        grid = Table(rows, colWidths=[cell_width + 3 * mm] * 2, repeatRows=1)
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (0, 0), (1, 0)),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        story.append(grid)
    return _build(story, report.header,
                  _("Warranty claim {number}").format(number=report.claim_number), page_size)


# -- end-of-day returns report ------------------------------------------------------------------
def _chart(title: str, rows: list[tuple[str, int, Any]], width: float, w: Wording) -> Drawing:
    height = 22 * mm + 8 * mm * max(1, len(rows))
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, _CS.fit(title), fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalBarChart()
    # types-reportlab declares these int; reportlab draws at any float position and size.
    # The bars start right of the longest label ("Mauvais article envoyé"), never over the margin.
    labels = max((stringWidth(_CS.fit(label), "Helvetica", 8) for label, _n, _a in rows),
                 default=0.0)
    left = max(26 * mm, labels + 4 * mm)
    chart.x, chart.y = left, 8 * mm  # type: ignore[assignment]  # stubs say int (see above)
    chart.width, chart.height = width - left - 18 * mm, height - 24 * mm  # type: ignore[assignment]  # same
    # Bar lengths are drawing geometry, not money: reportlab wants floats here. The amounts in
    # the report's table stay Decimal.
    chart.data = [[float(bar_length) for _label, _count, bar_length in reversed(rows)] or [0.0]]
    chart.categoryAxis.categoryNames = [_CS.fit(label) for label, _count, _amount in reversed(rows)] or [""]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#4A6FA5")
    chart.barLabelFormat = lambda value: _CS.fit(w.money(_decimal(value)))
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _decimal(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(round(value, 2)))


def end_of_day_pdf(report: EndOfDayReturnsReport, page_size: str | None = None) -> bytes:
    w = _wording(report.header)
    width = page_size_for(report.header, page_size)[0] - 36 * mm
    names = w.tender_names
    story: list[Flowable] = [_store_block(report.header, _("RETURNS - END OF DAY"), w, width),
                             Spacer(1, 4 * mm),
                             p(_("Business date: {date}").format(date=w.day(report.business_date)), BIG)]
    items = sum(row.items for row in report.rows)
    summary = [[_("Returns"), _("Items"), _("Restocking fees"), _("Total refunded")],
               [str(len(report.rows)), str(items), w.money(report.restocking_fees),
                w.money(report.total)]]
    story += [Spacer(1, 3 * mm), _grid(summary, [width / 4] * 4, money_cols=(2, 3))]
    tenders = [(names.get(k, k), n, amount) for k, n, amount in report.by_tender()]
    reasons = [(w.term("reason", k), n, amount) for k, n, amount in report.by_reason()]
    half = (width - 6 * mm) / 2
    tender_rows: list[list[Any]] = [[_("Tender"), _("Refunds"), _("Amount")]]
    tender_rows += [[k, str(n), w.money(a)] for k, n, a in tenders]
    tender_rows.append([_("Total"), str(sum(n for _k, n, _a in tenders)), w.money(report.total)])
    reason_rows: list[list[Any]] = [[_("Reason"), _("Returns"), _("Amount")]]
    reason_rows += [[k, str(n), w.money(a)] for k, n, a in reasons]
    reason_rows.append([_("Total"), str(len(report.rows)), w.money(report.total)])
    cols = [half * 0.5, half * 0.2, half * 0.3]
    pair = Table([[[p(_("By tender"), H2), _grid(tender_rows, cols, money_cols=(1, 2))],
                   [p(_("By reason"), H2), _grid(reason_rows, cols, money_cols=(1, 2))]]],
                 colWidths=[half + 3 * mm, half + 3 * mm])
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    charts = Table([[_chart(_("Refunded by reason"), reasons, half, w),
                     _chart(_("Refunded by tender"), tenders, half, w)]],
                   colWidths=[half + 3 * mm, half + 3 * mm])
    charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [pair, Spacer(1, 5 * mm), charts, p(_("Returns"), H2)]
    rows: list[list[Any]] = [[_("Time"), _("Return ID"), _("Till"), _("Staff"), _("Reason"),
                              _("Refunded to"), _("Amount")]]
    for row in sorted(report.rows, key=lambda r: r.at):
        rows.append([w.clock(row.at), row.return_id, row.till, row.employee,
                     w.term("reason", row.reason),
                     "\n".join(tender_label(t_, names) for t_ in row.tenders),
                     w.money(row.amount)])
    story.append(_grid(rows, [width * f for f in (0.11, 0.16, 0.07, 0.16, 0.15, 0.2, 0.15)],
                       money_cols=(6,)))
    return _build(story, report.header,
                  _("Returns {date}").format(date=w.day(report.business_date)), page_size)


def render_pdf(document: Any, page_size: str | None = None) -> bytes:
    """The PDF of `document`, worded in its language (the customer's, else the store's)."""
    with speaking(document.header.locale):
        return _render_pdf(document, page_size)


def _render_pdf(document: Any, page_size: str | None = None) -> bytes:
    if isinstance(document, MailBackReturnForm):
        return mail_back_form_pdf(document, page_size)
    if isinstance(document, WarrantyClaimReport):
        return warranty_report_pdf(document, page_size)
    if isinstance(document, EndOfDayReturnsReport):
        return end_of_day_pdf(document, page_size)
    if isinstance(document, DayReport):
        from storepos.devices.printing.pdf_day import day_report_pdf  # it builds on this module

        return day_report_pdf(document, page_size)
    raise DocumentError(f"no PDF layout for {type(document).__name__}")
