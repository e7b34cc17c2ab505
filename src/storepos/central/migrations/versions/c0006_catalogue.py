"""The chain's catalogue: products and variants, found by SKU (orders) and barcode (scanners).

Revision ID: c0006_catalogue
Revises: c0005_audit_chain
Create Date: 2026-12-05 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0006_catalogue"
down_revision: str | None = "c0005_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(12, 2, asdecimal=True)


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "catalogue_products",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("handle", sa.String(255), nullable=False),
        sa.Column("brand", sa.String(120), nullable=False, server_default=""),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_products"),
        sa.UniqueConstraint("handle", name="uq_catalogue_products_handle"),
    )
    op.create_table(
        "catalogue_variants",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("product_id", sa.Uuid, nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("barcode", sa.String(64)),
        sa.Column("colour", sa.String(60), nullable=False, server_default=""),
        sa.Column("size", sa.String(30), nullable=False, server_default=""),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("compare_at_price", MONEY),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("from_order", sa.Boolean, nullable=False, server_default=sa.false()),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_variants"),
        sa.UniqueConstraint("sku", name="uq_catalogue_variants_sku"),
        sa.CheckConstraint("price >= 0", name="price_not_negative"),
    )
    op.create_index("ix_catalogue_variants_product_id", "catalogue_variants", ["product_id"])
    op.create_index("ix_catalogue_variants_barcode", "catalogue_variants", ["barcode"])


def downgrade() -> None:
    op.drop_table("catalogue_variants")
    op.drop_table("catalogue_products")
