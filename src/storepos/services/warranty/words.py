"""Warranty words in the reader's language: claim statuses, defects, outcomes, the inspection's
findings, and the refusals of the claim rules (domain/warranty.py gives a code and its params).
Whole sentences, one per case: a translator never sees a sentence glued from pieces."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from storepos.domain import warranty as rules
from storepos.domain.errors import StoreposError
from storepos.domain.policy import Inspection
from storepos.domain.vocabulary import Resolution, WarrantyStatus
from storepos.domain.warranty import DefectCategory
from storepos.i18n import N_, _, current_locale, pgettext

W = WarrantyStatus
R = Resolution

# The defect list, as the inspection form offers it and the ticket shows it.
DEFECTS = {
    DefectCategory.SOLE_SEPARATION: N_("Sole separation"),
    DefectCategory.STITCHING: N_("Stitching"),
    DefectCategory.UPPER_TEAR: N_("Upper tear"),
    DefectCategory.HARDWARE_ZIP: N_("Hardware / zip"),
    DefectCategory.LINING: N_("Lining"),
    DefectCategory.HEEL: N_("Heel"),
    DefectCategory.OTHER: N_("Other"),
}
# The inspection's findings, kept on a ticket in these English words (finding_ids) and shown
# translated (findings, finding_words).
FINDINGS = (N_("Defect confirmed"), N_("Defect not confirmed"), N_("Wear and tear"), N_("Misuse"))
CONFIRMED, NOT_CONFIRMED, WEAR_AND_TEAR, MISUSE = FINDINGS


def status_label(status: WarrantyStatus) -> str:
    """A claim's status on its own (a table cell, a heading): "Submitted to a manager"."""
    return {
        W.OPEN: pgettext("claim status", "Open (being inspected)"),
        W.SUBMITTED: pgettext("claim status", "Submitted to a manager"),
        W.APPROVED: pgettext("claim status", "Approved"),
        W.DENIED: pgettext("claim status", "Denied"),
        W.COMPLETED: pgettext("claim status", "Completed"),
    }[status]


def status_words(status: WarrantyStatus) -> str:
    """A claim's status inside a sentence ("Warranty claim W-… is already approved.")."""
    return {
        W.OPEN: pgettext("claim status in a sentence", "open (being inspected)"),
        W.SUBMITTED: pgettext("claim status in a sentence", "submitted to a manager"),
        W.APPROVED: pgettext("claim status in a sentence", "approved"),
        W.DENIED: pgettext("claim status in a sentence", "denied"),
        W.COMPLETED: pgettext("claim status in a sentence", "completed"),
    }[status]


def _move_words(target: WarrantyStatus | None) -> str:
    """What a move is called when it is refused ("it can't be approved")."""
    said = {
        W.SUBMITTED: pgettext("claim move", "submitted"),
        W.APPROVED: pgettext("claim move", "approved"),
        W.DENIED: pgettext("claim move", "denied"),
        W.COMPLETED: pgettext("claim move", "completed"),
    }
    return said[target] if target is not None and target in said else pgettext("claim move", "reopened")


def outcome_words(outcome: Resolution) -> str:
    """An outcome inside a sentence: "refund", "store credit"."""
    return {
        R.REFUND: pgettext("outcome", "refund"),
        R.EXCHANGE: pgettext("outcome", "exchange"),
        R.STORE_CREDIT: pgettext("outcome", "store credit"),
        R.REPLACEMENT: pgettext("outcome", "replacement"),
        R.REPAIR: pgettext("outcome", "repair"),
    }[outcome]


def outcome_label(outcome: Resolution) -> str:
    """An outcome on its own (a choice, a ticket row): "Store credit"."""
    return {
        R.REFUND: pgettext("outcome", "Refund"),
        R.EXCHANGE: pgettext("outcome", "Exchange"),
        R.STORE_CREDIT: pgettext("outcome", "Store credit"),
        R.REPLACEMENT: pgettext("outcome", "Replacement"),
        R.REPAIR: pgettext("outcome", "Repair"),
    }[outcome]


def one_of(words: Iterable[str]) -> str:
    """"refund, replacement or store credit", the reader's way (CLDR list patterns)."""
    from babel.lists import format_list

    items = list(words)
    return format_list(items, style="or", locale=current_locale()) if items else ""


def outcomes(allowed: Iterable[Resolution]) -> str:
    return one_of(outcome_words(r) for r in allowed)


def defect_label(category: DefectCategory | None) -> str:
    return _(DEFECTS[category]) if category is not None else "—"


def defect_of_ticket(words: str) -> str:
    """The ticket's defect, kept in English words by the service, in the reader's language."""
    return _(words) if words in DEFECTS.values() else words


def finding_ids(inspection: Inspection) -> tuple[str, ...]:
    """The inspection's findings as a ticket keeps them: their English words, untranslated."""
    said = [CONFIRMED if inspection.defect_confirmed else NOT_CONFIRMED]
    if inspection.wear_and_tear:
        said.append(WEAR_AND_TEAR)
    if inspection.misuse:
        said.append(MISUSE)
    return tuple(said)


def findings(inspection: Inspection) -> tuple[str, ...]:
    """The inspection in words, in the reader's language."""
    return tuple(_(f) for f in finding_ids(inspection))


def finding_words(words: Iterable[str]) -> tuple[str, ...]:
    """Findings a service kept in English words (a ticket's), in the reader's language."""
    return tuple(_(w) if w in FINDINGS else w for w in words)


def _what(params: Mapping[str, object]) -> str:
    """Which free-text field is too long ("the notes")."""
    what = params.get("what")
    return {
        "the notes": _("the notes"),
        "the proof of purchase": _("the proof of purchase"),
        "the item": _("the item"),
    }.get(str(what), str(what))


def _status(params: Mapping[str, object], key: str = "status") -> str:
    value = params.get(key)
    return status_words(W(value)) if isinstance(value, str) and value in {s.value for s in W} \
        else str(value)


def _megabytes(size: object) -> str:
    if not isinstance(size, int):
        return str(size)
    from babel.numbers import format_decimal

    tenths = -(-size * 10 // (1024 * 1024))  # rounded up, as the domain says it
    return _("{size} MB").format(size=format_decimal(tenths / 10, format="0.0",
                                                     locale=current_locale()))


def refusal(exc: StoreposError) -> str | None:
    """The sentence for a refusal of the claim rules, or None when `exc` is not one of theirs."""
    p, code = exc.params, exc.code
    if code == rules.ALREADY:
        return _("Warranty claim {number} is already {status}.").format(
            number=p["number"], status=_status(p))
    if code == rules.STILL_OPEN:
        return _("Warranty claim {number} is still open: submit it to a manager first.").format(
            number=p["number"])
    if code == rules.FINISHED:
        target = p.get("target")
        move = _move_words(W(target) if isinstance(target, str) and target in {s.value for s in W}
                           else None)
        return _("Warranty claim {number} is already {status}; it can't be {move}.").format(
            number=p["number"], status=_status(p), move=move)
    if code == rules.NOT_EDITABLE:
        return _("Warranty claim {number} is {status}; its inspection can no longer be "
                 "changed.").format(number=p["number"], status=_status(p))
    if code == rules.NOT_AN_OUTCOME:
        return _("A warranty claim ends in a refund, a replacement, store credit or a repair; an "
                 "exchange is a return.")
    if code == rules.NO_ORDER:
        return _("This claim has no order on file, so the policy can't check its dates: approve "
                 "it only as a manager override, with the reason.")
    asked = p.get("asked")
    asked_words = outcome_words(R(asked)) if isinstance(asked, str) else ""
    if code == rules.POLICY_DENIES:
        return _("The policy denies this claim, so {asked} is not possible. Deny it, or approve "
                 "it as a manager override with the reason.").format(asked=asked_words)
    if code == rules.POLICY_ALLOWS:
        allowed = p.get("allowed")
        offered = outcomes(R(r) for r in allowed) if isinstance(allowed, tuple) else ""
        return _("The policy allows {allowed} for this claim, not {asked}. Choose one of those, "
                 "or approve it as a manager override with the reason.").format(
                     allowed=offered, asked=asked_words)
    if code == rules.TEXT_TOO_LONG:
        return _("Keep {what} under {limit} characters.").format(what=_what(p), limit=p["limit"])
    if code == rules.PHOTO_EMPTY:
        return _("{filename} is empty; choose the photo again.").format(filename=p["filename"])
    if code == rules.PHOTO_TOO_LARGE:
        return _("{filename} is {size}; a claim photo can be at most {most}. Take it again at a "
                 "lower resolution.").format(filename=p["filename"], size=_megabytes(p["size"]),
                                             most=_megabytes(p["most"]))
    if code == rules.TOO_MANY_PHOTOS:
        return _("A claim holds at most {most} photos.").format(most=p["most"])
    if code == rules.NOT_A_PHOTO:
        return _("{filename} is not a JPEG, PNG, WebP or HEIC photo.").format(
            filename=p["filename"])
    if code == rules.PHOTO_MISLABELLED:
        return _("{filename} says it is {declared}, but it is a {found} file.").format(
            filename=p["filename"], declared=p["declared"], found=p["found"])
    return None
