"""Exchanges: the same style in another size or colour, priced today, taken from this store's stock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from storepos.domain.cards import FullCardNumberError, check_last_four, mask_card
from storepos.domain.errors import InvalidInput
from storepos.domain.money import ZERO
from storepos.domain.refunds import exchange_difference
from storepos.domain.vocabulary import TenderKind
from storepos.i18n import _, ngettext
from storepos.persistence.models import Product, StockLevel, Variant
from storepos.services.base.amount_words import checked_amount
from storepos.services.base.context import Actor
from storepos.services.cards import redemption as card_redemption
from storepos.services.returns.refund_words import worded
from storepos.services.returns.types import Payment, PlannedExchange, TenderMove

_ACCOUNTS = (TenderKind.GIFT_CARD, TenderKind.STORE_CREDIT)


@dataclass(frozen=True, slots=True)
class VariantInfo:
    id: uuid.UUID
    product_id: uuid.UUID
    description: str
    upc: str
    list_price: Decimal
    on_hand: int  # at the store asked about


def variant_info(session: Session, store_id: uuid.UUID, variant_id: uuid.UUID) -> VariantInfo:
    row = session.execute(
        select(Variant.id, Variant.product_id, Variant.colour, Variant.size, Variant.upc,
               Variant.list_price, Product.brand, Product.name, StockLevel.on_hand)
        .join(Product, Product.id == Variant.product_id)
        .outerjoin(StockLevel, (StockLevel.variant_id == Variant.id)
                   & (StockLevel.store_id == store_id))
        .where(Variant.id == variant_id)
    ).first()
    if row is None:
        raise InvalidInput(_("That size or colour is not in the catalogue."))
    description = _("{brand} {name}, {colour}, size {size}").format(
        brand=row.brand, name=row.name, colour=row.colour, size=row.size)
    return VariantInfo(row.id, row.product_id, description, row.upc, row.list_price,
                       row.on_hand or 0)


def plan_exchange(
    session: Session, store_id: uuid.UUID, returned_variant_id: uuid.UUID,
    new_variant_id: uuid.UUID | None, quantity: int, credit: Decimal,
) -> PlannedExchange:
    """Check the swap (same style, another variant, in stock here) and price the difference."""
    if new_variant_id is None:
        raise InvalidInput(_("Choose the size or colour the customer wants in exchange."))
    old = variant_info(session, store_id, returned_variant_id)
    new = variant_info(session, store_id, new_variant_id)
    if new.product_id != old.product_id:
        raise InvalidInput(
            _("An exchange is for the same style in another size or colour; {new} is a "
              "different style from {old}.").format(new=new.description, old=old.description))
    if new.id == old.id:
        raise InvalidInput(_("{item} is the same size and colour that came back.").format(
            item=new.description))
    if new.on_hand < quantity:
        raise InvalidInput(
            ngettext("{item} is out of stock at this store ({on_hand} on hand, {needed} needed).",
                     "{item} is out of stock at this store ({on_hand} on hand, {needed} needed).",
                     quantity).format(
                item=new.description, on_hand=new.on_hand, needed=quantity))
    difference = worded(exchange_difference, new.list_price, quantity, credit)
    return PlannedExchange(new.id, new.description, new.upc, new.list_price, difference)


def collect_payment(
    session: Session, actor: Actor, payment: Payment, order_id: uuid.UUID,
    customer_id: uuid.UUID | None, return_id: uuid.UUID, *, from_cards_so_far: Decimal = ZERO,
) -> TenderMove:
    """Take one payment toward an exchange that costs more; gift cards and credit via the ledger.

    `from_cards_so_far`: what gift cards and store credit already paid in this sale (offline limit).
    """
    amount = checked_amount(payment.amount, what="A payment")
    if payment.kind is TenderKind.PAY_OFFLINE:
        raise InvalidInput(_("Collect the exchange difference now; pay offline is for web "
                             "orders."))
    if payment.kind in _ACCOUNTS:
        if not payment.account_number:
            raise InvalidInput(_("Scan or type the gift card or store credit number."))
        moved = card_redemption.take_from_card(
            session, actor, payment.account_number, amount, sale_so_far=from_cards_so_far,
            customer_id=customer_id, order_id=order_id, return_id=return_id,
            note="exchange difference",
        )
        kind = TenderKind(moved.account.kind.value)  # what the number really is
        return TenderMove(kind, amount, moved.account.label, None, moved.account.id,
                          moved.account.number)
    if payment.kind is TenderKind.CARD:
        try:
            last4 = check_last_four(payment.card_last4 or "")
        except FullCardNumberError:
            raise InvalidInput(_("Keep only the card's last four digits.")) from None
        brand = (payment.card_brand or _("Card")).strip()
        if len(brand) > 20 or any(c.isdigit() for c in brand):
            raise InvalidInput(_("The card brand is a name like VISA or Mastercard."))
        return TenderMove(payment.kind, amount, mask_card(brand, last4), card_brand=brand,
                          card_last4=last4)
    return TenderMove(payment.kind, amount, payment.kind.value.replace("_", " ").capitalize())
