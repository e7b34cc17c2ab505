"""A customer's notice as an e-mail: plain text with a simple HTML alternative, in the store's
language, through the gettext catalogue (French in ``locale/fr_CA/.../emails.po``).

Québec French: a no-break space before a colon, none before ; ! ?; "ramassage" for pickup (as
the store's printed slips say); dates written out ("le 1er juin 2026").
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr

from storepos.i18n import _, current_locale, language_of, pgettext, speaking
from storepos.i18n.catalogues import catalogue_locales

ARRIVED = "arrived"
HOLD_ENDING = "hold_ending"
NBSP = "\u00a0"

@dataclass(frozen=True, slots=True)
class NoticeFacts:
    """Everything a notice says, gathered centrally when it is sent."""

    notice_id: str
    kind: str  # arrived | hold_ending
    to: str
    first_name: str
    order_number: str
    pickup_number: str
    hold_until: date | None
    store_name: str
    store_address: str
    store_hours: str
    locale: str
    sender: str  # the store's own address, or the chain's

    @property
    def french(self) -> bool:
        return self.locale.lower().startswith("fr")


def written_date(day: date, locale: str | None = None) -> str:
    """A date written out in the notice's language: "June 1, 2026", "1er juin 2026". The pattern
    is the translator's (CLDR pattern letters), for the first of a month apart: French says
    "1er"."""
    from babel.dates import format_date

    with speaking(locale):
        if day.day == 1:
            pattern = pgettext("date written out, the 1st of a month", "MMMM d, y")
        else:
            pattern = pgettext("date written out", "MMMM d, y")
        return format_date(day, pattern, locale=current_locale())


def english_date(day: date) -> str:
    """For head office's own lists (English)."""
    return written_date(day, "en_CA")


@dataclass(frozen=True, slots=True)
class Wording:
    subject: str
    greeting: str
    lead: str
    facts: list[tuple[str, str]]
    bring_title: str
    bring: list[str]
    closing: str


def wording(f: NoticeFacts) -> Wording:
    """The notice in the store's language (its locale; English when the catalogue has none)."""
    with speaking(f.locale):
        return _wording(f)


def _wording(f: NoticeFacts) -> Wording:
    order, store = f.order_number.lstrip("#"), f.store_name
    until = written_date(f.hold_until) if f.hold_until else ""
    if f.kind == ARRIVED:
        subject = _("Your order {order} has arrived at {store}").format(order=order, store=store)
        lead = _("Good news: your order {order} has arrived at {store} and is waiting for "
                 "you.").format(order=order, store=store)
        if until:
            lead += " " + _("We keep it for you until {date}.").format(date=until)
    else:
        subject = _("Reminder: your order {order} is waiting at {store} until {date}").format(
            order=order, store=store, date=until)
        lead = _("Your order {order} is still waiting for you at {store}. We keep it until "
                 "{date}; after that day it is sent back.").format(order=order, store=store,
                                                                   date=until)
    facts = [(_("Pickup number:"), f.pickup_number), (_("Store:"), store),
             (_("Address:"), f.store_address), (_("Opening hours:"), f.store_hours)]
    greeting = (_("Hello {name},").format(name=f.first_name) if f.first_name else _("Hello,"))
    return Wording(subject, greeting, lead, [(k, v) for k, v in facts if v], _("Please bring:"),
                   [_("a photo ID in the name on the order"),
                    _("your order number ({order})").format(order=order)],
                   _("See you soon,\n{store}").format(store=store))


def plain_text(w: Wording) -> str:
    lines = [w.greeting, "", w.lead, ""]
    lines += [f"{label} {value}" for label, value in w.facts]
    lines += ["", w.bring_title, *(f"- {item}" for item in w.bring), "", w.closing, ""]
    return "\n".join(lines)


def html_text(w: Wording) -> str:
    e = html.escape
    facts = "".join(f"<tr><th align=\"left\">{e(k)}</th><td>{e(v)}</td></tr>" for k, v in w.facts)
    bring = "".join(f"<li>{e(item)}</li>" for item in w.bring)
    closing = "<br>".join(e(part) for part in w.closing.split("\n"))
    return (f"<html><body><p>{e(w.greeting)}</p><p>{e(w.lead)}</p><table>{facts}</table>"
            f"<p>{e(w.bring_title)}</p><ul>{bring}</ul><p>{closing}</p></body></html>")


def _content_language(locale: str) -> str:
    """fr_CA -> "fr-CA"; English, the source, is "en" (also for a language with no catalogue,
    which is written in English)."""
    locale = locale.replace("-", "_")
    known = catalogue_locales()
    if language_of(locale) == "en" or not (locale in known or language_of(locale) in known):
        return "en"
    return locale.replace("_", "-")


def compose(f: NoticeFacts) -> EmailMessage:
    """The e-mail for one notice. Its Message-ID is the notice's, so a copy sent again after a
    crash between sending and recording it carries the same id (mail clients show one)."""
    w = wording(f)
    msg = EmailMessage()
    msg["Subject"] = w.subject
    msg["From"] = formataddr((f.store_name, f.sender))
    msg["To"] = f.to
    domain = f.sender.rpartition("@")[2] or "storepos.invalid"
    msg["Message-ID"] = f"<{f.notice_id}.{f.kind}@{domain}>"
    msg.set_content(plain_text(w))
    msg.add_alternative(html_text(w), subtype="html")
    # After set_content, which drops Content-*: the language the notice is written in.
    msg["Content-Language"] = _content_language(f.locale)
    return msg
