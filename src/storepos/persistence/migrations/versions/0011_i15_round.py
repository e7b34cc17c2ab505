"""Cash rounding with no cash: a movement of 0.00 that carries its rounding; coins on the grid.

A cash refund of 0.01 or 0.02 CAD hands over no coin, yet the receipt shows the 0.02 rounding:
the movement is written with amount 0.00 and rounding +0.02, so the day's rounding total is the
sum of every receipt's rounding and expected cash (the sum of the amounts) does not change. The
CHECK `amount <> 0` becomes `amount <> 0 OR rounding <> 0` (a row that moves nothing and rounds
nothing is still refused).

And a movement on a day in a currency with no 1-cent coin (CAD, AUD: domain.money.CASH_STEP, as it
stood when this was written) is refused unless its amount is on the 5-cent grid and its rounding at
most 0.02 either way; elsewhere its rounding must be 0. The services round (services.day.cash);
this trigger refuses a row written by hand.

SQLite cannot alter a CHECK: the table is copied (batch), which drops its triggers, so the
append-only and closed-day triggers of 0008 are made again here.

Revision ID: 0011_i15_round
Revises: 0010_i15_cash
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011_i15_round"
down_revision: str | None = "0010_i15_cash"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_CHECK, OLD_RULE = "amount_not_zero", "amount <> 0"
NEW_CHECK, NEW_RULE = "cash_or_rounding", "amount <> 0 OR rounding <> 0"
FIVE_CENT = "('CAD', 'AUD')"

# 0008's triggers on cash_movements, lost with the copied table on SQLite.
_SQLITE_0008 = [
    """CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
       BEGIN SELECT RAISE(ABORT,
         'the till''s day is append-only: cash_movements rows are never edited');
       END""",
    """CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
       BEGIN SELECT RAISE(ABORT,
         'the till''s day is append-only: cash_movements rows are never deleted');
       END""",
    """CREATE TRIGGER cash_movements_day_closed BEFORE INSERT ON cash_movements
       WHEN EXISTS (SELECT 1 FROM day_closes WHERE day_id = NEW.day_id)
       BEGIN SELECT RAISE(ABORT, 'the till''s day is closed: a correction goes on the next day');
       END""",
]

# SQLite keeps NUMERIC as REAL: compared in whole cents.
_SQLITE_GRID = f"""CREATE TRIGGER cash_movements_coin_grid BEFORE INSERT ON cash_movements
   WHEN CASE WHEN (SELECT upper(currency) FROM till_days WHERE id = NEW.day_id) IN {FIVE_CENT}
             THEN CAST(round(NEW.amount * 100) AS INTEGER) % 5 <> 0
                  OR abs(CAST(round(NEW.rounding * 100) AS INTEGER)) > 2
             ELSE CAST(round(NEW.rounding * 100) AS INTEGER) <> 0 END
   BEGIN SELECT RAISE(ABORT,
     'cash moves in the coins of the day''s currency: rounded to 5 cents in CAD and AUD');
   END"""

_POSTGRES_GRID = [
    f"""CREATE FUNCTION cash_on_coin_grid() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF (SELECT upper(currency) FROM till_days WHERE id = NEW.day_id) IN {FIVE_CENT} THEN
           IF NEW.amount % 0.05 <> 0 OR abs(NEW.rounding) > 0.02 THEN
             RAISE EXCEPTION 'cash moves in the coins of the day''s currency: rounded to 5 cents';
           END IF;
         ELSIF NEW.rounding <> 0 THEN
           RAISE EXCEPTION 'cash moves in the coins of the day''s currency: no rounding here';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER cash_movements_coin_grid BEFORE INSERT ON cash_movements
       FOR EACH ROW EXECUTE FUNCTION cash_on_coin_grid()""",
]


def _swap_check(old: tuple[str, str], new: tuple[str, str]) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("no_update", "no_delete", "day_closed", "coin_grid"):
            op.execute(f"DROP TRIGGER IF EXISTS cash_movements_{name}")
    with op.batch_alter_table("cash_movements", recreate="auto") as batch:
        batch.drop_constraint(op.f(f"ck_cash_movements_{old[0]}"), type_="check")
        batch.create_check_constraint(op.f(f"ck_cash_movements_{new[0]}"), new[1])
    if dialect == "sqlite":
        for statement in _SQLITE_0008:
            op.execute(statement)


def upgrade() -> None:
    _swap_check((OLD_CHECK, OLD_RULE), (NEW_CHECK, NEW_RULE))
    dialect = op.get_bind().dialect.name
    for statement in [_SQLITE_GRID] if dialect == "sqlite" else _POSTGRES_GRID \
            if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:  # refused by the old CHECK while a movement of 0.00 exists
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS cash_movements_coin_grid ON cash_movements")
        op.execute("DROP FUNCTION IF EXISTS cash_on_coin_grid()")
    _swap_check((NEW_CHECK, NEW_RULE), (OLD_CHECK, OLD_RULE))
