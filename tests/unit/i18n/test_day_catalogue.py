"""The till's day report reads in French. (That every word the day shows has its Québec French is
tests/unit/i18n/test_catalogue_complete.py's check, for the whole source.)"""

from __future__ import annotations

from storepos.devices.printing.day_words import heading, sections
from storepos.devices.printing.demo import demo_day_report


def test_the_z_report_reads_in_french() -> None:
    report = demo_day_report("fr_CA")
    title, when = heading(report)
    assert title == "Rapport Z : journée fermée"
    assert when.startswith("Journée du 1 février 2025")
    rows = {r.label: r.value for s in sections(report) for r in s.rows}
    assert rows["Écart"] == "0,02\u00a0$ en moins"
    assert rows["Remboursements en argent comptant"] == "-289,97\u00a0$"
