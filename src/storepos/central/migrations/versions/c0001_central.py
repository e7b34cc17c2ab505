"""The central database: events, quarantine, reviews, orders and their returned quantities,
returns, pickups, warranty decisions, card accounts with their ledger and holds, the change log.

Revision ID: c0001_central
Revises:
Create Date: 2026-11-22 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c0001_central"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("issued_store_id", sa.Uuid(), nullable=True),
        sa.Column("balance", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("held", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_accounts_balance_never_negative")),
        sa.CheckConstraint(
            "held >= 0 AND held <= balance", name=op.f("ck_accounts_held_within_balance")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_number"), ["number"], unique=False)

    op.create_table(
        "card_holds",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('held', 'captured', 'released')", name=op.f("ck_card_holds_status")
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_card_holds_amount_positive")),
        sa.PrimaryKeyConstraint("account_id", "id", name=op.f("pk_card_holds")),
    )
    op.create_table(
        "changes",
        sa.Column(
            "change_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("tx", sa.BigInteger(), nullable=False),
        sa.Column("scope", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_changes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_scope_tx", ["scope", "tx", "change_id"], unique=False)

    op.create_table(
        "events",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("result", sa.String(length=500), server_default="", nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "status IN ('applied', 'flagged', 'quarantined')", name=op.f("ck_events_status")
        ),
        sa.PrimaryKeyConstraint("store_id", "event_id", name=op.f("pk_events")),
        sa.UniqueConstraint("store_id", "till_id", "seq", name="uq_events_till_seq"),
    )
    op.create_table(
        "exchanges",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("return_line_id", sa.Uuid(), nullable=False),
        sa.Column("new_variant_id", sa.Uuid(), nullable=False),
        sa.Column("price_difference", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_exchanges")),
    )
    op.create_table(
        "ledger",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("balance_after", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("hold_id", sa.Uuid(), nullable=True),
        sa.Column("return_id", sa.Uuid(), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=300), server_default="", nullable=False),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_ledger_amount_not_zero")),
        sa.CheckConstraint("balance_after >= 0", name=op.f("ck_ledger_balance_never_negative")),
        sa.PrimaryKeyConstraint("account_id", "id", name=op.f("pk_ledger")),
        sa.UniqueConstraint("account_id", "seq", name="uq_ledger_account_seq"),
    )
    op.create_table(
        "line_returns",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("return_line_id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("return_number", sa.String(length=24), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "quantity > 0 AND accepted >= 0 AND accepted <= quantity",
            name=op.f("ck_line_returns_quantities"),
        ),
        sa.PrimaryKeyConstraint("order_id", "return_line_id", name=op.f("pk_line_returns")),
    )
    with op.batch_alter_table("line_returns", schema=None) as batch_op:
        batch_op.create_index(
            "ix_line_returns_order_id_order_line_id", ["order_id", "order_line_id"], unique=False
        )

    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("quantity_returned", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_lines_quantity_positive")),
        sa.CheckConstraint(
            "quantity_returned >= 0 AND quantity_returned <= quantity",
            name=op.f("ck_order_lines_never_more_back_than_sold"),
        ),
        sa.PrimaryKeyConstraint("order_id", "id", name=op.f("pk_order_lines")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index("ix_order_lines_id", ["id"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("pickup_store_id", sa.Uuid(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_number"), ["number"], unique=False)

    op.create_table(
        "pickups",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hold_until", sa.Date(), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handed_over_by", sa.Uuid(), nullable=True),
        sa.Column("id_checked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('in_transit', 'arrived', 'ready', 'notified', 'collected', 'sent_back')",
            name=op.f("ck_pickups_status"),
        ),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_pickups")),
        sa.UniqueConstraint("store_id", "number", name="uq_pickups_store_number"),
    )
    op.create_table(
        "quarantine",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=120), nullable=True),
        sa.Column("resolution", sa.String(length=500), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("store_id", "event_id", name=op.f("pk_quarantine")),
    )
    op.create_table(
        "refunds",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("tender_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_refunds_amount_positive")),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_refunds")),
    )
    op.create_table(
        "return_lines",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("restocking_fee", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("refund_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("override_by", sa.Uuid(), nullable=True),
        sa.Column("override_reason", sa.String(length=300), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_return_lines_quantity_positive")),
        sa.CheckConstraint(
            "restocking_fee >= 0 AND refund_amount >= 0",
            name=op.f("ck_return_lines_amounts_not_negative"),
        ),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_return_lines")),
    )
    op.create_table(
        "returns",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("return_number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("employee_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_returns")),
    )
    op.create_table(
        "reviews",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("receipts", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=120), nullable=True),
        sa.Column("resolution", sa.String(length=500), server_default="", nullable=False),
        sa.CheckConstraint(
            "kind IN ('over_refund', 'card_overdraft')", name=op.f("ck_reviews_kind")
        ),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_reviews")),
    )
    op.create_table(
        "store_roles",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_store_roles")),
    )
    with op.batch_alter_table("store_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_roles_store_id"), ["store_id"], unique=False)

    op.create_table(
        "warranty_claims",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("order_line_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'submitted', 'approved', 'denied', 'completed')",
            name=op.f("ck_warranty_claims_status"),
        ),
        sa.PrimaryKeyConstraint("store_id", "id", name=op.f("pk_warranty_claims")),
    )


def downgrade() -> None:
    op.drop_table("warranty_claims")
    with op.batch_alter_table("store_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_roles_store_id"))

    op.drop_table("store_roles")
    op.drop_table("reviews")
    op.drop_table("returns")
    op.drop_table("return_lines")
    op.drop_table("refunds")
    op.drop_table("quarantine")
    op.drop_table("pickups")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_number"))

    op.drop_table("orders")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_order_lines_id")

    op.drop_table("order_lines")
    with op.batch_alter_table("line_returns", schema=None) as batch_op:
        batch_op.drop_index("ix_line_returns_order_id_order_line_id")

    op.drop_table("line_returns")
    op.drop_table("ledger")
    op.drop_table("exchanges")
    op.drop_table("events")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index("ix_changes_scope_tx")

    op.drop_table("changes")
    op.drop_table("card_holds")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_number"))

    op.drop_table("accounts")
