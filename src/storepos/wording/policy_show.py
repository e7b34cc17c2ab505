"""A policy in words, for `storepos policy show`: every rule, in the reader's language.

The policy file's own texts (source, clauses, notes) are translated as data, like the reasons'
clauses (`policy.clause_words`; `policy.policy_texts` lists them for the catalogue's test).
"""

from __future__ import annotations

from decimal import Decimal

from storepos.domain.policy.rules import Anchor, Finding, Policy, Section, Window
from storepos.domain.vocabulary import Fulfillment, StoreKind
from storepos.i18n import _, pgettext
from storepos.wording.policy import (
    capital,
    clause_words,
    join_words,
    requirement_words,
    resolutions,
    tag_word,
    window_length,
)


def _percent(value: Decimal) -> str:
    from babel.numbers import format_percent

    from storepos.i18n import current_locale

    return format_percent(value / 100, locale=current_locale(), decimal_quantization=False)


def _section_titles() -> dict[str, str]:
    return {
        "return": _("Change of mind and wrong size:"),
        "wrong_item": _("Wrong item sent by the retailer:"),
        "fault": _("Faulty items (inspected by staff):"),
    }


def _fulfillment(kind: Fulfillment) -> str:
    # How an order of this kind is named inside "Not at an outlet store for {kinds} orders".
    return {
        Fulfillment.SHIP_TO_HOME: pgettext("orders", "ship-to-home"),
        Fulfillment.SHIP_TO_STORE: pgettext("orders", "ship-to-store (pickup)"),
        Fulfillment.IN_STORE: pgettext("orders", "in-store"),
    }[kind]


def _finding(finding: Finding) -> str:
    return {
        Finding.WEAR_AND_TEAR: pgettext("denied when", "wear and tear is not a manufacturing defect"),
        Finding.MISUSE: pgettext("denied when", "damage from misuse is not covered"),
        Finding.UNCONFIRMED: pgettext("denied when", "staff did not confirm a manufacturing defect"),
    }[finding]


def window_phrase(window: Window) -> str:
    """"75 days from purchase", "1 year from purchase, after day 75"."""
    length = window_length(window.days, window.months)
    purchase = window.anchor is Anchor.PURCHASE
    if window.after_days is None:
        text = _("{length} from purchase") if purchase else _("{length} from receipt")
        return text.format(length=length)
    text = (_("{length} from purchase, after day {after}") if purchase
            else _("{length} from receipt, after day {after}"))
    return text.format(length=length, after=window.after_days)


def describe_policy(policy: Policy) -> str:
    lines = [f"{policy.title} ({policy.name})",
             _("Source: {source}").format(source=clause_words(policy.source)), ""]
    titles = _section_titles()
    for key, section in policy.sections().items():
        lines.append(titles[key])
        lines.extend(f"  - {text}" for text in _describe_section(section))
        lines.append("")
    cancel = policy.cancel
    clause = clause_words(cancel.clause)
    lines.append(_("Cancellations:"))
    if cancel.allow_before_dispatch:
        allowed = resolutions(cancel.allow_before_dispatch)
        if cancel.fee_percent:
            lines.append("  - " + _("Before dispatch: {resolutions}, less a {percent} restocking fee "
                                    "({clause}).").format(resolutions=allowed,
                                                          percent=_percent(cancel.fee_percent),
                                                          clause=clause))
        else:
            lines.append("  - " + _("Before dispatch: {resolutions} ({clause}).").format(
                resolutions=allowed, clause=clause))
    else:
        lines.append("  - " + _("Not possible ({clause}).").format(clause=clause))
    lines.append("  - " + _("Once dispatched or received: not cancellable; a return applies."))
    lines.append("")
    lines.append(_("Shipping: never refunded ({clause}).").format(
        clause=clause_words(policy.shipping_clause)))
    if policy.settings:
        lines.append("")
        settings = ", ".join(f"{k} = {v}" for k, v in policy.settings.items())
        lines.append(_("Settings: {settings}").format(settings=settings))
    if policy.notes:
        lines.append("")
        lines.append(_("Notes:"))
        lines.extend(f"  - {clause_words(note)}" for note in policy.notes)
    return "\n".join(lines)


def _describe_section(section: Section) -> list[str]:
    out = []
    for restriction in section.store_restrictions:
        kinds = join_words(_fulfillment(f) for f in restriction.fulfillments)
        text = (_("Not at an outlet store for {kinds} orders ({clause}).")
                if restriction.store_kind is StoreKind.OUTLET
                else _("Not at a retail store for {kinds} orders ({clause})."))
        out.append(text.format(kinds=kinds, clause=clause_words(restriction.clause)))
    if section.excluded_tags:
        tags = join_words((tag_word(t) for t in section.excluded_tags), last="and")
        text = (_("Excluded: {tags} items (an item paid below its list price counts as discounted) "
                  "({clause}).") if section.infer_discount
                else _("Excluded: {tags} items ({clause})."))
        out.append(text.format(tags=tags, clause=clause_words(section.exclusion_clause)))
    if section.requires:
        needs = join_words((requirement_words(r) for r in section.requires), last="and")
        out.append(_("Always needs {needs}.").format(needs=needs))
    if section.denied_findings:
        findings = "; ".join(_finding(f) for f in section.denied_findings)
        out.append(_("Denied when: {findings}.").format(findings=findings))
    for outcome in section.outcomes:
        windows = (join_words((window_phrase(x) for x in outcome.windows), last="and")
                   if outcome.windows else _("no time limit"))
        words = capital(resolutions(outcome.allow))
        clause = clause_words(outcome.clause)
        if outcome.requires:
            needs = join_words((requirement_words(r) for r in outcome.requires), last="and")
            out.append(_("{Resolutions}: {windows}; needs {needs} ({clause}).").format(
                Resolutions=words, windows=windows, needs=needs, clause=clause))
        else:
            out.append(_("{Resolutions}: {windows} ({clause}).").format(
                Resolutions=words, windows=windows, clause=clause))
    if section.restocking_fee_percent:
        out.append(_("Restocking fee: {percent} of the price paid, rounded half up to the cent "
                      "({clause}).").format(percent=_percent(section.restocking_fee_percent),
                                            clause=clause_words(section.fee_clause)))
    if not section.outcomes:
        out.append(_("No returns of this kind."))
    return out
