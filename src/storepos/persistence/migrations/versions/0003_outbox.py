"""Sync outbox and the till's sync state: outbox, sync_state.

Revision ID: 0003_outbox
Revises: 0002_print_jobs
Create Date: 2026-11-22 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_outbox"
down_revision: str | None = "0002_print_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=15), nullable=False),
        sa.Column("result", sa.String(length=500), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'applied', 'flagged', 'quarantined')",
            name=op.f("ck_outbox_outbox_status"),
        ),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_outbox_store_id_stores")),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_outbox_till_id_tills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("till_id", "seq", name=op.f("uq_outbox_till_id")),
    )
    op.create_index("ix_outbox_till_id_status_seq", "outbox", ["till_id", "status", "seq"],
                    unique=False)

    op.create_table(
        "sync_state",
        sa.Column("till_id", sa.Uuid(), nullable=False),
        sa.Column("pull_tx", sa.BigInteger(), nullable=False),
        sa.Column("pull_change", sa.BigInteger(), nullable=False),
        sa.Column("last_push_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"],
                                name=op.f("fk_sync_state_till_id_tills")),
        sa.PrimaryKeyConstraint("till_id", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_index("ix_outbox_till_id_status_seq", table_name="outbox")
    op.drop_table("outbox")
