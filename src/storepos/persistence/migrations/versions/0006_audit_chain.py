"""The audit chain: audit_events.chain_seq, prev_hash, hash; UNIQUE (till_id, chain_seq).

Rows from before this revision stay unchained (NULL): the chain of each till starts at its next
audited change, with GENESIS as the previous link (domain.audit_chain).

Revision ID: 0006_audit_chain
Revises: 0005_approvals
Create Date: 2026-12-05 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_audit_chain"
down_revision: str | None = "0005_approvals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_audit_events_till_id"), ["till_id", "chain_seq"])


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(op.f("uq_audit_events_till_id"), type_="unique")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("chain_seq")
