"""The web shop feed: shops and their webhook secrets, deliveries taken in, web orders with their
warnings, refunds made online.

Revision ID: c0008_webshop
Revises: c0009_notices
Create Date: 2026-12-05 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0008_webshop"
down_revision: str | None = "c0009_notices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "webshop_shops",
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("domain", sa.String(255), nullable=False),
        sa.Column("secret", sa.String(255), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webshop_shops"),
        sa.UniqueConstraint("domain", name="uq_webshop_shops_domain"),
    )
    op.create_table(
        "webshop_receipts",
        sa.Column("shop_id", sa.Uuid, nullable=False),
        sa.Column("webhook_id", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(100)),
        sa.Column("topic", sa.String(60), nullable=False),
        sa.Column("order_id", sa.Uuid),
        sa.Column("outcome", sa.String(500), nullable=False),
        _ts("received_at"),
        sa.PrimaryKeyConstraint("shop_id", "webhook_id", name="pk_webshop_receipts"),
        sa.UniqueConstraint("shop_id", "event_id", name="uq_webshop_receipts_event"),
    )
    op.create_table(
        "webshop_orders",
        sa.Column("order_id", sa.Uuid, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.Column("number", sa.String(24), nullable=False),
        _ts("source_updated_at", nullable=True),
        _ts("imported_at"),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("order_id", name="pk_webshop_orders"),
    )
    op.create_table(
        "webshop_refunds",
        sa.Column("order_id", sa.Uuid, nullable=False),
        sa.Column("refund_id", sa.String(100), nullable=False),
        sa.Column("lines", sa.JSON, nullable=False),
        _ts("created_at"),
        _ts("applied_at", nullable=True),
        sa.PrimaryKeyConstraint("order_id", "refund_id", name="pk_webshop_refunds"),
    )


def downgrade() -> None:
    for table in ("webshop_refunds", "webshop_orders", "webshop_receipts", "webshop_shops"):
        op.drop_table(table)
