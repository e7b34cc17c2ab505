"""Print queue and the till's printers: print_jobs, printer_settings.

Revision ID: 0002_print_jobs
Revises: 0001_initial
Create Date: 2026-11-22 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_print_jobs"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "printer_settings",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.Column("connection", sa.String(length=300), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"],
                                name=op.f("fk_printer_settings_till_id_tills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printer_settings")),
        sa.UniqueConstraint("name", name=op.f("uq_printer_settings_name")),
    )
    op.create_index(op.f("ix_printer_settings_till_id"), "printer_settings", ["till_id"],
                    unique=False)

    op.create_table(
        "print_jobs",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("printer", sa.String(length=40), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("rendered_for", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=13), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reprint_of", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_print_jobs_attempts_not_negative")),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'waiting', 'printed', 'failed', 'cancelled')",
            name=op.f("ck_print_jobs_print_job_status"),
        ),
        sa.ForeignKeyConstraint(["reprint_of"], ["print_jobs.id"],
                                name=op.f("fk_print_jobs_reprint_of_print_jobs")),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_print_jobs_till_id_tills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
    )
    op.create_index(op.f("ix_print_jobs_reference"), "print_jobs", ["reference"], unique=False)
    op.create_index("ix_print_jobs_status_next_attempt_at", "print_jobs",
                    ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_print_jobs_status_next_attempt_at", table_name="print_jobs")
    op.drop_index(op.f("ix_print_jobs_reference"), table_name="print_jobs")
    op.drop_table("print_jobs")
    op.drop_index(op.f("ix_printer_settings_till_id"), table_name="printer_settings")
    op.drop_table("printer_settings")
