"""Handing a ship-to-store order over at the counter: photo ID against the billing name, payment
for orders submitted unpaid ("pay offline"), the receipt date the return windows count from, and a
summary the pickup receipt is printed from. One transaction; the caller commits.

    summary = hand_over_pickup(session, actor, "P-TOR1-000077-3", id_last_name="Cote",
                               photo_id_checked=True, payments=(Payment(TenderKind.CASH, due),))

The "pay offline" tender stays on the order as it was submitted; what the customer pays now is a
new tender of its own kind (cash, card, gift card ...) for exactly the amount due.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from storepos.domain import pickups as rules
from storepos.domain.cards import FullCardNumberError, check_last_four, mask_card, refuse_card_number
from storepos.domain.errors import InvalidInput, StoreposError
from storepos.domain.events import EventKind
from storepos.domain.money import ZERO
from storepos.domain.till_day import Movement
from storepos.domain.vocabulary import PickupStatus, Role, TenderKind
from storepos.i18n import N_, _
from storepos.persistence.models import Customer, Order, Store, Tender
from storepos.services.base import journal
from storepos.services.base.amount_words import checked_amount
from storepos.services.base.context import Actor
from storepos.services.base.order_lookup import OrderView, load_order
from storepos.services.cards import redemption as card_redemption
from storepos.services.day.cash import handed_rounding, record_cash
from storepos.services.pickups import status as pickups
from storepos.services.returns.types import Payment, TenderMove
from storepos.services.staff import approvals
from storepos.services.staff.approvals import Approval
from storepos.services.staff.auth import require_role

_ACCOUNTS = (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT)
_TAKEN_AT_PICKUP = (TenderKind.CASH, TenderKind.CARD, TenderKind.INTERAC, *_ACCOUNTS)
_WORDS = {TenderKind.CASH: "Cash", TenderKind.INTERAC: "Interac"}


class HandOverRefused(StoreposError):
    """The order can't be handed over as asked; `message` says what would make it work."""


@dataclass(frozen=True, slots=True)
class PickupItem:
    line_no: int
    description: str
    upc: str
    colour: str
    size: str
    quantity: int
    paid: Decimal


@dataclass(frozen=True, slots=True)
class HandOverSummary:
    """Everything the pickup receipt prints. Cards masked; money Decimal; time in UTC."""

    pickup_id: uuid.UUID
    pickup_number: str
    order_id: uuid.UUID
    order_number: str
    store_id: uuid.UUID
    store_code: str
    store_name: str
    customer_name: str
    items: tuple[PickupItem, ...]
    order_total: Decimal  # lines + shipping
    paid_before: Decimal  # online, before pickup
    paid_now: tuple[TenderMove, ...]  # taken at the counter
    id_checked: bool
    id_name_matched: bool
    approved_by: str | None  # the manager who approved a name mismatch
    approval_reason: str | None
    employee_name: str
    till_prefix: str
    handed_over_at: datetime
    received_on: date  # store-local: the policy windows count from here
    cash_rounding: Decimal = ZERO  # cash taken less its exact amount (CAD, AUD: to 5 cents)

    @property
    def amount_paid_now(self) -> Decimal:
        return sum((t.amount for t in self.paid_now), ZERO)

    @property
    def opens_drawer(self) -> bool:
        return any(t.kind is TenderKind.CASH for t in self.paid_now)


def _check_card(payment: Payment) -> tuple[str, str, str]:
    try:
        last4 = check_last_four((payment.card_last4 or "").strip())
    except FullCardNumberError:
        raise InvalidInput(_("Type only the card's last four digits.")) from None
    brand = (payment.card_brand or "").strip()
    if not brand or len(brand) > 20 or any(c.isdigit() for c in brand):
        raise InvalidInput(_("Type the card brand, like VISA or Mastercard."))
    auth_ref = (payment.reference or "").strip()
    refuse_card_number("the authorisation reference", auth_ref)
    if not auth_ref:
        raise InvalidInput(_("Type the authorisation reference from the card terminal's slip."))
    if len(auth_ref) > 40:
        raise InvalidInput(_("The authorisation reference is at most 40 characters."))
    return brand, last4, auth_ref


def _take(session: Session, actor: Actor, payment: Payment, order: OrderView,
          pickup_number: str, from_cards_so_far: Decimal) -> TenderMove:
    """One payment at the counter, kept as a new tender on the order."""
    amount = checked_amount(payment.amount, what="A payment")
    kind = TenderKind(payment.kind)
    if kind not in _TAKEN_AT_PICKUP:
        raise InvalidInput(_("Take cash, a card, Interac, a gift card or store credit at pickup."))
    if kind in _ACCOUNTS:
        if not payment.account_number:
            raise InvalidInput(_("Scan or type the gift card or store credit number."))
        moved = card_redemption.take_from_card(
            session, actor, payment.account_number, amount, sale_so_far=from_cards_so_far,
            customer_id=order.customer_id, order_id=order.id, note=f"pickup {pickup_number}",
        )
        kind = TenderKind(moved.account.kind.value)  # what the number really is
        session.add(Tender(order_id=order.id, kind=kind, amount=amount,
                           account_id=moved.account.id))
        return TenderMove(kind, amount, moved.account.label, None, moved.account.id,
                          moved.account.number)
    if kind is TenderKind.CARD:
        brand, last4, auth_ref = _check_card(payment)
        session.add(Tender(order_id=order.id, kind=kind, amount=amount, card_brand=brand,
                           card_last4=last4, auth_ref=auth_ref))
        return TenderMove(kind, amount, mask_card(brand, last4), card_brand=brand,
                          card_last4=last4)
    session.add(Tender(order_id=order.id, kind=kind, amount=amount,
                       reference=(payment.reference or "").strip() or None))
    return TenderMove(kind, amount, _WORDS[kind])


def _check_id(order: OrderView, id_last_name: str, photo_id_checked: bool,
              approval: Approval | None) -> bool:
    """True when the name matches; a mismatch goes ahead only with a manager's approval."""
    if not photo_id_checked:
        raise HandOverRefused(_("Check the customer's photo ID and tick \"photo ID checked\" "
                              "before handing the order over."))
    typed = " ".join((id_last_name or "").split())
    refuse_card_number("the name on the ID", typed)  # repeated in the refusal and the audit
    if not typed:
        raise InvalidInput(_("Type the last name shown on the photo ID."))
    if rules.id_matches(typed, order.billing_last_name):
        return True
    if approval is None:
        raise HandOverRefused(
            _("The name on the ID ({typed}) does not match the billing name on order {order} "
              "({billing}). Don't hand it over, unless a manager approves it with a "
              "reason.").format(typed=typed, order=order.number, billing=order.billing_last_name)
        )
    return False


def _total_and_paid(order: OrderView) -> tuple[Decimal, Decimal]:
    """What the order costs, shipping included, and what was paid before ("pay offline" was not)."""
    total = sum((line.paid for line in order.lines), ZERO) + order.shipping_charged
    paid_before = sum((t.amount for t in order.tenders if t.kind is not TenderKind.PAY_OFFLINE),
                      ZERO)
    return total, paid_before


def _take_payments(session: Session, actor: Actor, payments: Sequence[Payment], order: OrderView,
                   pickup_number: str) -> tuple[TenderMove, ...]:
    taken: list[TenderMove] = []
    from_cards = ZERO
    for payment in payments:  # what cards already gave in this sale counts toward the offline limit
        move = _take(session, actor, payment, order, pickup_number, from_cards)
        if move.account_id is not None:
            from_cards += move.amount
        taken.append(move)
    return tuple(taken)


def _customer_name(session: Session, order: OrderView) -> str:
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    return pickups.customer_name(customer.first_name if customer else None,
                                 customer.last_name if customer else None, order.billing_last_name)


def mismatch_binding(pickup_number: str) -> approvals.Binding:
    """What a manager approves when the name on the ID does not match: this pickup's hand-over."""
    return approvals.Binding(approvals.PICKUP_MISMATCH, pickup_number)


def hand_over_pickup(
    session: Session, actor: Actor, scanned: str, *, id_last_name: str, photo_id_checked: bool,
    payments: Sequence[Payment] = (), approval: Approval | None = None,
) -> HandOverSummary:
    """Hand the order over (cashier or manager): ID checked, paid in full, marked collected."""
    require_role(actor, Role.CASHIER, Role.MANAGER, doing=N_("hand pickups over"))
    pickup = pickups.locate_for_update(session, actor, scanned)
    today, now = actor.today(), actor.now()
    rules.check_move(pickup.number, PickupStatus(pickup.status), PickupStatus.COLLECTED,
                     hold=pickup.hold_until, today=today)
    row = session.get(Order, pickup.order_id)
    assert row is not None  # the foreign key guarantees it
    order = load_order(session, row.id)  # read before any write
    assert order is not None
    matched = _check_id(order, id_last_name, photo_id_checked, approval)
    if not matched:  # the manager's token, checked here against this pickup
        approvals.verify(session, actor, approval, mismatch_binding(pickup.number))

    total, paid_before = _total_and_paid(order)
    due = rules.amount_due(total, [paid_before])
    amounts = [checked_amount(p.amount, what="A payment") for p in payments]
    rules.check_payment(order.number, due, amounts)
    taken = _take_payments(session, actor, payments, order, pickup.number)
    # The drawer's side, on the till's day (a closed day refuses it): the cash taken, rounded
    # once to the currency's smallest coin.
    cash = sum((move.amount for move in taken if move.kind is TenderKind.CASH), ZERO)
    rounding = ZERO
    if cash > ZERO:
        moved = record_cash(session, actor, Movement.PICKUP_BALANCE, cash,
                            reference=pickup.number, subject=("pickup", pickup.id))
        rounding = handed_rounding(moved)  # as the drawer's movement holds it

    row.received_on = today  # store-local: the policy windows count from the pickup day
    pickups.move(pickup, PickupStatus.COLLECTED, today)
    pickup.collected_at, pickup.handed_over_by, pickup.id_checked = now, actor.employee_id, True
    override = approval if not matched else None
    journal.record(session, actor, EventKind.PICKUP_COLLECTED, "pickup", pickup.id, {
        "number": pickup.number, "order_number": order.number, "received_on": today,
        "id_name_matched": matched, "amount_due": due,
        "payments": [{"kind": t.kind, "amount": t.amount, "label": t.label} for t in taken],
        "manager": override.manager_number if override else None,
        **({"cash_rounding": rounding} if rounding else {}),
    }, approved_by=override.manager_id if override else None,
        reason=override.reason if override else None)
    session.flush()

    store = session.get(Store, actor.store_id)
    assert store is not None
    return HandOverSummary(
        pickup_id=pickup.id, pickup_number=pickup.number, order_id=order.id,
        order_number=order.number, store_id=store.id, store_code=store.code,
        store_name=store.name,
        customer_name=_customer_name(session, order),
        items=tuple(PickupItem(ln.line_no, ln.description, ln.upc, ln.colour, ln.size,
                               ln.quantity, ln.paid) for ln in order.lines),
        order_total=total, paid_before=paid_before, paid_now=taken, id_checked=True,
        id_name_matched=matched, approved_by=override.manager_name if override else None,
        approval_reason=override.reason if override else None,
        employee_name=actor.employee_name, till_prefix=actor.till_prefix, handed_over_at=now,
        received_on=today, cash_rounding=rounding,
    )
