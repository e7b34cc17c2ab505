"""The till's day closed, as head office keeps it: till_day_closes (one row per till and date).

Revision ID: c0010_till_day
Revises: c0008_webshop
Create Date: 2026-12-06 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0010_till_day"
down_revision: str | None = "c0008_webshop"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _money(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Numeric(12, 2), nullable=False)


def upgrade() -> None:
    op.create_table(
        "till_day_closes",
        sa.Column("store_id", sa.Uuid, nullable=False),
        sa.Column("till_id", sa.Uuid, nullable=False),
        sa.Column("business_date", sa.Date, nullable=False),
        sa.Column("event_id", sa.Uuid, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        _money("float_total"), _money("expected"), _money("counted"), _money("variance"),
        _money("variance_limit"),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("movements", sa.JSON, nullable=False),
        sa.Column("closed_by", sa.Uuid),
        sa.Column("approved_by", sa.Uuid),
        sa.Column("reason", sa.String(500), nullable=False, server_default=""),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "till_id", "business_date",
                                name="pk_till_day_closes"),
    )


def downgrade() -> None:
    op.drop_table("till_day_closes")
