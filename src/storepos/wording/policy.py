"""The return policy's reasons and words, in the reader's language.

    reason_text(explanation, Figures("CAD"))   # "Refund allowed: day 27 of the 75-day window ..."
    with speaking(SOURCE_LANGUAGE):
        reason_text(explanation, CONTRACT)       # the `storepos policy evaluate` contract's sentence

Each `Why` has whole sentences with named fields such as {day} (English is the msgid, so the English
catalogue and the contract text are one); lists inside a sentence (resolutions, tags, windows) are
joined by the catalogue's own "or" and "and". Clause names come from the policy files and are
translated as data (`clause_words`; `policy_texts` lists them for the catalogue's test).
`Figures` says how amounts, percentages and dates are written: the contract's plain "140.00",
"20%", "2025-01-05", or the reader's locale (CLDR, through storepos.i18n.formats).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import cast

from storepos.domain.policy.model import PaidWith
from storepos.domain.policy.reasons import Explanation, Why, WindowCount
from storepos.domain.policy.rules import Anchor, Finding, Policy, Requirement
from storepos.domain.vocabulary import Fulfillment, Resolution, StoreKind, Tag, TenderKind
from storepos.i18n import _, current_locale, ngettext, pgettext


@dataclass(frozen=True, slots=True)
class Figures:
    """How numbers inside a reason are written. No currency: as the contract writes them."""

    currency: str | None = None

    def money(self, value: Decimal) -> str:
        if self.currency is None:
            return str(value)
        from storepos.i18n import formats

        return formats.money(value, self.currency)

    def percent(self, value: Decimal) -> str:
        """`value` in percent (20 for 20 %)."""
        if self.currency is None:
            return f"{value.normalize():f}%"
        from babel.numbers import format_percent

        # Not formats.percent: a 12.5 % fee must not print as 13 %.
        return format_percent(value / 100, locale=current_locale(), decimal_quantization=False)

    def day(self, value: date) -> str:
        if self.currency is None:
            return value.isoformat()
        from storepos.i18n import formats

        # Kept on one line when a slip or a label wraps the sentence ("9 janv. 2025").
        return formats.day(value).replace(" ", "\u00a0")


CONTRACT = Figures()


# -- lists and words ------------------------------------------------------------------------------

def join_words(words: Iterable[str], last: str = "or") -> str:
    """"refund, exchange or store credit": the catalogue's "or" (or "and") before the last."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    template = _("{first} or {last}") if last == "or" else _("{first} and {last}")
    return template.format(first=", ".join(items[:-1]), last=items[-1])


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def _resolution_words(locale: str) -> dict[Resolution, str]:
    return {
        Resolution.REFUND: pgettext("resolution", "refund"),
        Resolution.EXCHANGE: pgettext("resolution", "exchange"),
        Resolution.STORE_CREDIT: pgettext("resolution", "store credit"),
        Resolution.REPLACEMENT: pgettext("resolution", "replacement"),
        Resolution.REPAIR: pgettext("resolution", "repair"),
    }


def resolution_word(resolution: Resolution) -> str:
    """"refund", "store credit": in the middle of a sentence."""
    return _resolution_words(current_locale())[resolution]


@cache
def _resolutions(locale: str, allow: tuple[Resolution, ...]) -> str:
    return join_words(_resolution_words(locale)[r] for r in allow)


def resolutions(allow: tuple[Resolution, ...]) -> str:
    """"refund, exchange or store credit" (cached: the same few tuples come back for every item)."""
    return _resolutions(current_locale(), allow)


@cache
def _tag_words(locale: str) -> dict[Tag, str]:
    # How an item of this kind is named inside "A {tags} item cannot be returned".
    return {
        Tag.FINAL_SALE: pgettext("item kind", "final-sale"),
        Tag.CLEARANCE: pgettext("item kind", "clearance"),
        Tag.SALE: pgettext("item kind", "sale"),
        Tag.DISCOUNTED: pgettext("item kind", "discounted"),
        Tag.SECOND_PAIR_PROMO: pgettext("item kind", "2nd-pair-half-price"),
        Tag.BUNDLE: pgettext("item kind", "bundle"),
        Tag.ONE_OF_A_KIND: pgettext("item kind", "one-of-a-kind"),
        Tag.ACCESSORY: pgettext("item kind", "accessory"),
    }


def tag_word(tag: Tag) -> str:
    return _tag_words(current_locale())[tag]


@cache
def _tag_labels(locale: str) -> dict[Tag, str]:
    # A tag on its own, as a cashier says it (the item screen's chips).
    return {
        Tag.FINAL_SALE: pgettext("tag label", "Final sale"),
        Tag.CLEARANCE: pgettext("tag label", "Clearance"),
        Tag.SALE: pgettext("tag label", "On sale"),
        Tag.DISCOUNTED: pgettext("tag label", "Discounted"),
        Tag.SECOND_PAIR_PROMO: pgettext("tag label", "Second-pair promotion"),
        Tag.BUNDLE: pgettext("tag label", "Part of a bundle"),
        Tag.ONE_OF_A_KIND: pgettext("tag label", "One of a kind"),
        Tag.ACCESSORY: pgettext("tag label", "Accessory"),
    }


def tag_label(tag: Tag) -> str:
    """"Final sale", "On sale": a tag shown on its own."""
    return _tag_labels(current_locale())[tag]


@cache
def _requirement_words(locale: str) -> dict[Requirement, str]:
    # What staff must see, inside "it needs {needs}, which was not shown".
    return {
        Requirement.UNWORN: pgettext("needs", "the item unworn"),
        Requirement.ORIGINAL_BOX: pgettext("needs", "the original shoe box"),
        Requirement.PACKAGING_INTACT: pgettext("needs", "the original packaging intact"),
        Requirement.PROOF_OF_PURCHASE: pgettext("needs", "proof of purchase (invoice or receipt)"),
        Requirement.ORIGINAL_CARD: pgettext("needs", "the original card used for the purchase"),
    }


@cache
def _tender_words(locale: str) -> dict[TenderKind, str]:
    # Tenders in the middle of a sentence ("Refund to the original PayPal payment"); cards by label.
    return {
        TenderKind.PAYPAL: pgettext("tender", "PayPal"),
        TenderKind.GIFT_CARD: pgettext("tender", "gift card"),
        TenderKind.STORE_CREDIT: pgettext("tender", "store credit"),
        TenderKind.CASH: pgettext("tender", "cash"),
        TenderKind.CHEQUE: pgettext("tender", "cheque"),
        TenderKind.MONEY_ORDER: pgettext("tender", "money order"),
        TenderKind.PAY_OFFLINE: pgettext("tender", "pay offline"),
    }


def tender_words(tender: PaidWith) -> str:
    return tender.label if tender.is_card else _tender_words(current_locale())[tender.kind]


def _names(tenders: Iterable[PaidWith]) -> list[str]:
    return list(dict.fromkeys(tender_words(t) for t in tenders))  # two gift cards: named once


def requirement_words(requirement: Requirement, paid_with: tuple[PaidWith, ...] = ()) -> str:
    """What staff must see; the original card is named when the till knows the tenders."""
    words = _requirement_words(current_locale())
    cards = _names(t for t in paid_with if t.is_card)
    if requirement is not Requirement.ORIGINAL_CARD or not cards:
        return words[requirement]
    card_words = join_words(cards, last="and")
    others = _names(t for t in paid_with if not t.is_card and t.paid)
    if others:  # split tender: the card's part goes back to the card, so it must be shown
        return _("the card that paid part of it ({cards}; {others} paid the rest)").format(
            cards=card_words, others=join_words(others, last="and"))
    return _("the original card used for the purchase ({cards})").format(cards=card_words)


def _needs(missing: tuple[Requirement, ...], paid_with: tuple[PaidWith, ...]) -> str:
    return join_words((requirement_words(m, paid_with) for m in missing), last="and")


def refund_destination(paid_with: Iterable[PaidWith]) -> str:
    """Where a refund goes, without a citation ("Refund to the original PayPal payment")."""
    names = _names(t for t in paid_with if t.paid)
    if not names:
        return _("Nothing goes back: the order was never paid (pay offline)")
    if len(names) == 1:
        return _("Refund to the original {tender} payment").format(tender=names[0])
    return _("Refund to the original payments: {tenders}").format(tenders=join_words(names, last="and"))


def card_check_hint(paid_with: Iterable[PaidWith]) -> str:
    """Under the counter's "Original card" box: the card to ask for, or where a refund goes."""
    tenders = tuple(paid_with)
    cards = _names(t for t in tenders if t.is_card)
    if cards:
        return ", ".join(cards)
    if not tenders:
        return _("No payment on record")
    return _("Paid without a card. {destination}.").format(destination=refund_destination(tenders))


def window_length(days: int, months: int) -> str:
    """"75 days", "1 year", "1 year and 6 months"."""
    parts = []
    years, rest = divmod(months, 12)
    if years:
        parts.append(ngettext("{n} year", "{n} years", years).format(n=years))
    if rest:
        parts.append(ngettext("{n} month", "{n} months", rest).format(n=rest))
    if days or not parts:
        parts.append(ngettext("{n} day", "{n} days", days).format(n=days))
    text = parts[0]
    for part in parts[1:]:
        text = _("{first} and {last}").format(first=text, last=part)
    return text


# -- clauses: the policy files' own words, translated as data ------------------------------------

def clause_words(clause: str) -> str:
    """A clause as the policy file names it, in the reader's language (policy.po holds them)."""
    return _(clause) if clause else clause


def policy_texts(policy: Policy) -> list[str]:
    """Every text of a policy file that a reason can cite: each must have its translation."""
    texts = [policy.cancel.clause, policy.shipping_clause]
    for section in policy.sections().values():
        texts += [section.clause, section.exclusion_clause, section.fee_clause]
        texts += [r.clause for r in section.store_restrictions]
        texts += [o.clause for o in section.outcomes]
    return list(dict.fromkeys(t for t in texts if t))


def _cite(reason: Explanation) -> str:
    if reason.clause:
        return _("({policy}: {clause})").format(policy=reason.policy, clause=clause_words(reason.clause))
    return _("({policy} policy)").format(policy=reason.policy)


# -- the sentences, one per Why -------------------------------------------------------------------

def _window(count: WindowCount, figures: Figures) -> str:
    """One window as counted: "day 27 of the 75-day window from purchase on 2025-01-05"."""
    start = figures.day(count.start)
    purchase = count.anchor is Anchor.PURCHASE
    if count.months:
        if count.holds and purchase:
            text = _("day {day} is within the {length} window from purchase on {start} (through {through})")
        elif count.holds:
            text = _("day {day} is within the {length} window from receipt on {start} (through {through})")
        elif purchase:
            text = _("day {day} is past the {length} window from purchase on {start} (through {through})")
        else:
            text = _("day {day} is past the {length} window from receipt on {start} (through {through})")
        return text.format(day=count.day, length=window_length(count.days, count.months), start=start,
                           through=figures.day(count.through))
    n = count.days
    if count.holds and purchase:
        text = ngettext("day {day} of the {days}-day window from purchase on {start}",
                        "day {day} of the {days}-day window from purchase on {start}", n)
    elif count.holds:
        text = ngettext("day {day} of the {days}-day window from receipt on {start}",
                        "day {day} of the {days}-day window from receipt on {start}", n)
    elif purchase:
        text = ngettext("day {day} is past the {days}-day window from purchase on {start}",
                        "day {day} is past the {days}-day window from purchase on {start}", n)
    else:
        text = ngettext("day {day} is past the {days}-day window from receipt on {start}",
                        "day {day} is past the {days}-day window from receipt on {start}", n)
    return text.format(day=count.day, days=n, start=start)


def _resolved(allow: tuple[Resolution, ...]) -> dict[str, str]:
    words = resolutions(allow)
    return {"resolutions": words, "Resolutions": capital(words)}


def _allowed(p: Mapping[str, object], figures: Figures) -> str:
    counts = cast(tuple[WindowCount, ...], p["windows"])
    allow = cast(tuple[Resolution, ...], p["allow"])
    if not counts:
        return _("{Resolutions} allowed {cite}.").format(**_resolved(allow), cite="{cite}")
    windows = join_words((_window(c, figures) for c in counts), last="and")
    return _("{Resolutions} allowed: {windows} {cite}.").format(
        **_resolved(allow), windows=windows, cite="{cite}")


def _window_passed(p: Mapping[str, object], figures: Figures) -> str:
    counts = cast(tuple[WindowCount, ...], p["windows"])
    windows = join_words((_window(c, figures) for c in counts), last="and")
    return _("{Resolutions} not possible: {windows} {cite}.").format(
        **_resolved(cast(tuple[Resolution, ...], p["allow"])), windows=windows, cite="{cite}")


def _outcome_needs(p: Mapping[str, object], figures: Figures) -> str:
    needs = _needs(cast(tuple[Requirement, ...], p["needs"]), cast(tuple[PaidWith, ...], p["paid_with"]))
    return _("{Resolutions} not possible: it needs {needs}, which was not shown {cite}.").format(
        **_resolved(cast(tuple[Resolution, ...], p["allow"])), needs=needs, cite="{cite}")


def _claim_needs(p: Mapping[str, object], figures: Figures) -> str:
    needs = _needs(cast(tuple[Requirement, ...], p["needs"]), cast(tuple[PaidWith, ...], p["paid_with"]))
    return _("This claim needs {needs}, which was not shown {cite}.").format(needs=needs, cite="{cite}")


def _store_restricted(p: Mapping[str, object], figures: Figures) -> str:
    fulfillment = cast(Fulfillment, p["fulfillment"])
    outlet = cast(StoreKind, p["store_kind"]) is StoreKind.OUTLET
    sentences = {
        (Fulfillment.SHIP_TO_HOME, False):
            _("Ship-to-home orders cannot be returned at a retail store {cite}."),
        (Fulfillment.SHIP_TO_HOME, True):
            _("Ship-to-home orders cannot be returned at an outlet store {cite}."),
        (Fulfillment.SHIP_TO_STORE, False):
            _("Ship-to-store (pickup) orders cannot be returned at a retail store {cite}."),
        (Fulfillment.SHIP_TO_STORE, True):
            _("Ship-to-store (pickup) orders cannot be returned at an outlet store {cite}."),
        (Fulfillment.IN_STORE, False):
            _("In-store orders cannot be returned at a retail store {cite}."),
        (Fulfillment.IN_STORE, True):
            _("In-store orders cannot be returned at an outlet store {cite}."),
    }
    return sentences[fulfillment, outlet]


def _tags_excluded(p: Mapping[str, object], figures: Figures) -> str:
    tags = join_words((tag_word(t) for t in cast(tuple[Tag, ...], p["tags"])), last="and")
    if "paid" in p:  # a discount the engine inferred from the prices: say so
        paid, price = figures.money(cast(Decimal, p["paid"])), figures.money(cast(Decimal, p["price"]))
        if p["change_of_mind"]:
            text = _("A {tags} (paid {paid} against a list price of {price}) item cannot be returned "
                     "for change of mind {cite}.")
        else:
            text = _("A {tags} (paid {paid} against a list price of {price}) item cannot be returned "
                     "{cite}.")
        return text.format(tags=tags, paid=paid, price=price, cite="{cite}")
    if p["change_of_mind"]:
        return _("A {tags} item cannot be returned for change of mind {cite}.").format(
            tags=tags, cite="{cite}")
    return _("A {tags} item cannot be returned {cite}.").format(tags=tags, cite="{cite}")


def _finding(p: Mapping[str, object], figures: Figures) -> str:
    finding = cast(Finding, p["finding"])
    if finding is Finding.WEAR_AND_TEAR:
        return _("Wear and tear is not a manufacturing defect {cite}.")
    if finding is Finding.MISUSE:
        return _("Damage from misuse is not covered {cite}.")
    return _("Staff did not confirm a manufacturing defect {cite}.")


def _refund_to(p: Mapping[str, object], figures: Figures) -> str:
    names = _names(t for t in cast(tuple[PaidWith, ...], p["paid_with"]) if t.paid)
    if not names:
        return _("Nothing goes back: the order was never paid (pay offline) {cite}.")
    if len(names) == 1:
        return _("Refund to the original {tender} payment {cite}.").format(tender=names[0], cite="{cite}")
    return _("Refund to the original payments: {tenders} {cite}.").format(
        tenders=join_words(names, last="and"), cite="{cite}")


def _restocking_fee(p: Mapping[str, object], figures: Figures) -> str:
    return _("A {percent} restocking fee of {fee} is charged on the {paid} paid {cite}.").format(
        percent=figures.percent(cast(Decimal, p["percent"])), fee=figures.money(cast(Decimal, p["fee"])),
        paid=figures.money(cast(Decimal, p["paid"])), cite="{cite}")


def _shipping_kept(p: Mapping[str, object], figures: Figures) -> str:
    return _("Shipping ({amount}) is not refunded {cite}.").format(
        amount=figures.money(cast(Decimal, p["amount"])), cite="{cite}")


def _cancel_allowed(p: Mapping[str, object], figures: Figures) -> str:
    return _("{Resolutions} allowed: the order has not been dispatched yet {cite}.").format(
        **_resolved(cast(tuple[Resolution, ...], p["allow"])), cite="{cite}")


def _fixed(message: Callable[[], str]) -> Callable[[Mapping[str, object], Figures], str]:
    return lambda _p, _f: message()


_SENTENCES: dict[Why, Callable[[Mapping[str, object], Figures], str]] = {
    Why.NOT_RECEIVED: _fixed(lambda: _(
        "The order has not been received yet (no delivery or pickup date): it cannot be returned, "
        "only cancelled {cite}.")),
    Why.STORE_RESTRICTED: _store_restricted,
    Why.TAGS_EXCLUDED: _tags_excluded,
    Why.NO_INSPECTION: _fixed(lambda: _(
        "A faulty-item claim is decided on the staff inspection: record whether the defect is "
        "confirmed and any wear and tear or misuse {cite}.")),
    Why.FINDING: _finding,
    Why.CLAIM_NEEDS: _claim_needs,
    Why.ALLOWED: _allowed,
    Why.WINDOW_PASSED: _window_passed,
    Why.NEEDS: _outcome_needs,
    Why.REFUND_TO: _refund_to,
    Why.RESTOCKING_FEE: _restocking_fee,
    Why.SHIPPING_KEPT: _shipping_kept,
    Why.NO_RESOLUTION: _fixed(lambda: _("No resolution applies to this request {cite}.")),
    Why.CANCEL_RECEIVED: _fixed(lambda: _(
        "The order has already been received, so it cannot be cancelled; a return applies {cite}.")),
    Why.CANCEL_DISPATCHED: _fixed(lambda: _(
        "The order has left the warehouse, so it can no longer be cancelled; it can be returned once "
        "received {cite}.")),
    Why.CANCEL_NOT_ALLOWED: _fixed(lambda: _("Orders cannot be cancelled under this policy {cite}.")),
    Why.CANCEL_ALLOWED: _cancel_allowed,
}


def reason_text(reason: Explanation, figures: Figures = CONTRACT) -> str:
    """The reason as one sentence in the current language, citing its clause."""
    sentence = _SENTENCES[reason.why](reason.params, figures)
    # {cite} is filled last: a clause's own text may hold braces.
    return sentence.replace("{cite}", _cite(reason))


def reasons_text(reasons: Iterable[Explanation], figures: Figures = CONTRACT) -> tuple[str, ...]:
    return tuple(reason_text(r, figures) for r in reasons)
