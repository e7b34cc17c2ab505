"""A customer's notice as an e-mail: plain text with a simple HTML alternative, in the store's
language (French for a store whose locale starts with "fr", English otherwise).

Québec French: a no-break space before a colon, none before ; ! ?; "ramassage" for pickup (as
the store's printed slips say); dates written out ("le 1er juin 2026").
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr

ARRIVED = "arrived"
HOLD_ENDING = "hold_ending"
NBSP = "\u00a0"

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")


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


def english_date(day: date) -> str:
    return f"{_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"


def french_date(day: date) -> str:
    """'1er juin 2026', '14 juin 2026'."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_FR_MONTHS[day.month - 1]} {day.year}"


def _fr(label: str) -> str:
    return f"{label}{NBSP}:"


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
    order = f.order_number.lstrip("#")
    if f.french:
        until = french_date(f.hold_until) if f.hold_until else ""
        if f.kind == ARRIVED:
            subject = f"Votre commande {order} est arrivée à {f.store_name}"
            lead = (f"Bonne nouvelle{NBSP}: votre commande {order} est arrivée à {f.store_name} "
                    "et vous y attend.")
            if until:
                lead += f" Nous la gardons pour vous jusqu'au {until} inclusivement."
        else:
            subject = (f"Rappel{NBSP}: votre commande {order} vous attend à {f.store_name} "
                       f"jusqu'au {until}")
            lead = (f"Votre commande {order} vous attend toujours à {f.store_name}. Nous la "
                    f"gardons jusqu'au {until} inclusivement{NBSP}; passé cette date, elle sera "
                    "retournée.")
        facts = [(_fr("Numéro de ramassage"), f.pickup_number), (_fr("Magasin"), f.store_name),
                 (_fr("Adresse"), f.store_address), (_fr("Heures d'ouverture"), f.store_hours)]
        return Wording(subject, f"Bonjour {f.first_name}," if f.first_name else "Bonjour,", lead,
                       [(k, v) for k, v in facts if v], _fr("Veuillez apporter"),
                       ["une pièce d'identité avec photo au nom inscrit sur la commande",
                        f"votre numéro de commande ({order})"],
                       f"À bientôt,\n{f.store_name}")
    until = english_date(f.hold_until) if f.hold_until else ""
    if f.kind == ARRIVED:
        subject = f"Your order {order} has arrived at {f.store_name}"
        lead = f"Good news: your order {order} has arrived at {f.store_name} and is waiting for you."
        if until:
            lead += f" We keep it for you until {until}."
    else:
        subject = f"Reminder: your order {order} is waiting at {f.store_name} until {until}"
        lead = (f"Your order {order} is still waiting for you at {f.store_name}. We keep it until "
                f"{until}; after that day it is sent back.")
    facts = [("Pickup number:", f.pickup_number), ("Store:", f.store_name),
             ("Address:", f.store_address), ("Opening hours:", f.store_hours)]
    return Wording(subject, f"Hello {f.first_name}," if f.first_name else "Hello,", lead,
                   [(k, v) for k, v in facts if v], "Please bring:",
                   ["a photo ID in the name on the order", f"your order number ({order})"],
                   f"See you soon,\n{f.store_name}")


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
    msg["Content-Language"] = "fr-CA" if f.french else "en"  # after: set_content drops Content-*
    return msg
