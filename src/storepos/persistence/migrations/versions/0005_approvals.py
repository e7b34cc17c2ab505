"""Approvals verified where they are used: employees.district, approval_uses (one use per token).

Revision ID: 0005_approvals
Revises: 0004_outbox_resolved
Create Date: 2026-12-05 00:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_approvals"
down_revision: str | None = "0004_outbox_resolved"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employees") as batch:
        batch.add_column(sa.Column("district", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "approval_uses",
        sa.Column("token_id", sa.Uuid(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_approval_uses_till_id_tills")),
        sa.ForeignKeyConstraint(["approved_by"], ["employees.id"],
                                name=op.f("fk_approval_uses_approved_by_employees")),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_approval_uses")),
    )


def downgrade() -> None:
    op.drop_table("approval_uses")
    with op.batch_alter_table("employees") as batch:
        batch.drop_column("district")
