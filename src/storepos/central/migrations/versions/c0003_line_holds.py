"""Online line holds: units of an online order line a store reserved before refunding them; and
when each counted-back return was completed at its till (line_returns.returned_at).

Revision ID: c0003_line_holds
Revises: c0002_enrolment
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c0003_line_holds"
down_revision: str | None = "c0002_enrolment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "line_holds",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("settled_at", nullable=True),
        sa.Column("return_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_line_holds_quantity_positive")),
        sa.CheckConstraint("status IN ('held', 'consumed', 'released')",
                           name=op.f("ck_line_holds_status")),
        sa.PrimaryKeyConstraint("order_id", "id", name=op.f("pk_line_holds")),
    )
    op.create_index("ix_line_holds_order_id_order_line_id", "line_holds",
                    ["order_id", "order_line_id"], unique=False)
    with op.batch_alter_table("line_returns") as batch_op:
        batch_op.add_column(_ts("returned_at", nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("line_returns") as batch_op:
        batch_op.drop_column("returned_at")
    op.drop_index("ix_line_holds_order_id_order_line_id", table_name="line_holds")
    op.drop_table("line_holds")
