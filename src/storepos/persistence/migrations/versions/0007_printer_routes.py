"""Which printer takes which document: printer_routes (slips, reports -> a printer's name).

Receipts keep going to the default printer (printer_settings.is_default); a document class with no
row here follows the receipts.

Revision ID: 0007_printer_routes
Revises: 0006_audit_chain
Create Date: 2026-12-05 22:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_printer_routes"
down_revision: str | None = "0006_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "printer_routes",
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("printer", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("document", name=op.f("pk_printer_routes")),
    )


def downgrade() -> None:
    op.drop_table("printer_routes")
