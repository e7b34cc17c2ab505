"""The source of value added to a gift card or store credit, checked before the entry is written.

    source = sold(CardPayment(TenderKind.CARD, card_brand="Visa", card_last4="4242"))
    source = given(ValueSource.PROMOTION, approval, "Charity raffle prize")

`resolve` turns a source into what the audit keeps (`details["source"]`, approver, reason), after
refusing in words: a promotion or goodwill credit without a manager's approval and a reason, a
return or warranty claim that is not in the database, and value over a cap (domain.card_value)
without a manager. The caller writes the entry and its audit event in the same transaction.

`_approved` is the one place card value takes a manager's token (staff.approvals.verify: signed,
bound to the kind and amount, single use, and never the employee's own).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storepos.domain.card_value import (
    CAPPED_SOURCES,
    MANAGER_SOURCES,
    CardCaps,
    ValueSource,
    over_cap,
)
from storepos.domain.cards import check_last_four, refuse_card_number
from storepos.domain.errors import InvalidInput
from storepos.domain.vocabulary import LedgerKind, TenderKind
from storepos.i18n import N_, _, current_locale
from storepos.persistence.models import LedgerEntry, Return, WarrantyClaim
from storepos.services.base.context import Actor
from storepos.services.staff import approvals
from storepos.services.staff.approvals import Approval, Binding
from storepos.services.staff.auth import PermissionDenied, check_reason

# What a customer may pay a gift card with at the counter (never another card's value), in words.
# Marked here, worded where shown: _(GIFT_CARD_TENDERS[tender]).
GIFT_CARD_TENDERS = {TenderKind.CASH: N_("cash"), TenderKind.INTERAC: N_("debit (Interac)"),
                     TenderKind.CARD: N_("credit card")}


class NeedsManager(PermissionDenied):
    """Value with no sale, return or claim behind it, or over a cap, without a manager's yes."""


@dataclass(frozen=True, slots=True)
class CardPayment:
    """The tender taken for a gift card: card payments keep brand, last four and auth only."""

    tender: TenderKind
    card_brand: str | None = None
    card_last4: str | None = None
    auth_ref: str | None = None

    def checked(self) -> dict[str, Any]:
        if self.tender not in GIFT_CARD_TENDERS:
            raise InvalidInput(_("A gift card is paid in cash, by debit or by credit card."))
        if self.card_last4 is not None:
            check_last_four(self.card_last4)
        refuse_card_number("tender card_brand", self.card_brand)
        refuse_card_number("tender auth_ref", self.auth_ref)
        kept = {"card_brand": self.card_brand, "card_last4": self.card_last4,
                "auth_ref": self.auth_ref}
        return {"tender": self.tender.value, **{k: v for k, v in kept.items() if v}}


@dataclass(frozen=True, slots=True)
class Source:
    """Where the value comes from; `approval` and `reason` when a manager said yes."""

    kind: ValueSource
    payment: CardPayment | None = None
    return_id: uuid.UUID | None = None
    claim_id: uuid.UUID | None = None
    approval: Approval | None = field(default=None, compare=False)
    reason: str = ""


def sold(payment: CardPayment | TenderKind, approval: Approval | None = None) -> Source:
    pay = payment if isinstance(payment, CardPayment) else CardPayment(payment)
    return Source(ValueSource.SALE, payment=pay, approval=approval)


def value_binding(kind: ValueSource, amount: Decimal) -> Binding:
    """What a manager's token for card value is bound to: the kind of source and the most it adds."""
    return Binding(approvals.CARD_VALUE, kind.value, amount=amount)


def given(kind: ValueSource, approval: Approval | None, reason: str = "") -> Source:
    """A promotion or goodwill credit: `reason` defaults to the one the manager gave."""
    return Source(kind, approval=approval, reason=reason)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What the audit event keeps about the source."""

    details: dict[str, Any]
    approved_by: uuid.UUID | None
    reason: str | None


def _approved(session: Session, actor: Actor, approval: Approval | None, binding: Binding,
              doing: str, why: str) -> Approval:
    """The manager's token, verified against this value and spent with it (the one place card
    value takes an approval), or a refusal in words."""
    if approval is None:
        raise NeedsManager(_("{why} A manager must approve {what}, with a reason.").format(
            why=why, what=_doing_words(doing)))
    return approvals.verify(session, actor, approval, binding)


def _doing_words(doing: str) -> str:
    """What the manager approves, in the reader's language (the services name it in English)."""
    return {
        "a gift card with no payment": _("a gift card with no payment"),
        "adding value with no return": _("adding value with no return"),
        "store credit with no return": _("store credit with no return"),
    }.get(doing, doing)


def _over_words(caps: CardCaps, balance_after: Decimal, day_after: Decimal) -> str:
    """domain.card_value.over_cap's sentence (kept in English for the audit), for the reader."""
    from babel.numbers import format_decimal

    def shown(value: Decimal) -> str:
        return format_decimal(value, format="#,##0.00", locale=current_locale())

    if balance_after > caps.per_card:
        return _("A card holds at most {most} without a manager; this one would hold "
                 "{amount}.").format(most=shown(caps.per_card), amount=shown(balance_after))
    return _("This till makes at most {most} of card value a day without a manager; this would "
             "bring today to {amount}.").format(most=shown(caps.per_day), amount=shown(day_after))


def _day_start(actor: Actor) -> datetime:
    zone = ZoneInfo(actor.store_time_zone)
    return datetime.combine(actor.today(), time(0), zone)


def made_today(session: Session, actor: Actor) -> Decimal:
    """Value this till added today outside returns: sales, promotions, goodwill and claims."""
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.till_id == actor.till_id,
            LedgerEntry.kind.in_((LedgerKind.ISSUE, LedgerKind.CREDIT)),
            LedgerEntry.return_id.is_(None),
            LedgerEntry.created_at >= _day_start(actor),
        )
    )
    return Decimal(str(total or 0)).quantize(Decimal("0.01"))  # SQLite sums REALs


def resolve(session: Session, actor: Actor, source: Source | None, amount: Decimal,
            balance_before: Decimal, caps: CardCaps, *, doing: str) -> Resolved:
    """Refuse a source that does not hold; what the audit keeps about one that does."""
    if source is None:
        raise NeedsManager(_("Card value needs a source: a sale with its payment, a return or a "
                             "warranty claim; otherwise a manager must approve {what}, with a "
                             "reason.").format(what=_doing_words(doing)))
    details: dict[str, Any] = {"kind": source.kind.value}
    approval: Approval | None = source.approval
    reason: str | None = None
    if source.kind is ValueSource.SALE:
        if source.payment is None:
            raise InvalidInput(_("A gift card is sold for a payment: take cash, debit or a credit card."))
        details.update(source.payment.checked())
    elif source.kind is ValueSource.RETURN:
        if source.return_id is None or session.get(Return, source.return_id) is None:
            raise InvalidInput(_("That return is not in the database: no value goes back for it."))
        details["return_id"] = str(source.return_id)
    elif source.kind is ValueSource.WARRANTY:
        if source.claim_id is None or session.get(WarrantyClaim, source.claim_id) is None:
            raise InvalidInput(_("That warranty claim is not in the database: no credit for it."))
        details["claim_id"] = str(source.claim_id)
    elif source.kind in MANAGER_SOURCES:
        approval = _approved(session, actor, approval, value_binding(source.kind, amount), doing,
                             _("This value has no sale, return or warranty claim."))
        reason = check_reason(source.reason or approval.reason)
    else:
        raise InvalidInput(_("Value from a {source} is added by its own action, not here.").format(
            source=source.kind.value))
    if source.kind in CAPPED_SOURCES:
        over = over_cap(caps, balance_before + amount, made_today(session, actor) + amount)
        if over is not None:
            approval = _approved(session, actor, approval, value_binding(source.kind, amount),
                                 doing, _over_words(caps, balance_before + amount,
                                                    made_today(session, actor) + amount))
            reason = reason or check_reason(approval.reason)
            details["over_cap"] = over
    if approval is not None:
        details["manager"] = approval.manager_number
    return Resolved(details, approval.manager_id if approval else None, reason)
