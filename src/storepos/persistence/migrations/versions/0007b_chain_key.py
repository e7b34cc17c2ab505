"""The audit chain's seal: audit_events.seal, HMAC-SHA256 under the till's chain key.

Rows already chained are sealed here, with the key beside the database (made now when missing;
persistence.till_keys), so from this revision on every chained row carries a seal and a seal
removed with sqlite3 shows. A row edited before this upgrade is sealed as it is: its plain link
still breaks where it was edited, as before.

Revision ID: 0007b_chain_key
Revises: 0007_printer_routes
Create Date: 2026-12-05 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storepos.domain.audit_chain import seal
from storepos.persistence.till_keys import CHAIN_KEY, till_key

revision: str = "0007b_chain_key"
down_revision: str | None = "0007_printer_routes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    audit = sa.table("audit_events", sa.column("id"), sa.column("hash"), sa.column("seal"))
    chained = bind.execute(sa.select(audit.c.id, audit.c.hash).where(audit.c.hash.is_not(None))).all()
    if not chained:
        return  # the key is made with the first sealed row
    key = till_key(bind.engine.url, CHAIN_KEY)
    assert key is not None
    bind.execute(sa.update(audit).where(audit.c.id == sa.bindparam("row_id"))
                 .values(seal=sa.bindparam("sealed")),
                 [{"row_id": r.id, "sealed": seal(key, r.hash)} for r in chained])


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("seal")
