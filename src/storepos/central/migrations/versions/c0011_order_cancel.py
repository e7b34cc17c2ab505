"""Orders cancelled at a store before dispatch: the central claim a till takes before it refunds
(central/cancellations.py), one row per order.

Revision ID: c0011_order_cancel
Revises: c0010_till_day
Create Date: 2026-12-06 02:10:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c0011_order_cancel"
down_revision: str | None = "c0010_till_day"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "order_cancellations",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        _ts("created_at"),
        _ts("settled_at", nullable=True),
        sa.Column("return_id", sa.Uuid(), nullable=True),
        sa.Column("return_number", sa.String(length=24), nullable=True),
        sa.CheckConstraint("status IN ('held', 'done', 'released')",
                           name=op.f("ck_order_cancellations_status")),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_cancellations")),
    )


def downgrade() -> None:
    op.drop_table("order_cancellations")
