"""Copies that say so: print_jobs.first_sent_at and original_printed_at.

first_sent_at is written (and committed) just before a job's bytes first go to a printer, so a job
sent again (the printer stopped answering, the app was killed between send and acknowledge) knows
its earlier bytes may have printed and marks itself COPY. original_printed_at is the time a staff
reprint names ("REPRINT, original printed ...").

Revision ID: 0007c_print_copies
Revises: 0007_catalogue
Create Date: 2026-12-05 22:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007c_print_copies"
down_revision: str | None = "0007_catalogue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("print_jobs") as batch:
        batch.add_column(sa.Column("first_sent_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("original_printed_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("print_jobs") as batch:
        batch.drop_column("original_printed_at")
        batch.drop_column("first_sent_at")
