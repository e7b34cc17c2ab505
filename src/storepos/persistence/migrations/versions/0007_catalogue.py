"""The chain's catalogue reaches the till: products and variants take the central lengths
(a Shopify handle as style code, up to 255; a SKU scanned when there is no barcode, up to 64).

SQLite keeps any length in a VARCHAR column (the declared length is only text in the schema),
so there the declared types are rewritten in place (SQLite's documented writable_schema route):
rebuilding `variants` the batch way would drop a table that stock levels and order lines point
at, which the till's foreign keys refuse once there is a sale. PostgreSQL alters the columns.

Revision ID: 0007_catalogue
Revises: 0007b_chain_key
Create Date: 2026-12-05 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_catalogue"
down_revision: str | None = "0007b_chain_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (column, old length, new length)
WIDER = {
    "products": (("style_code", 30, 255), ("brand", 60, 120), ("name", 120, 255)),
    "variants": (("colour", 40, 60), ("size", 10, 30), ("upc", 14, 64)),
}


def _sqlite_retype(table: str, changes: tuple[tuple[str, int, int], ...], old: int,
                   new: int) -> None:
    """Rewrite the declared VARCHAR lengths in the table's CREATE statement."""
    conn = op.get_bind()
    sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND "
                               "name = :t"), {"t": table}).scalar_one()
    for column, *lengths in changes:
        before, after = f"{column} VARCHAR({lengths[old]})", f"{column} VARCHAR({lengths[new]})"
        if before not in sql:
            raise RuntimeError(f"{table}.{column} is not {before} here")
        sql = sql.replace(before, after, 1)
    version = conn.execute(sa.text("PRAGMA schema_version")).scalar_one()
    conn.execute(sa.text("PRAGMA writable_schema = ON"))
    conn.execute(sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND "
                         "name = :t"), {"sql": sql, "t": table})
    conn.execute(sa.text(f"PRAGMA schema_version = {int(version) + 1}"))
    conn.execute(sa.text("PRAGMA writable_schema = OFF"))


def _change(old: int, new: int) -> None:
    for table, changes in WIDER.items():
        if op.get_bind().dialect.name == "sqlite":
            _sqlite_retype(table, changes, old, new)
            continue
        for column, *lengths in changes:
            op.alter_column(table, column, type_=sa.String(lengths[new]),
                            existing_type=sa.String(lengths[old]), existing_nullable=False)


def upgrade() -> None:
    _change(0, 1)


def downgrade() -> None:
    _change(1, 0)
