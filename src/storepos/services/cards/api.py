"""The gift card screen's door to the cards feature: one method per action, run on the worker.

Each method takes the operation's session and actor (AppContext.run hands them in) and returns
plain dataclasses, so no ORM row leaves the worker thread. The presenter takes a `CardsDoor`;
`CardsServices` is the real one, and unit tests hand in a fake that has the same methods.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session

from storepos.domain.card_value import CardCaps
from storepos.domain.numbers import NumberKind, format_number
from storepos.domain.vocabulary import AccountKind, TenderKind
from storepos.services.base.context import Actor
from storepos.services.cards import customers as customer_lookup
from storepos.services.cards import redemption as card_redemption
from storepos.services.cards import slips as printing_value_cards
from storepos.services.cards import value_accounts
from storepos.services.cards.customers import CustomerMatch
from storepos.services.cards.value_accounts import History
from storepos.services.cards.value_source import sold
from storepos.services.printing.status import queued_sentence
from storepos.services.staff.approvals import Approval


@dataclass(frozen=True, slots=True)
class AccountState:
    """An account with its whole history, and its owner when it is store credit."""

    history: History
    customer: CustomerMatch | None = None

    @property
    def is_store_credit(self) -> bool:
        return self.history.account.kind is AccountKind.STORE_CREDIT


@dataclass(frozen=True, slots=True)
class Issued:
    state: AccountState
    amount: Decimal
    printer: str  # where the slip was queued
    job_id: uuid.UUID
    printing: str = ""  # what the queue did with the slip (printing_status)
    cash_rounding: Decimal = Decimal("0.00")  # paid in cash: the cash taken less `amount`


@dataclass(frozen=True, slots=True)
class CreditLookup:
    customer: CustomerMatch
    state: AccountState | None  # None: the customer has no store credit


def _state(session: Session, actor: Actor, number: str) -> AccountState:
    history = value_accounts.history(session, actor, number)
    owner = history.account.customer_id
    customer = None
    if history.account.kind is AccountKind.STORE_CREDIT and owner is not None:
        customer = customer_lookup.customer_by_id(session, actor, owner)
    return AccountState(history, customer)


class CardsDoor(Protocol):
    """What the gift card and store credit screen asks of the cards feature."""

    def check(self, session: Session, actor: Actor, number: str) -> AccountState: ...
    def issue(self, session: Session, actor: Actor, amount: str, paid_by: TenderKind) -> Issued: ...
    def issue_approved(self, session: Session, actor: Actor, amount: str, paid_by: TenderKind,
                       approval: Approval) -> Issued: ...
    def redeem(self, session: Session, actor: Actor, number: str, amount: str,
               customer_id: uuid.UUID | None) -> AccountState: ...
    def find_customers(self, session: Session, actor: Actor, text: str) -> list[CustomerMatch]: ...
    def store_credit(self, session: Session, actor: Actor,
                     customer: CustomerMatch) -> CreditLookup: ...
    def correct(self, session: Session, actor: Actor, entry_id: uuid.UUID, approval: Approval,
                number: str) -> AccountState: ...


class CardsServices:
    """The real door: value accounts, redemption, customers and the card slip."""

    def __init__(self, caps: CardCaps | None = None) -> None:
        self.caps = caps  # None: the till's (Actor.card_caps, from app.card_caps_setting)

    def check(self, session: Session, actor: Actor, number: str) -> AccountState:
        return _state(session, actor, number)

    def issue(self, session: Session, actor: Actor, amount: str, paid_by: TenderKind) -> Issued:
        """Sell a card: the tender is written with the card's issue entry, in this transaction."""
        movement = value_accounts.issue_gift_card(session, actor, amount, sold(paid_by),
                                                  caps=self.caps)
        return self._issued(session, actor, movement)

    def issue_approved(self, session: Session, actor: Actor, amount: str, paid_by: TenderKind,
                       approval: Approval) -> Issued:
        """A sale over a cap, with the manager's token from the screen's approval dialog (bound
        to value_binding(SALE, amount) and verified by the service)."""
        movement = value_accounts.issue_gift_card(session, actor, amount, sold(paid_by, approval),
                                                  caps=self.caps)
        return self._issued(session, actor, movement)

    def _issued(self, session: Session, actor: Actor, movement: value_accounts.Movement) -> Issued:
        job = printing_value_cards.queue_value_card_slip(session, actor, movement)
        return Issued(_state(session, actor, movement.account.number), movement.entry.amount,
                      job.printer, job.id, queued_sentence(session, [job]),
                      cash_rounding=movement.cash_rounding)

    def redeem(self, session: Session, actor: Actor, number: str, amount: str,
               customer_id: uuid.UUID | None) -> AccountState:
        card_redemption.take_from_card(session, actor, number, amount, customer_id=customer_id)
        return _state(session, actor, number)

    def find_customers(self, session: Session, actor: Actor, text: str) -> list[CustomerMatch]:
        return customer_lookup.find_customers(session, actor, text)

    def store_credit(self, session: Session, actor: Actor, customer: CustomerMatch) -> CreditLookup:
        account = value_accounts.store_credit_account(session, actor, customer.id)
        if account is None:
            return CreditLookup(customer, None)
        return CreditLookup(customer, AccountState(value_accounts.history(session, actor, account.number),
                                                   customer))

    def correct(self, session: Session, actor: Actor, entry_id: uuid.UUID, approval: Approval,
                number: str) -> AccountState:
        value_accounts.correct_entry(session, actor, entry_id, approval)
        return _state(session, actor, number)


def demo_card(session: Session, actor: Actor, tries: int = 20) -> str | None:
    """A gift card this till sold with money left on it (for screenshots of the demo store)."""
    for sequence in range(1, tries + 1):
        number = format_number(NumberKind.GIFT_CARD, actor.till_prefix, sequence)
        try:
            account = value_accounts.find_account(session, actor, number)
        except value_accounts.AccountNotFound:
            break
        if account.balance > 0:
            return number
    return None
