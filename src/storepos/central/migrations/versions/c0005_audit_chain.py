"""Each till's audit chain, kept centrally: events.chain_prev, events.chain_hash.

Revision ID: c0005_audit_chain
Revises: c0004_offline_share
Create Date: 2026-12-05 00:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0005_audit_chain"
down_revision: str | None = "c0004_offline_share"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("chain_prev", sa.String(length=64), nullable=True))
    op.add_column("events", sa.Column("chain_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("chain_hash")
        batch.drop_column("chain_prev")
