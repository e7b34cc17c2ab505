"""Customers, their orders (online or at the counter), order lines and the tenders that paid."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storepos.domain.cards import check_last_four, refuse_card_number
from storepos.domain.text import fold
from storepos.domain.vocabulary import Channel, Fulfillment, TenderKind
from storepos.persistence.base import Base, UuidKey, utcnow
from storepos.persistence.models._types import str_enum


class Customer(UuidKey, Base):
    __tablename__ = "customers"

    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254), index=True)  # stored lower-case
    phone: Mapped[str | None] = mapped_column(String(20), index=True)  # digits only
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("email")
    def _lower_email(self, _key: str, value: str | None) -> str | None:
        return value.strip().lower() if value else None

    @validates("phone")
    def _digits_phone(self, _key: str, value: str | None) -> str | None:
        return "".join(c for c in value if c.isdigit()) or None if value else None


class Order(UuidKey, Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("shipping_charged >= 0", name="shipping_not_negative"),
        Index("ix_orders_number_last_name", "number", "billing_last_name_key"),
    )

    number: Mapped[str] = mapped_column(String(24), unique=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "order_channel"))
    fulfillment: Mapped[Fulfillment] = mapped_column(str_enum(Fulfillment, "order_fulfillment"))
    store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stores.id"))  # sold at (counter)
    pickup_store_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stores.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    billing_last_name: Mapped[str] = mapped_column(String(80))
    # Accent- and case-folded copy ("Côté" -> "cote") so lookups match what staff type.
    billing_last_name_key: Mapped[str] = mapped_column(String(80))
    placed_on: Mapped[date]
    dispatched_on: Mapped[date | None]
    received_on: Mapped[date | None]  # delivered, or picked up at the store
    shipping_charged: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    free_shipping: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no"
    )
    tenders: Mapped[list[Tender]] = relationship(back_populates="order")

    @validates("billing_last_name")
    def _keep_key(self, _key: str, value: str) -> str:
        self.billing_last_name_key = fold(value)
        return value


class OrderLine(UuidKey, Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_returned >= 0 AND quantity_returned <= quantity",
            name="never_more_back_than_sold",
        ),
        CheckConstraint("list_price >= 0 AND paid >= 0", name="amounts_not_negative"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"))
    line_no: Mapped[int]
    variant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("variants.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    list_price: Mapped[Decimal]  # per unit, before discounts
    paid: Mapped[Decimal]  # for the whole line, after every discount
    tags: Mapped[list[str]] = mapped_column(default=list)
    quantity_returned: Mapped[int] = mapped_column(default=0)

    order: Mapped[Order] = relationship(back_populates="lines")


class Tender(UuidKey, Base):
    """One way an order was paid. Cards keep brand, last four and authorisation reference only."""

    __tablename__ = "tenders"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), index=True)
    kind: Mapped[TenderKind] = mapped_column(str_enum(TenderKind, "tender_kind"))
    amount: Mapped[Decimal]
    card_brand: Mapped[str | None] = mapped_column(String(20))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    auth_ref: Mapped[str | None] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(40))  # cheque no., PayPal id, card number
    account_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("value_accounts.id"))

    order: Mapped[Order] = relationship(back_populates="tenders")

    @validates("card_last4")
    def _check_last4(self, _key: str, value: str | None) -> str | None:
        return None if value is None else check_last_four(value)

    @validates("auth_ref", "reference", "card_brand")
    def _no_card_number(self, key: str, value: str | None) -> str | None:
        return refuse_card_number(f"tender {key}", value)
