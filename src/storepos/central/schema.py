"""The central database's tables: its own MetaData and its own migrations (central/migrations).

Portable to PostgreSQL-compatible distributed engines: UUID keys made by the tills, no triggers, no
LISTEN/NOTIFY, no deferrable constraints. Every primary key and UNIQUE starts with the column a
distributed engine would shard on (docs/scaling.md):

    store-owned (distributed by store_id): events, quarantine, reviews, returns, return_lines,
        refunds, exchanges, pickups, warranty_claims
    order-owned (by order_id): orders, order_lines, line_returns, line_holds
    card-owned (by account_id): accounts, ledger, card_holds
    changes: the change log every till pulls from (a sequence; see pull.py)

Money is Numeric(12, 2); the CHECKs are the last guard behind the rules in push.py and cards.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    false,
    true,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
VERSION_TABLE = "central_alembic_version"

metadata = MetaData(naming_convention=NAMING)
Money = Numeric(12, 2, asdecimal=True)
# SQLite only numbers rows automatically on an INTEGER PRIMARY KEY.
ChangeId = BigInteger().with_variant(Integer(), "sqlite")


def _ts(name: str, nullable: bool = False) -> Column[datetime]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


EVENT_STATUSES = ("applied", "flagged", "quarantined")
PICKUP_STATUSES = ("in_transit", "arrived", "ready", "notified", "collected", "sent_back")
WARRANTY_STATUSES = ("open", "submitted", "approved", "denied", "completed")
HOLD_STATUSES = ("held", "captured", "released")
LINE_HOLD_STATUSES = ("held", "consumed", "released")
CANCELLATION_STATUSES = ("held", "done", "released")
REVIEW_KINDS = ("over_refund", "card_overdraft", "notice_failed")
NOTICE_KINDS = ("arrived", "hold_ending")
NOTICE_STATES = ("pending", "sent", "failed", "skipped")

# Which PostgreSQL role is which store (row-level security reads it; see rls.sql).
store_roles = Table(
    "store_roles", metadata,
    Column("role_name", String(63), primary_key=True),
    Column("store_id", Uuid, nullable=False, index=True),
)

# Every event a till pushed, once: the central audit trail (the payload is the audit event).
events = Table(
    "events", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("till_id", Uuid, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("action", String(60), nullable=False),
    Column("subject_id", Uuid),
    _ts("occurred_at"),
    _ts("received_at"),
    Column("status", String(12), nullable=False),
    Column("result", String(500), nullable=False, server_default=""),  # why flagged/quarantined
    Column("payload", JSON, nullable=False),
    # The till's audit chain link as it was sent (domain.audit_chain), checked on push and kept;
    # NULL for an event from a till from before the chain.
    Column("chain_prev", String(64)),
    Column("chain_hash", String(64)),
    PrimaryKeyConstraint("store_id", "event_id"),
    UniqueConstraint("store_id", "till_id", "seq", name="uq_events_till_seq"),
    CheckConstraint(_in("status", EVENT_STATUSES), name="status"),
)

# Events a central rule refused, kept for a manager; the rest of the queue flows on.
quarantine = Table(
    "quarantine", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("till_id", Uuid, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("action", String(60), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("payload", JSON, nullable=False),
    _ts("quarantined_at"),
    _ts("resolved_at", nullable=True),
    Column("resolved_by", String(120)),
    Column("resolution", String(500), nullable=False, server_default=""),
    PrimaryKeyConstraint("store_id", "event_id"),
)

# Applied, but a manager must look: an online line returned twice, a card spent past zero offline.
reviews = Table(
    "reviews", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("subject_id", Uuid, nullable=False),  # the order line, or the card account
    Column("quantity", Integer),  # over-refund: units refunded beyond what was sold
    Column("amount", Money),  # overdraft: money taken offline that the card no longer had
    Column("receipts", JSON, nullable=False),  # [{store_id, return_id, return_number, quantity}]
    Column("note", String(500), nullable=False),  # what happened, in one sentence
    _ts("created_at"),
    _ts("resolved_at", nullable=True),
    Column("resolved_by", String(120)),
    Column("resolution", String(500), nullable=False, server_default=""),
    PrimaryKeyConstraint("store_id", "id"),
    CheckConstraint(_in("kind", REVIEW_KINDS), name="kind"),
)

# Online orders (the web shop writes them); tills pull them and return them at any store.
orders = Table(
    "orders", metadata,
    Column("id", Uuid, nullable=False),
    Column("number", String(24), nullable=False, index=True),
    Column("channel", String(10), nullable=False),
    Column("store_id", Uuid),  # sold at (counter orders)
    Column("pickup_store_id", Uuid),
    Column("received_on", Date),
    Column("document", JSON, nullable=False),  # customer, lines with their variants, tenders
    _ts("updated_at"),
    PrimaryKeyConstraint("id"),
)

order_lines = Table(
    "order_lines", metadata,
    Column("order_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("channel", String(10), nullable=False),  # the order's, for row-level security
    Column("store_id", Uuid),  # the order's
    Column("quantity", Integer, nullable=False),
    Column("quantity_returned", Integer, nullable=False, server_default="0"),
    PrimaryKeyConstraint("order_id", "id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    # The central rule, whatever the tills sent: never more back than sold, across all stores.
    CheckConstraint("quantity_returned >= 0 AND quantity_returned <= quantity",
                    name="never_more_back_than_sold"),
)
Index("ix_order_lines_id", order_lines.c.id)

# Who brought back what of each online line: every store reads it, to link both receipts.
line_returns = Table(
    "line_returns", metadata,
    Column("order_id", Uuid, nullable=False),
    Column("return_line_id", Uuid, nullable=False),
    Column("order_line_id", Uuid, nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("return_id", Uuid, nullable=False),
    Column("return_number", String(24), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),  # units counted against what was sold
    _ts("created_at"),
    _ts("returned_at", nullable=True),  # when the till completed it (said to a second store)
    PrimaryKeyConstraint("order_id", "return_line_id"),
    CheckConstraint("quantity > 0 AND accepted >= 0 AND accepted <= quantity", name="quantities"),
)
Index("ix_line_returns_order_id_order_line_id", line_returns.c.order_id,
      line_returns.c.order_line_id)

# Units of an online line a store reserved, online, before refunding them (central/lines.py): they
# count against what other stores may reserve or count back until the return's event consumes the
# hold (status consumed, return_id set) or it expires or is given back (released).
line_holds = Table(
    "line_holds", metadata,
    Column("order_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("order_line_id", Uuid, nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("till_id", Uuid),
    Column("quantity", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("settled_at", nullable=True),
    Column("return_id", Uuid),  # the return whose event consumed it
    PrimaryKeyConstraint("order_id", "id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint(_in("status", LINE_HOLD_STATUSES), name="status"),
)
Index("ix_line_holds_order_id_order_line_id", line_holds.c.order_id, line_holds.c.order_line_id)

# An online order cancelled at a store before dispatch (central/cancellations.py): one row per
# order, the claim a till takes before it refunds anything. "held" while the till completes it
# (taken over only by the same till, or after it was released), "done" once the till's event is
# applied, "released" when the till gave up. The claim is refused once the order left the
# warehouse, was received, cancelled by the web shop, or partly came back.
order_cancellations = Table(
    "order_cancellations", metadata,
    Column("order_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("till_id", Uuid),
    Column("status", String(10), nullable=False),
    _ts("created_at"),
    _ts("settled_at", nullable=True),
    Column("return_id", Uuid),  # the till's refund document, once done
    Column("return_number", String(24)),
    PrimaryKeyConstraint("order_id"),
    CheckConstraint(_in("status", CANCELLATION_STATUSES), name="status"),
)

returns = Table(
    "returns", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("return_number", String(24), nullable=False),
    Column("order_id", Uuid, nullable=False),
    Column("till_id", Uuid),
    Column("employee_id", Uuid),
    Column("status", String(12), nullable=False),
    _ts("created_at"),
    _ts("completed_at", nullable=True),
    Column("note", String(500), nullable=False, server_default=""),
    Column("event_id", Uuid, nullable=False),
    PrimaryKeyConstraint("store_id", "id"),
)

return_lines = Table(
    "return_lines", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("return_id", Uuid, nullable=False),
    Column("order_line_id", Uuid, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("reason", String(20), nullable=False),
    Column("resolution", String(20)),
    Column("restocking_fee", Money, nullable=False),
    Column("refund_amount", Money, nullable=False),
    Column("override_by", Uuid),
    Column("override_reason", String(300)),
    PrimaryKeyConstraint("store_id", "id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("restocking_fee >= 0 AND refund_amount >= 0", name="amounts_not_negative"),
)

refunds = Table(
    "refunds", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("return_id", Uuid, nullable=False),
    Column("tender_id", Uuid),
    Column("kind", String(20), nullable=False),
    Column("amount", Money, nullable=False),
    Column("account_id", Uuid),
    _ts("created_at"),
    PrimaryKeyConstraint("store_id", "id"),
    CheckConstraint("amount > 0", name="amount_positive"),
)

exchanges = Table(
    "exchanges", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("return_line_id", Uuid, nullable=False),
    Column("new_variant_id", Uuid, nullable=False),
    Column("price_difference", Money, nullable=False),
    _ts("created_at"),
    PrimaryKeyConstraint("store_id", "id"),
)

pickups = Table(
    "pickups", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("number", String(24), nullable=False),
    Column("order_id", Uuid, nullable=False),
    Column("status", String(12), nullable=False),
    _ts("arrived_at", nullable=True),
    Column("hold_until", Date),
    _ts("notified_at", nullable=True),
    _ts("collected_at", nullable=True),
    _ts("sent_back_at", nullable=True),
    Column("handed_over_by", Uuid),
    Column("id_checked", Boolean, nullable=False, server_default=false()),
    _ts("updated_at"),
    PrimaryKeyConstraint("store_id", "id"),
    UniqueConstraint("store_id", "number", name="uq_pickups_store_number"),
    CheckConstraint(_in("status", PICKUP_STATUSES), name="status"),
)

warranty_claims = Table(
    "warranty_claims", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("number", String(24), nullable=False),
    Column("order_id", Uuid),
    Column("order_line_id", Uuid),
    Column("status", String(12), nullable=False),
    Column("outcome", String(20)),
    Column("decided_by", Uuid),
    _ts("decided_at", nullable=True),
    Column("decision_reason", String(500)),
    _ts("updated_at"),
    PrimaryKeyConstraint("store_id", "id"),
    CheckConstraint(_in("status", WARRANTY_STATUSES), name="status"),
)

# Gift cards and store credit: the central ledger decides. balance is what the card holds,
# held is what online holds have reserved of it; available = balance - held.
accounts = Table(
    "accounts", metadata,
    Column("id", Uuid, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("number", String(32), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("customer_id", Uuid),
    Column("issued_store_id", Uuid),
    Column("balance", Money, nullable=False),
    Column("held", Money, nullable=False),
    Column("seq", Integer, nullable=False),  # the last ledger entry's seq
    _ts("updated_at"),
    PrimaryKeyConstraint("id"),
    CheckConstraint("balance >= 0", name="balance_never_negative"),
    CheckConstraint("held >= 0 AND held <= balance", name="held_within_balance"),
)

ledger = Table(
    "ledger", metadata,
    Column("account_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("amount", Money, nullable=False),  # signed: what the central ledger moved
    Column("balance_after", Money, nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("till_id", Uuid),
    Column("event_id", Uuid),  # the till's event (None for an online capture made centrally)
    Column("hold_id", Uuid),
    Column("return_id", Uuid),
    Column("order_id", Uuid),
    Column("offline", Boolean, nullable=False),
    _ts("created_at"),
    Column("note", String(300), nullable=False, server_default=""),
    PrimaryKeyConstraint("account_id", "id"),
    UniqueConstraint("account_id", "seq", name="uq_ledger_account_seq"),
    CheckConstraint("balance_after >= 0", name="balance_never_negative"),
    CheckConstraint("amount <> 0", name="amount_not_zero"),
)

card_holds = Table(
    "card_holds", metadata,
    Column("account_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("till_id", Uuid),
    Column("amount", Money, nullable=False),
    Column("status", String(10), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("settled_at", nullable=True),
    PrimaryKeyConstraint("account_id", "id"),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint(_in("status", HOLD_STATUSES), name="status"),
)

# The change log: one row per central change a till may need, written in the changing
# transaction. tx is the writing transaction's id (PostgreSQL xid8; 0 on SQLite, where writers
# are serialised); pull reads (tx, change_id) in order and only below the oldest open transaction.
changes = Table(
    "changes", metadata,
    Column("change_id", ChangeId, primary_key=True, autoincrement=True),
    Column("tx", BigInteger, nullable=False),
    Column("scope", Uuid, nullable=False),  # the store that pulls it, or EVERYONE
    # account | order | pickup | resolution | employee | product | variant
    Column("kind", String(10), nullable=False),
    Column("entity_id", Uuid, nullable=False),
    sqlite_autoincrement=True,  # never reuse a number
)
Index("ix_changes_scope_tx", changes.c.scope, changes.c.tx, changes.c.change_id)

# Head office: the chain's stores, the tills enrolled in them, and how a till proves who it is.
# Enrolment codes and till tokens are kept as SHA-256 hashes only: a copy of this database lets
# nobody act as a till.
stores = Table(
    "stores", metadata,
    Column("id", Uuid, nullable=False),
    Column("code", String(16), nullable=False),
    Column("name", String(120), nullable=False),
    Column("locale", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("policy", String(64), nullable=False),
    Column("outlet", Boolean, nullable=False, server_default=false()),
    _ts("created_at"),
    # What the store's tills may take from cards while offline: per card, split between its
    # active tills (each gets its share from the service); per sale, each sale's cap.
    Column("offline_per_sale", Money, nullable=False, server_default="50.00"),
    Column("offline_per_card", Money, nullable=False, server_default="100.00"),
    # What a customer's notice says of the store (central/notices): where it is, when it is open,
    # and the sender address its notices go out from (None: the chain's, smtp_settings.from_addr).
    Column("address", String(300), nullable=False, server_default=""),
    Column("hours", String(300), nullable=False, server_default=""),
    Column("email_from", String(254)),
    PrimaryKeyConstraint("id"),
    UniqueConstraint("code", name="uq_stores_code"),
    CheckConstraint("offline_per_sale >= 0 AND offline_per_card >= 0",
                    name="offline_limits"),
)

tills = Table(
    "tills", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("name", String(60), nullable=False),
    _ts("enrolled_at"),
    PrimaryKeyConstraint("store_id", "id"),
)
Index("ix_tills_id", tills.c.id)

enrolment_codes = Table(
    "enrolment_codes", metadata,
    Column("code_hash", String(64), nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("till_name", String(60), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("used_at", nullable=True),
    Column("till_id", Uuid),  # the till it enrolled
    PrimaryKeyConstraint("code_hash"),
)

till_tokens = Table(
    "till_tokens", metadata,
    Column("token_hash", String(64), nullable=False),
    Column("store_id", Uuid, nullable=False),
    Column("till_id", Uuid, nullable=False),
    _ts("created_at"),
    _ts("revoked_at", nullable=True),
    _ts("last_seen_at", nullable=True),
    PrimaryKeyConstraint("token_hash"),
)
Index("ix_till_tokens_till_id", till_tokens.c.till_id)

# The chain's catalogue (head office's, from its Shopify product export or its own feed): every
# store's tills pull it, so what the web shop sells scans at the counter. A variant is found by
# its SKU (what orders name) and by its barcode (what the scanner reads). Tags are the policy's
# (final_sale, one_of_a_kind, clearance, bundle ...), already mapped from the shop's own tags.
catalogue_products = Table(
    "catalogue_products", metadata,
    Column("id", Uuid, nullable=False),
    Column("handle", String(255), nullable=False),  # Shopify's Handle; style code elsewhere
    Column("brand", String(120), nullable=False, server_default=""),
    Column("name", String(255), nullable=False),
    Column("tags", JSON, nullable=False),  # the policy's tags, a list of text
    _ts("updated_at"),
    PrimaryKeyConstraint("id"),
    UniqueConstraint("handle", name="uq_catalogue_products_handle"),
)

catalogue_variants = Table(
    "catalogue_variants", metadata,
    Column("id", Uuid, nullable=False),
    Column("product_id", Uuid, nullable=False),
    Column("sku", String(64), nullable=False),
    Column("barcode", String(64)),  # none for some variants; the SKU then scans instead
    Column("colour", String(60), nullable=False, server_default=""),
    Column("size", String(30), nullable=False, server_default=""),
    Column("price", Money, nullable=False),
    Column("compare_at_price", Money),
    Column("tags", JSON, nullable=False),  # the variant's own policy tags (e.g. clearance)
    # Made from an order line whose SKU the catalogue did not have: head office is warned.
    Column("from_order", Boolean, nullable=False, server_default=false()),
    _ts("updated_at"),
    PrimaryKeyConstraint("id"),
    UniqueConstraint("sku", name="uq_catalogue_variants_sku"),
    CheckConstraint("price >= 0", name="price_not_negative"),
)
Index("ix_catalogue_variants_product_id", catalogue_variants.c.product_id)
Index("ix_catalogue_variants_barcode", catalogue_variants.c.barcode)

# Each store's employees, brought in by head office (central/staff.py). The PIN is the employee's:
# chosen at a till with a one-time set-up code (SHA-256 only, like enrolment codes) and hashed
# here with the till's Argon2id parameters; the store's tills pull the hash to sign in offline.
STAFF_ROLES = ("cashier", "manager", "stock")
staff = Table(
    "staff", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("number", String(12), nullable=False),  # what they type at sign-in, chain-wide unique
    Column("name", String(120), nullable=False),
    Column("role", String(10), nullable=False),
    Column("pin_hash", String(200)),  # None until the employee sets a PIN (or after a reset)
    Column("setup_code_hash", String(64)),  # None once spent
    _ts("setup_code_expires_at", nullable=True),
    Column("active", Boolean, nullable=False, server_default=true()),
    _ts("updated_at"),
    PrimaryKeyConstraint("store_id", "id"),
    UniqueConstraint("number", name="uq_staff_number"),
    CheckConstraint(_in("role", STAFF_ROLES), name="role"),
)

# Customers told (central/notices): one row per (pickup, kind), written in the transaction that
# moved the pickup (arrived) or by the sender's pass (hold_ending). The UNIQUE key is what makes a
# second till's push of the same arrival, or a retried push, tell the customer once.
notices = Table(
    "notices", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("id", Uuid, nullable=False),
    Column("pickup_id", Uuid, nullable=False),
    Column("kind", String(12), nullable=False),  # arrived | hold_ending
    Column("channel", String(8), nullable=False, server_default="email"),
    Column("state", String(8), nullable=False, server_default="pending"),  # pending|sent|failed|skipped
    Column("attempts", Integer, nullable=False, server_default="0"),
    _ts("next_attempt_at"),  # when the sender may try (again); a claim pushes it ahead
    Column("recipient", String(254)),  # the address it went (or was to go) to, once tried
    Column("last_error", String(500), nullable=False, server_default=""),
    _ts("created_at"),
    _ts("sent_at", nullable=True),
    _ts("updated_at"),
    PrimaryKeyConstraint("store_id", "id"),
    UniqueConstraint("store_id", "pickup_id", "kind", name="uq_notices_pickup_kind"),
    CheckConstraint(_in("kind", NOTICE_KINDS), name="kind"),
    CheckConstraint(_in("state", NOTICE_STATES), name="state"),
)
Index("ix_notices_state", notices.c.state, notices.c.next_attempt_at)

# The chain's mail server (one row). The password is never stored: only the name of the
# environment variable the sender reads it from when it sends.
smtp_settings = Table(
    "smtp_settings", metadata,
    Column("id", Integer, nullable=False),
    Column("host", String(255), nullable=False),
    Column("port", Integer, nullable=False),
    Column("starttls", Boolean, nullable=False, server_default=false()),
    Column("username", String(255)),
    Column("password_env", String(120)),
    Column("from_addr", String(254), nullable=False),
    _ts("updated_at"),
    PrimaryKeyConstraint("id"),
    CheckConstraint("id = 1", name="one_row"),
)

# The web shop feed (central/webshop): head office's, never a store's (no grant in rls.sql).
# A shop whose webhooks are accepted; its secret keys the HMAC Shopify signs every delivery with
# (the HMAC needs the secret itself, so it is kept; no store role can read this table).
webshop_shops = Table(
    "webshop_shops", metadata,
    Column("id", Uuid, nullable=False),
    Column("name", String(120), nullable=False),
    Column("domain", String(255), nullable=False),
    Column("secret", String(255), nullable=False),
    _ts("created_at"),
    PrimaryKeyConstraint("id"),
    UniqueConstraint("domain", name="uq_webshop_shops_domain"),
)

# Every webhook delivery taken in, once: a retry (same X-Shopify-Webhook-Id) or a second delivery
# of one event (same X-Shopify-Event-Id) finds its row and changes nothing. No body is kept.
webshop_receipts = Table(
    "webshop_receipts", metadata,
    Column("shop_id", Uuid, nullable=False),
    Column("webhook_id", String(100), nullable=False),
    Column("event_id", String(100)),
    Column("topic", String(60), nullable=False),
    Column("order_id", Uuid),
    Column("outcome", String(500), nullable=False),  # applied | stale | ignored | refused: why
    _ts("received_at"),
    PrimaryKeyConstraint("shop_id", "webhook_id"),
    UniqueConstraint("shop_id", "event_id", name="uq_webshop_receipts_event"),
)

# Each web order as the feed last took it: where it came from, its source's updated_at (an older
# payload arriving late is dropped) and what head office should look at (warnings, in words).
webshop_orders = Table(
    "webshop_orders", metadata,
    Column("order_id", Uuid, nullable=False),
    Column("source", String(40), nullable=False),  # shopify | storepos:<platform>
    Column("source_id", String(100), nullable=False),
    Column("number", String(24), nullable=False),
    _ts("source_updated_at", nullable=True),
    _ts("imported_at"),
    Column("warnings", JSON, nullable=False),  # [text]
    PrimaryKeyConstraint("order_id"),
)

# Refunds made online, each applied once to its lines' returned units (a refund that arrives
# before its order waits here, applied_at NULL, until the order comes).
webshop_refunds = Table(
    "webshop_refunds", metadata,
    Column("order_id", Uuid, nullable=False),
    Column("refund_id", String(100), nullable=False),
    Column("lines", JSON, nullable=False),  # [{line_id, quantity}]
    _ts("created_at"),
    _ts("applied_at", nullable=True),
    PrimaryKeyConstraint("order_id", "refund_id"),
)

# The till's day closed (till_day.closed): one row per till and business date, append-only. The
# count at close as the till made it (expected, counted, variance; the manager who approved a
# variance over the till's limit, and why), so head office sees every drawer without the till.
till_day_closes = Table(
    "till_day_closes", metadata,
    Column("store_id", Uuid, nullable=False),
    Column("till_id", Uuid, nullable=False),
    Column("business_date", Date, nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("float_total", Money, nullable=False),
    Column("expected", Money, nullable=False),
    Column("counted", Money, nullable=False),
    Column("variance", Money, nullable=False),
    Column("variance_limit", Money, nullable=False),
    Column("counts", JSON, nullable=False),
    Column("movements", JSON, nullable=False),
    Column("closed_by", Uuid),
    Column("approved_by", Uuid),
    Column("reason", String(500), nullable=False, server_default=""),
    _ts("closed_at"),
    # The day's cash rounding to 5 cents (CAD, AUD), signed as the drawer sees it: already in
    # `expected` and `movements`, which hold the cash that moved.
    Column("cash_rounding", Money, nullable=False, server_default="0.00"),
    PrimaryKeyConstraint("store_id", "till_id", "business_date"),
)

# What head office did by hand to the chain's shared rows (a stuck cancellation claim released):
# who, why, on what. Append-only; head office's own (no grant in rls.sql).
office_actions = Table(
    "office_actions", metadata,
    Column("id", Uuid, nullable=False),
    _ts("at"),
    Column("action", String(60), nullable=False),  # "cancellation.released"
    Column("store_id", Uuid),
    Column("subject_id", Uuid),  # the order
    Column("subject", String(60), nullable=False, server_default=""),  # the order number
    Column("by", String(120), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("details", JSON, nullable=False),
    PrimaryKeyConstraint("id"),
)
