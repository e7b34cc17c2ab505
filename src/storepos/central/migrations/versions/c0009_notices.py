"""Customers told: the notices outbox, the chain's SMTP settings, each store's address, opening
hours and sender address, and a manager's review for a notice that could not be sent.

Revision ID: c0009_notices
Revises: c0007_staff
Create Date: 2026-12-05 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0009_notices"
down_revision: str | None = "c0007_staff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('over_refund', 'card_overdraft')"
NEW_KINDS = "kind IN ('over_refund', 'card_overdraft', 'notice_failed')"


def _ts(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("stores") as batch:
        batch.add_column(sa.Column("address", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("hours", sa.String(300), nullable=False, server_default=""))
        batch.add_column(sa.Column("email_from", sa.String(254), nullable=True))
    with op.batch_alter_table("reviews") as batch:
        batch.drop_constraint(op.f("ck_reviews_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_reviews_kind"), NEW_KINDS)
    op.create_table(
        "notices",
        sa.Column("store_id", sa.Uuid, nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("pickup_id", sa.Uuid, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False, server_default="email"),
        sa.Column("state", sa.String(8), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        _ts("next_attempt_at"),
        sa.Column("recipient", sa.String(254)),
        sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
        _ts("created_at"),
        _ts("sent_at", nullable=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_notices")),
        sa.UniqueConstraint("store_id", "pickup_id", "kind", name=op.f("uq_notices_pickup_kind")),
        sa.CheckConstraint("kind IN ('arrived', 'hold_ending')", name=op.f("ck_notices_kind")),
        sa.CheckConstraint("state IN ('pending', 'sent', 'failed', 'skipped')",
                           name=op.f("ck_notices_state")),
    )
    op.create_index("ix_notices_state", "notices", ["state", "next_attempt_at"])
    op.create_table(
        "smtp_settings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer, nullable=False),
        sa.Column("starttls", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("username", sa.String(255)),
        sa.Column("password_env", sa.String(120)),
        sa.Column("from_addr", sa.String(254), nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_smtp_settings")),
        sa.CheckConstraint("id = 1", name=op.f("ck_smtp_settings_one_row")),
    )


def downgrade() -> None:
    op.drop_table("smtp_settings")
    op.drop_index("ix_notices_state", table_name="notices")
    op.drop_table("notices")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_constraint(op.f("ck_reviews_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_reviews_kind"), OLD_KINDS)
    with op.batch_alter_table("stores") as batch:
        batch.drop_column("email_from")
        batch.drop_column("hours")
        batch.drop_column("address")
