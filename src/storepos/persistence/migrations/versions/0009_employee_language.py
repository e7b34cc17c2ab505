"""Each employee's language at this till: employees.language ("fr", "en"; NULL: the store's).

Chosen with the EN/FR toggle on the sign-in page and remembered for their next sign-in at this
till (issue 16). Till-local: head office's roster does not carry it, and a pull keeps it.

Revision ID: 0009_employee_language
Revises: 0008_till_day
Create Date: 2026-12-06 02:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_employee_language"
down_revision: str | None = "0008_till_day"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not a batch copy: other tables' foreign keys point at employees, and SQLite
# would refuse to drop the old table while they do.
def upgrade() -> None:
    op.add_column("employees", sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("employees", "language")
