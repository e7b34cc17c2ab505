"""Gift cards and store credit: issue, check, redeem, credit back, correct, and show the history.

Every movement is a new LedgerEntry (seq 1, 2, 3 ... per account) and an audit event; nothing is
ever edited. A gift card belongs to whoever holds its number; store credit belongs to one
customer, is only spent for that customer, is never transferred and never expires.

Concurrency: the account row is locked (SELECT ... FOR UPDATE on PostgreSQL) before the balance is
read, so two tills spending one card queue up. The UNIQUE (account_id, seq) is the last guard
where no row lock exists: the loser's insert fails inside a savepoint, and it re-reads and tries
once more; the balance CHECK (>= 0) is the guard behind that.

Like every service: the caller's Session and Actor in, plain dataclasses out, no commit here.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storepos.domain import ledger
from storepos.domain.card_value import DEFAULT_CAPS, CardCaps, ValueSource
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.numbers import NumberKind, parse_number
from storepos.domain.till_day import Movement as CashKind
from storepos.domain.vocabulary import AccountKind, LedgerKind, Role, TenderKind
from storepos.i18n import N_, _
from storepos.i18n.formats import money
from storepos.persistence.models import Customer, LedgerEntry, Store, ValueAccount
from storepos.services.base import journal
from storepos.services.base.amount_words import checked_amount
from storepos.services.base.context import Actor
from storepos.services.base.numbering import next_number
from storepos.services.base.reader import reader_locale
from storepos.services.cards.value_source import GIFT_CARD_TENDERS, Resolved, Source, resolve
from storepos.services.day.cash import handed_rounding, record_cash
from storepos.services.staff import approvals
from storepos.services.staff.auth import check_reason, require_counter

__all__ = ["GIFT_CARD_TENDERS"]  # kept here for the screen and older callers



def account_label(kind: AccountKind, number: str) -> str:
    """"Gift card ••••0015", "Store credit ••••0021", in the reader's language."""
    masked = ledger.mask_account_number(number)
    if kind is AccountKind.GIFT_CARD:
        return _("Gift card {number}").format(number=masked)
    return _("Store credit {number}").format(number=masked)


class AccountNotFound(StoreposError, LookupError):
    """No gift card or store credit with that number."""


class NotEnoughOnCard(ledger.LedgerError):
    """A redemption of more than the card or store credit has left."""


class LedgerBusy(StoreposError):
    """Two tills moved the same account at the same instant, twice in a row."""


@dataclass(frozen=True, slots=True)
class AccountView:
    id: uuid.UUID
    kind: AccountKind
    number: str
    customer_id: uuid.UUID | None
    currency: str
    balance: Decimal
    issued_at: datetime

    @property
    def label(self) -> str:
        """How staff and receipts show it: "Gift card ••••0015"."""
        return account_label(self.kind, self.number)


@dataclass(frozen=True, slots=True)
class LedgerLine:
    id: uuid.UUID
    seq: int
    kind: LedgerKind
    amount: Decimal  # + adds value, - spends it
    balance_after: Decimal
    created_at: datetime
    note: str
    return_id: uuid.UUID | None
    order_id: uuid.UUID | None
    corrects_entry_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class Movement:
    """One movement and the account as it stands after it."""

    account: AccountView
    entry: LedgerLine
    # A card paid in cash where cash rounds to 5 cents (CAD, AUD): the cash handed over less the
    # card's value, from the drawer's movement (10.02 paid 10.00: -0.02); the entry stays exact.
    cash_rounding: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class History:
    account: AccountView
    entries: tuple[LedgerLine, ...]  # oldest first


def _line(e: LedgerEntry) -> LedgerLine:
    return LedgerLine(e.id, e.seq, LedgerKind(e.kind), e.amount, e.balance_after, e.created_at,
                      e.note, e.return_id, e.order_id, e.corrects_entry_id)


def _position(session: Session, account_id: uuid.UUID) -> ledger.Position:
    row = session.execute(
        select(LedgerEntry.seq, LedgerEntry.balance_after)
        .where(LedgerEntry.account_id == account_id)
        .order_by(LedgerEntry.seq.desc())
        .limit(1)
    ).first()
    return ledger.Position(row.seq, row.balance_after) if row else ledger.EMPTY


def _view(session: Session, account: ValueAccount) -> AccountView:
    return AccountView(account.id, AccountKind(account.kind), account.number, account.customer_id,
                       account.currency, _position(session, account.id).balance, account.issued_at)


def _store(session: Session, actor: Actor) -> Store:
    store = session.get(Store, actor.store_id)
    if store is None:
        raise StoreposError(_("This till's store is not in the database."))
    return store


def _store_currency(session: Session, actor: Actor) -> str:
    return _store(session, actor).currency


def not_enough(session: Session, actor: Actor, kind: AccountKind, currency: str, left: Decimal,
               asked: Decimal) -> NotEnoughOnCard:
    """The refusal a cashier reads when the card has less than asked: what is left, in money."""
    locale = reader_locale(_store(session, actor).locale)
    card = kind is AccountKind.GIFT_CARD
    if left <= 0:
        return NotEnoughOnCard(_("Nothing is left on this card: it can't pay anything.") if card
                               else _("Nothing is left in this store credit: it can't pay "
                                      "anything."))
    shown = money(left, currency, locale)
    asked_shown = money(asked, currency, locale)
    if card:
        return NotEnoughOnCard(_("Only {left} left on this card, not {asked}. Take {left} from it "
                                 "and the rest another way.").format(left=shown, asked=asked_shown))
    return NotEnoughOnCard(_("Only {left} left in this store credit, not {asked}. Take {left} from "
                             "it and the rest another way.").format(left=shown, asked=asked_shown))


def _by_number(session: Session, number: str) -> ValueAccount:
    wanted = str(parse_number(number))  # forgiving of case and dashes, strict on typos
    account = session.scalars(select(ValueAccount).where(ValueAccount.number == wanted)).first()
    if account is None:
        raise AccountNotFound(_("No gift card or store credit has the number {number}. Check the "
                                "number on the card and try again.").format(number=wanted))
    return account


def _append(
    session: Session, actor: Actor, account: ValueAccount, kind: LedgerKind, amount: Decimal, *,
    return_id: uuid.UUID | None = None, order_id: uuid.UUID | None = None,
    corrects: uuid.UUID | None = None, note: str = "", reason: str | None = None,
    hold_id: uuid.UUID | None = None, source: Resolved | None = None,
) -> Movement:
    """Append one entry: lock, read the position, insert in a savepoint; on a clash re-read once."""
    session.execute(  # PostgreSQL: queue behind anyone moving this account (ignored on SQLite)
        select(ValueAccount.id).where(ValueAccount.id == account.id).with_for_update()
    )
    label = account_label(AccountKind(account.kind), account.number)
    for attempt in (1, 2):
        after = ledger.apply(_position(session, account.id), amount, label=label)
        entry = LedgerEntry(
            account_id=account.id, seq=after.seq, kind=kind, amount=amount,
            balance_after=after.balance, created_at=actor.now(), store_id=actor.store_id,
            till_id=actor.till_id, employee_id=actor.employee_id, return_id=return_id,
            order_id=order_id, corrects_entry_id=corrects, note=note,
        )
        try:
            with session.begin_nested():
                session.add(entry)
        except IntegrityError:
            if attempt == 2:
                raise LedgerBusy(
                    _("{card} was used at another till at the same moment. Try again.").format(
                        card=label)
                ) from None
            continue
        journal.record(session, actor, EventKind.ledger(kind), "value_account", account.id, {
            "number": account.number, "seq": entry.seq, "amount": amount,
            "balance_after": entry.balance_after, "return_id": return_id, "order_id": order_id,
            "corrects_entry_id": corrects,
            **({"hold_id": hold_id} if hold_id else {}),  # captured centrally when it syncs
            **({"source": source.details} if source else {}),  # where added value came from
        }, approved_by=source.approved_by if source else None,
            reason=(source.reason if source else None) or reason)
        view = AccountView(account.id, AccountKind(account.kind), account.number,
                           account.customer_id, account.currency, after.balance, account.issued_at)
        return Movement(view, _line(entry))
    raise AssertionError("unreachable")


def _open(
    session: Session, actor: Actor, kind: AccountKind, customer_id: uuid.UUID | None
) -> ValueAccount:
    number_kind = NumberKind.GIFT_CARD if kind is AccountKind.GIFT_CARD else NumberKind.STORE_CREDIT
    account = ValueAccount(
        kind=kind, number=next_number(session, actor.till_id, actor.till_prefix, number_kind),
        customer_id=customer_id, currency=_store_currency(session, actor),
        issued_at=actor.now(), issued_store_id=actor.store_id,
    )
    session.add(account)
    session.flush()
    journal.record(session, actor, EventKind.ACCOUNT_OPENED, "value_account", account.id,
                   {"kind": kind, "number": account.number, "customer_id": customer_id})
    return account


def _caps(actor: Actor, caps: CardCaps | None) -> CardCaps:
    """The caps asked for, else the till's settings (Actor.card_caps), else the defaults."""
    chosen = caps or actor.card_caps or DEFAULT_CAPS
    assert isinstance(chosen, CardCaps)
    return chosen


def issue_gift_card(
    session: Session, actor: Actor, amount: Decimal | str, source: Source | None = None, *,
    order_id: uuid.UUID | None = None, note: str = "", caps: CardCaps | None = None,
) -> Movement:
    """A new gift card (number kind G) loaded with `amount` from `source` (value_source): sold
    for a payment, a warranty claim's credit, or a promotion a manager approves with a reason.

    Over a cap (`caps`) a manager approves too. The sale's tender is kept in the issue entry's
    audit event (and its note), written with the entry and its outbox entry in this transaction.
    """
    require_counter(actor, N_("sell gift cards"))
    value = checked_amount(amount, what="A gift card's value")
    if source is not None and source.kind not in (ValueSource.SALE, ValueSource.WARRANTY,
                                                  ValueSource.PROMOTION):
        raise InvalidInput(_("A new gift card is sold, given for a warranty claim or as a promotion."))
    resolved = resolve(session, actor, source, value, ledger.EMPTY.balance, _caps(actor, caps),
                       doing="a gift card with no payment")
    if source is not None and source.payment is not None:
        # Stored with the entry (the card's history shows it), in the seller's language.
        note = note or _("Paid by {tender}").format(
            tender=_(GIFT_CARD_TENDERS[source.payment.tender]))
    account = _open(session, actor, AccountKind.GIFT_CARD, None)
    moved = _append(session, actor, account, LedgerKind.ISSUE, value, order_id=order_id, note=note,
                    source=resolved)
    if source is not None and source.payment is not None and source.payment.tender is TenderKind.CASH:
        # the drawer's side of the sale, on the till's day (a closed day refuses the sale); the
        # cash taken is rounded there, and the slip says so with the movement's own rounding
        cash = record_cash(session, actor, CashKind.GIFT_CARD_SOLD, value,
                           reference=account.number, subject=("value_account", account.id))
        moved = dataclasses.replace(moved, cash_rounding=handed_rounding(cash))
    return moved


def find_account(session: Session, actor: Actor, number: str) -> AccountView:
    """A gift card or store credit by its printed number, with its balance."""
    require_counter(actor, N_("look up gift cards and store credit"))
    return _view(session, _by_number(session, number))


def _check_spend(session: Session, actor: Actor, account: ValueAccount,
                 customer_id: uuid.UUID | None) -> None:
    if account.currency != _store_currency(session, actor):
        raise InvalidInput(_("This card holds {currency}, which this store does not take.").format(
            currency=account.currency))
    if AccountKind(account.kind) is AccountKind.STORE_CREDIT and customer_id != account.customer_id:
        raise InvalidInput(
            _("Store credit {number} belongs to another customer. Store credit can only be used "
              "by the customer it was given to; it can't be transferred.").format(
                  number=account.number)
            if customer_id else
            _("Store credit is only used for the customer it belongs to: find the customer first.")
        )


def redeem(
    session: Session, actor: Actor, number: str, amount: Decimal | str, *,
    customer_id: uuid.UUID | None = None, order_id: uuid.UUID | None = None,
    return_id: uuid.UUID | None = None, note: str = "", hold_id: uuid.UUID | None = None,
) -> Movement:
    """Spend `amount` from a gift card, or from store credit for the customer who owns it.

    `hold_id`: the central ledger's hold for this amount (online); without one the central side
    treats the redemption as made offline (services.card_redemption).
    """
    require_counter(actor, N_("take gift cards and store credit"))
    value = checked_amount(amount)
    account = _by_number(session, number)
    _check_spend(session, actor, account, customer_id)
    left = _position(session, account.id).balance
    if value > left:
        raise not_enough(session, actor, AccountKind(account.kind), account.currency, left, value)
    return _append(session, actor, account, LedgerKind.REDEEM, -value, order_id=order_id,
                   return_id=return_id, note=note, hold_id=hold_id)


def _credit_source(source: Source | None, return_id: uuid.UUID | None) -> Source | None:
    """A credit names its return, or comes with a source (goodwill needs a manager)."""
    if return_id is not None and source is None:
        return Source(ValueSource.RETURN, return_id=return_id)
    if source is not None and source.kind not in (ValueSource.RETURN, ValueSource.GOODWILL):
        raise InvalidInput(_("Value is added to an existing card for a return, or by a manager."))
    if source is not None and source.kind is ValueSource.RETURN and source.return_id != return_id:
        raise InvalidInput(_("The credit and its return do not match."))
    return source


def credit_account(
    session: Session, actor: Actor, account_id: uuid.UUID, amount: Decimal | str,
    source: Source | None = None, *, return_id: uuid.UUID | None = None,
    order_id: uuid.UUID | None = None, note: str = "", caps: CardCaps | None = None,
) -> Movement:
    """Money back onto an existing card or credit account: a refund for `return_id`, or goodwill
    a manager approves with a reason (`source`); never value from nowhere."""
    require_counter(actor, N_("refund onto gift cards and store credit"))
    value = checked_amount(amount)
    account = session.get(ValueAccount, account_id)
    if account is None:
        raise AccountNotFound(_("The gift card or store credit that paid is not in the database."))
    resolved = resolve(session, actor, _credit_source(source, return_id), value,
                       _position(session, account.id).balance, _caps(actor, caps),
                       doing="adding value with no return")
    return _append(session, actor, account, LedgerKind.CREDIT, value, return_id=return_id,
                   order_id=order_id, note=note, source=resolved)


def store_credit_account(
    session: Session, actor: Actor, customer_id: uuid.UUID, *, create: bool = False
) -> AccountView | None:
    """The customer's store credit (their oldest account, should there be several), or None."""
    require_counter(actor, N_("look up store credit"))
    account = _customer_account(session, customer_id)
    if account is None and create:
        account = _open(session, actor, AccountKind.STORE_CREDIT, customer_id)
    return _view(session, account) if account else None


def _customer_account(session: Session, customer_id: uuid.UUID) -> ValueAccount | None:
    return session.scalars(
        select(ValueAccount)
        .where(ValueAccount.customer_id == customer_id,
               ValueAccount.kind == AccountKind.STORE_CREDIT)
        .order_by(ValueAccount.issued_at, ValueAccount.number)
    ).first()


def add_store_credit(
    session: Session, actor: Actor, customer_id: uuid.UUID, amount: Decimal | str,
    source: Source | None = None, *, return_id: uuid.UUID | None = None, note: str = "",
    caps: CardCaps | None = None,
) -> Movement:
    """Credit the customer's store credit, opening an account (number kind C) if they have none."""
    require_counter(actor, N_("give store credit"))
    value = checked_amount(amount)
    if session.get(Customer, customer_id) is None:
        raise InvalidInput(_("Store credit needs a customer on file: add the customer first."))
    existing = _customer_account(session, customer_id)
    before = _position(session, existing.id).balance if existing else ledger.EMPTY.balance
    resolved = resolve(session, actor, _credit_source(source, return_id), value, before, _caps(actor, caps),
                       doing="store credit with no return")
    account = existing or _open(session, actor, AccountKind.STORE_CREDIT, customer_id)
    return _append(session, actor, account, LedgerKind.CREDIT, value, return_id=return_id,
                   note=note, source=resolved)


def history(session: Session, actor: Actor, number: str) -> History:
    """Every movement of a card or credit account, oldest first."""
    require_counter(actor, N_("look up gift cards and store credit"))
    account = _by_number(session, number)
    entries = session.scalars(
        select(LedgerEntry).where(LedgerEntry.account_id == account.id).order_by(LedgerEntry.seq)
    ).all()
    return History(_view(session, account), tuple(_line(e) for e in entries))


def correction_binding(entry_id: uuid.UUID) -> approvals.Binding:
    """What a manager's PIN confirms: reversing this one ledger entry (its amount, exactly)."""
    return approvals.Binding(approvals.CARD_CORRECTION, str(entry_id))


def correct_entry(
    session: Session, actor: Actor, entry_id: uuid.UUID, approval: approvals.Approval
) -> Movement:
    """A manager reverses one entry with a new CORRECTION entry; the original stays as it was.
    `approval` is the manager's token for this entry, verified here; the entry is theirs."""
    require_counter(actor, N_("correct a gift card or store credit balance"))
    original = session.get(LedgerEntry, entry_id)
    if original is None:
        raise InvalidInput(_("That ledger entry is not in the database."))
    already = session.scalars(
        select(LedgerEntry.seq).where(LedgerEntry.corrects_entry_id == entry_id)
    ).first()
    if already is not None:
        raise InvalidInput(_("Entry {entry} was already corrected by entry {correction}.").format(
            entry=original.seq, correction=already))
    approval = approvals.verify(session, actor, approval, correction_binding(entry_id))
    reason = check_reason(approval.reason)
    manager = dataclasses.replace(actor, employee_id=approval.manager_id, role=Role.MANAGER,
                                  employee_number=approval.manager_number,
                                  employee_name=approval.manager_name)
    account = session.get(ValueAccount, original.account_id)
    assert account is not None
    movement = _append(
        session, manager, account, LedgerKind.CORRECTION, ledger.correction_amount(original.amount),
        corrects=original.id, note=reason, reason=reason,
        source=Resolved({"kind": ValueSource.CORRECTION.value}, approval.manager_id, reason),
    )
    return movement
