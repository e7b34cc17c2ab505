"""The pickup rules' refusals in the reader's language: the domain gives a code and its params
(domain/pickups.py), this says the sentence. Whole sentences, one per case: a translator never
sees a sentence glued from pieces."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from storepos.domain import pickups as rules
from storepos.domain.errors import StoreposError
from storepos.domain.vocabulary import PickupStatus
from storepos.i18n import N_, _, current_locale, pgettext
from storepos.i18n.formats import day

S = PickupStatus

def status_words(status: PickupStatus) -> str:
    """A pickup's status as a word inside a sentence ("Pickup P-… is already collected.")."""
    return {
        S.IN_TRANSIT: pgettext("pickup status", "in transit"),
        S.ARRIVED: pgettext("pickup status", "arrived"),
        S.READY: pgettext("pickup status", "ready for pickup"),
        S.NOTIFIED: pgettext("pickup status", "waiting for the customer (notified)"),
        S.COLLECTED: pgettext("pickup status", "collected"),
        S.SENT_BACK: pgettext("pickup status", "sent back"),
    }[status]


def _move_words(target: PickupStatus) -> str:
    """What a move is called when it is refused ("it can't be handed over")."""
    return {
        S.ARRIVED: pgettext("pickup move", "marked arrived"),
        S.READY: pgettext("pickup move", "marked ready"),
        S.NOTIFIED: pgettext("pickup move", "marked notified"),
        S.COLLECTED: pgettext("pickup move", "handed over"),
        S.SENT_BACK: pgettext("pickup move", "sent back"),
    }.get(target, pgettext("pickup move", "changed"))


# What to do first, when a move comes too early.
_FIRST = {S.IN_TRANSIT: N_("Scan it in as arrived first."), S.ARRIVED: N_("Mark it ready first.")}


def _enum(params: Mapping[str, object], key: str) -> PickupStatus | None:
    value = params.get(key)
    return S(value) if isinstance(value, str) and value in {s.value for s in S} else None


def _status(params: Mapping[str, object], key: str) -> str:
    status = _enum(params, key)
    return status_words(status) if status is not None else str(params.get(key, ""))


def _doing(params: Mapping[str, object]) -> str:
    target = _enum(params, "target")
    return _move_words(target) if target is not None else pgettext("pickup move", "changed")


def _amount(value: object) -> str:
    """An amount with its cents, the reader's way ("12.50", "12,50")."""
    if not isinstance(value, Decimal):
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.00", locale=current_locale())


def refusal(exc: StoreposError) -> str | None:
    """The sentence for a refusal of the pickup rules, or None when `exc` is not one of theirs."""
    p = exc.params
    code = exc.code
    if code == rules.HELD:
        hold = p.get("hold")
        return _("Pickup {number} is held for the customer until {day}; it can be sent back after "
                 "that day.").format(number=p["number"],
                                     day=day(hold) if isinstance(hold, date) else "—")
    if code == rules.ALREADY:
        return _("Pickup {number} is already {status}.").format(
            number=p["number"], status=_status(p, "status"))
    if code == rules.FINISHED:
        return _("Pickup {number} is already {status}; it can't be {move}.").format(
            number=p["number"], status=_status(p, "status"), move=_doing(p))
    if code == rules.BACKWARDS:
        return _("Pickup {number} is {status}; it can't go back to {earlier}.").format(
            number=p["number"], status=_status(p, "status"), earlier=_status(p, "target"))
    if code == rules.NOT_YET:
        sentence = _("Pickup {number} is {status}, so it can't be {move} yet.").format(
            number=p["number"], status=_status(p, "status"), move=_doing(p))
        status = _enum(p, "status")
        first = _FIRST.get(status) if status is not None else None
        return f"{sentence} {_(first)}" if first else sentence
    if code == rules.ALREADY_PAID:
        return _("Order {number} is already paid; take no payment at pickup.").format(
            number=p["number"])
    if code == rules.PAYMENT_MISMATCH:
        due, given = p.get("due"), p.get("given")
        return _("Order {number} has {due} to pay; the payments add up to {given}.").format(
            number=p["number"], due=_amount(due), given=_amount(given))
    return None
