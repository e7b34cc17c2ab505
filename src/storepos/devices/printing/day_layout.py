"""The X / Z report on a receipt printer of any width: the store, the heading, then each section
of day_words as label and value pairs (a label never runs into its value)."""

from __future__ import annotations

from storepos.devices.printing.day_words import heading, sections
from storepos.devices.printing.documents import DayReport
from storepos.devices.printing.layout import Sheet
from storepos.devices.printing.wording import Wording
from storepos.i18n import _, speaking


def layout_day_report(s: Sheet, w: Wording, doc: DayReport) -> None:
    store = doc.header.store
    with speaking(store.locale):
        s.center(store.name, bold=True)
        title, when = heading(doc)
        s.blank()
        s.center(title, bold=True, tall=True)
        s.center(when)
        s.pair(_("Date"), w.timestamp(doc.header.when))
        s.pair(_("Till {till}").format(till=doc.header.till),
               _("Staff {name}").format(name=doc.header.employee))
        for section in sections(doc):
            s.rule()
            s.line(section.title.upper(), bold=True)
            if not section.rows and section.empty:
                s.line(section.empty, indent=2)
            for row in section.rows:
                s.pair(row.label, row.value, bold=row.strong, indent=0)
        s.rule()
        if doc.closed:
            s.center(_("Closed: this day can no longer change."), bold=True)
            s.blank()
            s.line(_("Counted by") + ":")
            s.blank(2)
            s.rule("_")
        else:
            s.center(_("X report: nothing is closed."), bold=True)
