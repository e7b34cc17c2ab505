"""Each store's offline card limits, which the service splits between the store's active tills.

Revision ID: c0004_offline_share
Revises: c0003_line_holds
Create Date: 2026-12-04 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0004_offline_share"
down_revision: str | None = "c0003_line_holds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(12, 2, asdecimal=True)


def upgrade() -> None:
    with op.batch_alter_table("stores") as batch:  # SQLite adds a CHECK by copying the table
        batch.add_column(sa.Column("offline_per_sale", MONEY, server_default="50.00",
                                   nullable=False))
        batch.add_column(sa.Column("offline_per_card", MONEY, server_default="100.00",
                                   nullable=False))
        batch.create_check_constraint(
            "offline_limits", "offline_per_sale >= 0 AND offline_per_card >= 0")


def downgrade() -> None:
    with op.batch_alter_table("stores") as batch:
        batch.drop_constraint("offline_limits", type_="check")
        batch.drop_column("offline_per_card")
        batch.drop_column("offline_per_sale")
