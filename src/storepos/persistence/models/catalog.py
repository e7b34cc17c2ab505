"""What the stores sell: styles, their colour and size variants, and stock on hand per store."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storepos.persistence.base import Base, UuidKey


class Product(UuidKey, Base):
    """A style: "Birkenstock Arizona", in several colours and sizes."""

    __tablename__ = "products"

    # Lengths as the central catalogue's (a Shopify handle is the style code of an imported one).
    style_code: Mapped[str] = mapped_column(String(255), unique=True)
    brand: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(255))
    tags: Mapped[list[str]] = mapped_column(default=list)  # e.g. ["accessory"]

    variants: Mapped[list[Variant]] = relationship(back_populates="product")


class Variant(UuidKey, Base):
    __tablename__ = "variants"
    __table_args__ = (
        UniqueConstraint("product_id", "colour", "size"),
        CheckConstraint("list_price >= 0", name="list_price_not_negative"),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    colour: Mapped[str] = mapped_column(String(60))
    size: Mapped[str] = mapped_column(String(30))
    # What the scanner reads: the barcode (EAN/UPC), or the SKU of a variant that has none.
    upc: Mapped[str] = mapped_column(String(64), unique=True)
    list_price: Mapped[Decimal]
    tags: Mapped[list[str]] = mapped_column(default=list)  # e.g. ["clearance"]

    product: Mapped[Product] = relationship(back_populates="variants")


class StockLevel(Base):
    __tablename__ = "stock_levels"
    __table_args__ = (CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),)

    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    variant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("variants.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(default=0)
