"""Cash rounding on a till's close, and head office's own audit of what it did by hand.

till_day_closes.cash_rounding: the day's cash rounding to 5 cents (CAD, AUD), signed as the drawer
sees it; 0.00 for closes pushed before it.
office_actions: append-only, one row per head-office action on the chain's shared rows (first:
a stuck cancellation claim released, `storepos central cancellation release`): who, why, what.

Revision ID: c0012_i15_cash
Revises: c0011_order_cancel
Create Date: 2026-12-06 05:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0012_i15_cash"
down_revision: str | None = "c0011_order_cancel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("till_day_closes", sa.Column("cash_rounding", sa.Numeric(12, 2),
                                               nullable=False, server_default="0.00"))
    op.create_table(
        "office_actions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("subject", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_actions")),
    )


def downgrade() -> None:
    op.drop_table("office_actions")
    op.drop_column("till_day_closes", "cash_rounding")
