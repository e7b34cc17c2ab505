"""The X / Z report as a PDF (A4 or Letter): the end-of-day report made from the day's real rows.

It improves on the end-of-day returns PDF (pdf.end_of_day_pdf, kept for `print demo`): the
cash drawer first, then each section of day_words as a table, with the returned value split by
each line's own reason (not a whole return under its first line's reason), and charts of refunds
by tender and returned value by reason.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from storepos.devices.printing.day_words import REASONS, TENDERS, heading, sections
from storepos.devices.printing.documents import DayReport
from storepos.devices.printing.pdf import (
    BIG,
    H2,
    SMALL,
    _build,
    _chart,
    _grid,
    _store_block,
    _wording,
    p,
    page_size_for,
)
from storepos.i18n import _, speaking

STRONG = ParagraphStyle("strong", parent=SMALL, fontName="Helvetica-Bold")
STRONG_RIGHT = ParagraphStyle("strong_right", parent=STRONG, alignment=TA_RIGHT)


def day_report_pdf(report: DayReport, page_size: str | None = None) -> bytes:
    store = report.header.store
    with speaking(store.locale):
        return _pdf(report, page_size)


def _pdf(report: DayReport, page_size: str | None) -> bytes:
    w = _wording(report.header)
    width = page_size_for(report.header, page_size)[0] - 36 * mm
    title, when = heading(report)
    story: list[Flowable] = [_store_block(report.header, title, w, width), Spacer(1, 4 * mm),
                             p(when, BIG), Spacer(1, 2 * mm)]
    half = (width - 6 * mm) / 2
    blocks: list[list[Flowable]] = []
    for section in sections(report):
        rows: list[list[Any]] = [[p(section.title, STRONG), ""]]
        rows += [[p(r.label, STRONG), p(r.value, STRONG_RIGHT)] if r.strong else [r.label, r.value]
                 for r in section.rows]
        if not section.rows:
            rows.append([section.empty, ""])
        table = _grid(rows, [half * 0.62, half * 0.38], money_cols=(1,))
        spans = [("SPAN", (0, 0), (1, 0))]  # the section's title, across
        if not section.rows:
            spans.append(("SPAN", (0, 1), (1, 1)))  # "No refunds.", across
        table.setStyle(TableStyle(spans))
        blocks.append([table, Spacer(1, 3 * mm)])
    pairs = [blocks[i:i + 2] for i in range(0, len(blocks), 2)]
    grid = Table([[*pair, *([[]] * (2 - len(pair)))] for pair in pairs],
                 colWidths=[half + 3 * mm, half + 3 * mm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(grid)
    tenders = [(_(TENDERS.get(t.key, t.key)), t.count, t.amount) for t in report.by_tender]
    reasons = [(_(REASONS.get(t.key, t.key)), t.count, t.amount) for t in report.by_reason]
    if tenders or reasons:
        charts = Table([[_chart(_("Refunded by tender"), tenders, half, w),
                         _chart(_("Returned value by reason"), reasons, half, w)]],
                       colWidths=[half + 3 * mm, half + 3 * mm])
        charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story += [Spacer(1, 4 * mm), KeepTogether([p(_("Charts"), H2), charts])]
    foot = (_("Closed: this day can no longer change. A correction is entered on the next day.")
            if report.closed else _("X report: the day so far; nothing is closed."))
    story += [Spacer(1, 4 * mm), p(foot, SMALL)]
    return _build(story, report.header, f"{title} {report.business_date.isoformat()}", page_size)
