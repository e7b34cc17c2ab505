"""Initial schema: stores, tills, staff, catalogue, orders, returns, pickups, warranty, ledger, audit.

Written once from autogenerate and then frozen by hand: enum columns are plain VARCHARs with an
explicitly named CHECK (no native PostgreSQL enum types to migrate later), and every constraint
carries its final name (op.f) so later migrations can address it on SQLite and PostgreSQL alike.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22 06:35:46.520754
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    op.create_index(op.f("ix_customers_email"), "customers", ["email"], unique=False)
    op.create_index(op.f("ix_customers_phone"), "customers", ["phone"], unique=False)

    op.create_table(
        "products",
        sa.Column("style_code", sa.String(length=30), nullable=False),
        sa.Column("brand", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("style_code", name=op.f("uq_products_style_code")),
    )

    op.create_table(
        "stores",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("policy", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("pickup_hold_days", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("kind IN ('retail', 'outlet')", name=op.f("ck_stores_store_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
        sa.UniqueConstraint("code", name=op.f("uq_stores_code")),
    )

    op.create_table(
        "employees",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=11), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_pin_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_employees_store_id_stores")),
        sa.CheckConstraint("role IN ('cashier', 'manager', 'stock')", name=op.f("ck_employees_employee_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employees")),
        sa.UniqueConstraint("number", name=op.f("uq_employees_number")),
    )
    op.create_index(op.f("ix_employees_store_id"), "employees", ["store_id"], unique=False)

    op.create_table(
        "orders",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("fulfillment", sa.String(length=17), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("pickup_store_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("billing_last_name", sa.String(length=80), nullable=False),
        sa.Column("billing_last_name_key", sa.String(length=80), nullable=False),
        sa.Column("placed_on", sa.Date(), nullable=False),
        sa.Column("dispatched_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("shipping_charged", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("free_shipping", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("shipping_charged >= 0", name=op.f("ck_orders_shipping_not_negative")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_orders_customer_id_customers")),
        sa.ForeignKeyConstraint(["pickup_store_id"], ["stores.id"], name=op.f("fk_orders_pickup_store_id_stores")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_orders_store_id_stores")),
        sa.CheckConstraint("channel IN ('online', 'store')", name=op.f("ck_orders_order_channel")),
        sa.CheckConstraint("fulfillment IN ('ship_to_home', 'ship_to_store', 'in_store')", name=op.f("ck_orders_order_fulfillment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_orders_number")),
    )
    op.create_index(op.f("ix_orders_customer_id"), "orders", ["customer_id"], unique=False)
    op.create_index("ix_orders_number_last_name", "orders", ["number", "billing_last_name_key"], unique=False)
    op.create_index(op.f("ix_orders_pickup_store_id"), "orders", ["pickup_store_id"], unique=False)

    op.create_table(
        "tills",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_tills_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tills")),
        sa.UniqueConstraint("prefix", name=op.f("uq_tills_prefix")),
    )
    op.create_index(op.f("ix_tills_store_id"), "tills", ["store_id"], unique=False)

    op.create_table(
        "value_accounts",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_store_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("kind <> 'store_credit' OR customer_id IS NOT NULL", name=op.f("ck_value_accounts_store_credit_has_owner")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_value_accounts_customer_id_customers")),
        sa.ForeignKeyConstraint(["issued_store_id"], ["stores.id"], name=op.f("fk_value_accounts_issued_store_id_stores")),
        sa.CheckConstraint("kind IN ('gift_card', 'store_credit')", name=op.f("ck_value_accounts_account_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_value_accounts")),
        sa.UniqueConstraint("number", name=op.f("uq_value_accounts_number")),
    )
    op.create_index(op.f("ix_value_accounts_customer_id"), "value_accounts", ["customer_id"], unique=False)

    op.create_table(
        "variants",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("colour", sa.String(length=40), nullable=False),
        sa.Column("size", sa.String(length=10), nullable=False),
        sa.Column("upc", sa.String(length=14), nullable=False),
        sa.Column("list_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("list_price >= 0", name=op.f("ck_variants_list_price_not_negative")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_variants_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variants")),
        sa.UniqueConstraint("product_id", "colour", "size", name=op.f("uq_variants_product_id")),
        sa.UniqueConstraint("upc", name=op.f("uq_variants_upc")),
    )
    op.create_index(op.f("ix_variants_product_id"), "variants", ["product_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("employee_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["approved_by"], ["employees.id"], name=op.f("fk_audit_events_approved_by_employees")),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], name=op.f("fk_audit_events_employee_id_employees")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_audit_events_store_id_stores")),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_audit_events_till_id_tills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_occurred_at"), "audit_events", ["occurred_at"], unique=False)
    op.create_index("ix_audit_subject", "audit_events", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "number_sequences",
        sa.Column("till_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_number_sequences_till_id_tills")),
        sa.PrimaryKeyConstraint("till_id", "kind", name=op.f("pk_number_sequences")),
    )

    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("list_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("paid", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("quantity_returned", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("list_price >= 0 AND paid >= 0", name=op.f("ck_order_lines_amounts_not_negative")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_lines_quantity_positive")),
        sa.CheckConstraint("quantity_returned >= 0 AND quantity_returned <= quantity", name=op.f("ck_order_lines_never_more_back_than_sold")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders")),
        sa.ForeignKeyConstraint(["variant_id"], ["variants.id"], name=op.f("fk_order_lines_variant_id_variants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
        sa.UniqueConstraint("order_id", "line_no", name=op.f("uq_order_lines_order_id")),
    )

    op.create_table(
        "pickups",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hold_until", sa.Date(), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handed_over_by", sa.Uuid(), nullable=True),
        sa.Column("id_checked", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["handed_over_by"], ["employees.id"], name=op.f("fk_pickups_handed_over_by_employees")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_pickups_order_id_orders")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_pickups_store_id_stores")),
        sa.CheckConstraint("status IN ('in_transit', 'arrived', 'ready', 'notified', 'collected', 'sent_back')", name=op.f("ck_pickups_pickup_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pickups")),
        sa.UniqueConstraint("number", name=op.f("uq_pickups_number")),
        sa.UniqueConstraint("order_id", name=op.f("uq_pickups_order_id")),
    )
    op.create_index("ix_pickups_store_status", "pickups", ["store_id", "status"], unique=False)

    op.create_table(
        "returns",
        sa.Column("return_number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=13), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("employee_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], name=op.f("fk_returns_employee_id_employees")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_returns_order_id_orders")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_returns_store_id_stores")),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_returns_till_id_tills")),
        sa.CheckConstraint("status IN ('requested', 'completed')", name=op.f("ck_returns_return_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returns")),
        sa.UniqueConstraint("return_number", name=op.f("uq_returns_return_number")),
    )
    op.create_index(op.f("ix_returns_order_id"), "returns", ["order_id"], unique=False)

    op.create_table(
        "stock_levels",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("variant_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_stock_levels_on_hand_not_negative")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_stock_levels_store_id_stores")),
        sa.ForeignKeyConstraint(["variant_id"], ["variants.id"], name=op.f("fk_stock_levels_variant_id_variants")),
        sa.PrimaryKeyConstraint("store_id", "variant_id", name=op.f("pk_stock_levels")),
    )

    op.create_table(
        "tenders",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("card_brand", sa.String(length=20), nullable=True),
        sa.Column("card_last4", sa.String(length=4), nullable=True),
        sa.Column("auth_ref", sa.String(length=40), nullable=True),
        sa.Column("reference", sa.String(length=40), nullable=True),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_tenders_amount_not_negative")),
        sa.ForeignKeyConstraint(["account_id"], ["value_accounts.id"], name=op.f("fk_tenders_account_id_value_accounts")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_tenders_order_id_orders")),
        sa.CheckConstraint("kind IN ('card', 'paypal', 'gift_card', 'store_credit', 'cash', 'interac', 'cheque', 'money_order', 'pay_offline')", name=op.f("ck_tenders_tender_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenders")),
    )
    op.create_index(op.f("ix_tenders_order_id"), "tenders", ["order_id"], unique=False)

    op.create_table(
        "ledger_entries",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("balance_after", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=True),
        sa.Column("till_id", sa.Uuid(), nullable=True),
        sa.Column("employee_id", sa.Uuid(), nullable=True),
        sa.Column("return_id", sa.Uuid(), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("corrects_entry_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_ledger_entries_amount_not_zero")),
        sa.CheckConstraint("balance_after >= 0", name=op.f("ck_ledger_entries_balance_never_negative")),
        sa.ForeignKeyConstraint(["account_id"], ["value_accounts.id"], name=op.f("fk_ledger_entries_account_id_value_accounts")),
        sa.ForeignKeyConstraint(["corrects_entry_id"], ["ledger_entries.id"], name=op.f("fk_ledger_entries_corrects_entry_id_ledger_entries")),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], name=op.f("fk_ledger_entries_employee_id_employees")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_ledger_entries_order_id_orders")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_ledger_entries_return_id_returns")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_ledger_entries_store_id_stores")),
        sa.ForeignKeyConstraint(["till_id"], ["tills.id"], name=op.f("fk_ledger_entries_till_id_tills")),
        sa.CheckConstraint("kind IN ('issue', 'redeem', 'credit', 'correction')", name=op.f("ck_ledger_entries_ledger_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("account_id", "seq", name=op.f("uq_ledger_entries_account_id")),
    )

    op.create_table(
        "refunds",
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("tender_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_refunds_amount_positive")),
        sa.ForeignKeyConstraint(["account_id"], ["value_accounts.id"], name=op.f("fk_refunds_account_id_value_accounts")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_refunds_return_id_returns")),
        sa.ForeignKeyConstraint(["tender_id"], ["tenders.id"], name=op.f("fk_refunds_tender_id_tenders")),
        sa.CheckConstraint("kind IN ('card', 'paypal', 'gift_card', 'store_credit', 'cash', 'interac', 'cheque', 'money_order', 'pay_offline')", name=op.f("ck_refunds_refund_tender_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
    )
    op.create_index(op.f("ix_refunds_return_id"), "refunds", ["return_id"], unique=False)

    op.create_table(
        "return_lines",
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("order_line_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=18), nullable=False),
        sa.Column("condition", sa.JSON(), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("allowed", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("restocking_fee", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("refund_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("override_by", sa.Uuid(), nullable=True),
        sa.Column("override_reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_return_lines_quantity_positive")),
        sa.CheckConstraint("restocking_fee >= 0 AND refund_amount >= 0", name=op.f("ck_return_lines_amounts_not_negative")),
        sa.ForeignKeyConstraint(["order_line_id"], ["order_lines.id"], name=op.f("fk_return_lines_order_line_id_order_lines")),
        sa.ForeignKeyConstraint(["override_by"], ["employees.id"], name=op.f("fk_return_lines_override_by_employees")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_return_lines_return_id_returns")),
        sa.CheckConstraint("reason IN ('change_of_mind', 'wrong_size', 'wrong_item', 'defective')", name=op.f("ck_return_lines_return_reason")),
        sa.CheckConstraint("resolution IN ('refund', 'exchange', 'store_credit', 'replacement', 'repair')", name=op.f("ck_return_lines_resolution")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_lines")),
    )
    op.create_index(op.f("ix_return_lines_order_line_id"), "return_lines", ["order_line_id"], unique=False)
    op.create_index(op.f("ix_return_lines_return_id"), "return_lines", ["return_id"], unique=False)

    op.create_table(
        "warranty_claims",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("order_line_id", sa.Uuid(), nullable=True),
        sa.Column("proof_of_purchase", sa.String(length=200), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=13), nullable=False),
        sa.Column("defect_category", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("defect_confirmed", sa.Boolean(), nullable=False),
        sa.Column("wear_and_tear", sa.Boolean(), nullable=False),
        sa.Column("misuse", sa.Boolean(), nullable=False),
        sa.Column("inspected_by", sa.Uuid(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["employees.id"], name=op.f("fk_warranty_claims_decided_by_employees")),
        sa.ForeignKeyConstraint(["inspected_by"], ["employees.id"], name=op.f("fk_warranty_claims_inspected_by_employees")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_warranty_claims_order_id_orders")),
        sa.ForeignKeyConstraint(["order_line_id"], ["order_lines.id"], name=op.f("fk_warranty_claims_order_line_id_order_lines")),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_warranty_claims_store_id_stores")),
        sa.CheckConstraint("status IN ('open', 'submitted', 'approved', 'denied', 'completed')", name=op.f("ck_warranty_claims_warranty_status")),
        sa.CheckConstraint("outcome IN ('refund', 'exchange', 'store_credit', 'replacement', 'repair')", name=op.f("ck_warranty_claims_warranty_outcome")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warranty_claims")),
        sa.UniqueConstraint("number", name=op.f("uq_warranty_claims_number")),
    )
    op.create_index(op.f("ix_warranty_claims_order_id"), "warranty_claims", ["order_id"], unique=False)
    op.create_index(op.f("ix_warranty_claims_store_id"), "warranty_claims", ["store_id"], unique=False)

    op.create_table(
        "exchanges",
        sa.Column("return_line_id", sa.Uuid(), nullable=False),
        sa.Column("new_variant_id", sa.Uuid(), nullable=False),
        sa.Column("price_difference", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["new_variant_id"], ["variants.id"], name=op.f("fk_exchanges_new_variant_id_variants")),
        sa.ForeignKeyConstraint(["return_line_id"], ["return_lines.id"], name=op.f("fk_exchanges_return_line_id_return_lines")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
        sa.UniqueConstraint("return_line_id", name=op.f("uq_exchanges_return_line_id")),
    )

    op.create_table(
        "warranty_photos",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["warranty_claims.id"], name=op.f("fk_warranty_photos_claim_id_warranty_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warranty_photos")),
    )
    op.create_index(op.f("ix_warranty_photos_claim_id"), "warranty_photos", ["claim_id"], unique=False)



def downgrade() -> None:
    op.drop_table("warranty_photos")
    op.drop_table("exchanges")
    op.drop_table("warranty_claims")
    op.drop_table("return_lines")
    op.drop_table("refunds")
    op.drop_table("ledger_entries")
    op.drop_table("tenders")
    op.drop_table("stock_levels")
    op.drop_table("returns")
    op.drop_table("pickups")
    op.drop_table("order_lines")
    op.drop_table("number_sequences")
    op.drop_table("audit_events")
    op.drop_table("variants")
    op.drop_table("value_accounts")
    op.drop_table("tills")
    op.drop_table("orders")
    op.drop_table("employees")
    op.drop_table("stores")
    op.drop_table("products")
    op.drop_table("customers")
