"""Every word the till's day shows (services/day, its report's words, the Day screen, `storepos
report day`) has its Québec French in the catalogue, and the report reads in French."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from storepos.devices.printing.day_words import heading, sections
from storepos.devices.printing.demo import demo_day_report
from storepos.i18n.catalogues import translations_for

SRC = Path(__file__).resolve().parents[3] / "src" / "storepos"
FILES = ["services/day/cash.py", "services/day/days.py", "services/day/report.py",
         "devices/printing/day_words.py", "devices/printing/day_layout.py",
         "devices/printing/pdf_day.py", "ui/day/presenter.py", "ui/day/view.py",
         "ui/day/screen.py", "commands/report.py"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SAME_IN_FRENCH = {"PayPal", "Interac", "{pieces} × {face}"}


def _messages() -> list[str | tuple[str, str]]:
    found: list[str | tuple[str, str]] = []
    for name in FILES:
        for _line, message, _comments, _context in extract_from_file(
                "python", str(SRC / name), keywords=KEYWORDS):
            found.append(message)
    return found


@pytest.mark.parametrize("message", _messages(), ids=str)
def test_every_word_has_its_french(message: str | tuple[str, str]) -> None:
    french = translations_for("fr_CA")
    if isinstance(message, tuple):
        singular, plural = message
        assert french.ngettext(singular, plural, 2) != plural
        return
    if message in SAME_IN_FRENCH:
        return
    singulars = [m for m in _messages() if isinstance(m, str)]
    as_plural = any(french.ngettext(one, message, 2) != message for one in singulars)
    assert french.gettext(message) != message or as_plural, message


def test_the_z_report_reads_in_french() -> None:
    report = demo_day_report("fr_CA")
    title, when = heading(report)
    assert title == "Rapport Z : journée fermée"
    assert when.startswith("Journée du 1 février 2025")
    rows = {r.label: r.value for s in sections(report) for r in s.rows}
    assert rows["Écart"] == "0,02\u00a0$ en moins"
    assert rows["Remboursements en argent comptant"] == "-289,97\u00a0$"
