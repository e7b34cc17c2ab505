"""Cash rounding: cash_movements.rounding, what the drawer moved beyond the exact amount owed.

Where the currency has no 1-cent coin (CAD, AUD) cash is handed over rounded to 5 cents
(domain.money.cash_rounding): the movement's amount is the cash that moved, `rounding` the
difference from the exact amount, signed as the drawer sees it (a 12.47 refund paid 12.45:
amount -12.45, rounding +0.02). Older rows read 0.00.

Revision ID: 0010_i15_cash
Revises: 0009_employee_language
Create Date: 2026-12-06 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_i15_cash"
down_revision: str | None = "0009_employee_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not a batch copy: a copy would drop the append-only triggers of 0008.
def upgrade() -> None:
    op.add_column("cash_movements", sa.Column("rounding", sa.Numeric(12, 2), nullable=False,
                                              server_default="0.00"))


def downgrade() -> None:
    op.drop_column("cash_movements", "rounding")
