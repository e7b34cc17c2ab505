"""The till's day: till_days, cash_movements, day_closes, append-only by trigger.

A closed day cannot be reopened or edited, even by someone with sqlite3 or psql at the till: the
triggers refuse any UPDATE or DELETE on the three tables, and a movement on a day that has a close.
A correction is a new movement on the next day.

Revision ID: 0008_till_day
Revises: 0007c_print_copies
Create Date: 2026-12-06 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_till_day"
down_revision: str | None = "0007c_print_copies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("till_days", "cash_movements", "day_closes")
KINDS = ("float", "cash_refund", "exchange_collected", "exchange_paid", "pickup_balance",
         "gift_card_sold", "paid_in", "paid_out")


def _tables() -> None:
    op.create_table(
        "till_days",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_till_days_till_id_tills")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_till_days_store_id_stores")),
        sa.ForeignKeyConstraint(["opened_by"], ["employees.id"],
                                name=op.f("fk_till_days_opened_by_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_till_days")),
        sa.UniqueConstraint("till_id", "business_date", name=op.f("uq_till_days_till_id")),
    )
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("day_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="cash_movement_kind", native_enum=False,
                                  create_constraint=True, length=22), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_cash_movements_amount_not_zero")),
        sa.ForeignKeyConstraint(["day_id"], ["till_days.id"],
                                name=op.f("fk_cash_movements_day_id_till_days")),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"],
                                name=op.f("fk_cash_movements_employee_id_employees")),
        sa.ForeignKeyConstraint(["approved_by"], ["employees.id"],
                                name=op.f("fk_cash_movements_approved_by_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movements")),
    )
    op.create_index(op.f("ix_cash_movements_day_id"), "cash_movements", ["day_id"])
    op.create_table(
        "day_closes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("day_id", sa.Uuid(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Uuid(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("expected", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("counted", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("variance", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["day_id"], ["till_days.id"],
                                name=op.f("fk_day_closes_day_id_till_days")),
        sa.ForeignKeyConstraint(["closed_by"], ["employees.id"],
                                name=op.f("fk_day_closes_closed_by_employees")),
        sa.ForeignKeyConstraint(["approved_by"], ["employees.id"],
                                name=op.f("fk_day_closes_approved_by_employees")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_day_closes")),
        sa.UniqueConstraint("day_id", name=op.f("uq_day_closes_day_id")),
    )


_SQLITE = [
    *(f"""CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t}
          BEGIN SELECT RAISE(ABORT, 'the till''s day is append-only: {t} rows are never edited');
          END""" for t in TABLES),
    *(f"""CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t}
          BEGIN SELECT RAISE(ABORT, 'the till''s day is append-only: {t} rows are never deleted');
          END""" for t in TABLES),
    """CREATE TRIGGER cash_movements_day_closed BEFORE INSERT ON cash_movements
       WHEN EXISTS (SELECT 1 FROM day_closes WHERE day_id = NEW.day_id)
       BEGIN SELECT RAISE(ABORT, 'the till''s day is closed: a correction goes on the next day');
       END""",
]

_POSTGRES = [
    """CREATE FUNCTION till_day_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the till''s day is append-only: % rows are never changed',
             TG_TABLE_NAME; END $$""",
    """CREATE FUNCTION till_day_open_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM day_closes WHERE day_id = NEW.day_id) THEN
           RAISE EXCEPTION 'the till''s day is closed: a correction goes on the next day';
         END IF;
         RETURN NEW;
       END $$""",
    *(f"""CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t}
          FOR EACH ROW EXECUTE FUNCTION till_day_append_only()""" for t in TABLES),
    """CREATE TRIGGER cash_movements_day_closed BEFORE INSERT ON cash_movements
       FOR EACH ROW EXECUTE FUNCTION till_day_open_only()""",
]


def upgrade() -> None:
    _tables()
    # The day report reads one till's returns and ledger entries of one day, whatever the history.
    op.create_index("ix_returns_till_completed", "returns", ["till_id", "completed_at"])
    op.create_index("ix_ledger_entries_till_created", "ledger_entries", ["till_id", "created_at"])
    op.create_index("ix_audit_till_action_time", "audit_events",
                    ["till_id", "action", "occurred_at"])
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE if dialect == "sqlite" else _POSTGRES if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for t in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t}")
        op.execute("DROP TRIGGER IF EXISTS cash_movements_day_closed ON cash_movements")
        op.execute("DROP FUNCTION IF EXISTS till_day_append_only()")
        op.execute("DROP FUNCTION IF EXISTS till_day_open_only()")
    op.drop_index("ix_audit_till_action_time", table_name="audit_events")
    op.drop_index("ix_ledger_entries_till_created", table_name="ledger_entries")
    op.drop_index("ix_returns_till_completed", table_name="returns")
    op.drop_table("day_closes")
    op.drop_index(op.f("ix_cash_movements_day_id"), table_name="cash_movements")
    op.drop_table("cash_movements")
    op.drop_table("till_days")
