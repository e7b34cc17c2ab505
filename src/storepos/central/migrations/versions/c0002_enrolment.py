"""Head office: stores, enrolled tills, one-time enrolment codes and till tokens (hashed only).

Revision ID: c0002_enrolment
Revises: c0001_central
Create Date: 2026-12-04 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c0002_enrolment"
down_revision: str | None = "c0001_central"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "stores",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("policy", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.Boolean(), server_default=sa.false(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
        sa.UniqueConstraint("code", name="uq_stores_code"),
    )
    op.create_table(
        "tills",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        _ts("enrolled_at"),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_tills")),
    )
    op.create_index("ix_tills_id", "tills", ["id"], unique=False)
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("till_name", sa.String(length=60), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_enrolment_codes")),
    )
    op.create_table(
        "till_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=False),
        _ts("created_at"),
        _ts("revoked_at", nullable=True),
        _ts("last_seen_at", nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_till_tokens")),
    )
    op.create_index("ix_till_tokens_till_id", "till_tokens", ["till_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_till_tokens_till_id", table_name="till_tokens")
    op.drop_table("till_tokens")
    op.drop_table("enrolment_codes")
    op.drop_index("ix_tills_id", table_name="tills")
    op.drop_table("tills")
    op.drop_table("stores")
