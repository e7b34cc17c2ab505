"""Head office's staff: each store's employees, their PIN hash (chosen by the employee at a till)
and a one-time PIN set-up code (SHA-256 only), pulled by the store's tills.

Revision ID: c0007_staff
Revises: c0006_catalogue
Create Date: 2026-12-05 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0007_staff"
down_revision: str | None = "c0006_catalogue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("setup_code_hash", sa.String(length=64), nullable=True),
        _ts("setup_code_expires_at", nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _ts("updated_at"),
        sa.CheckConstraint("role IN ('cashier', 'manager', 'stock')", name=op.f("ck_staff_role")),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_staff")),
        sa.UniqueConstraint("number", name="uq_staff_number"),
    )


def downgrade() -> None:
    op.drop_table("staff")
