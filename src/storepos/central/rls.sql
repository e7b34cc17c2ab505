-- Row-level security for the central PostgreSQL database: the second wall behind the service's
-- rules (run by security.install_rls, as the owner of the tables, after the migrations; idempotent).
--
-- {group} is a role without LOGIN. The service runs each till's transaction under it, with the
-- till's store in the setting storepos.store_id (store_context.py); {me} reads that setting (NULL
-- when unset: no row is a store's). The store context may do only what a store does to its own
-- rows: add its events, returns, refunds, quarantine and reviews, its customers' pending notices; record who settled its
-- problems; move its pickups and claims; mark the online orders it handed over as received; open a
-- card it issued, with nothing on it; log its changes. It reads what a till needs: the online
-- orders and their counts, card balances, who returned what of a line, the catalogue.
--
-- It changes no shared row: an order line's returned units, who returned what (line_returns),
-- card balances and holds, the ledger. Those change only through the service's own statements
-- (store_context.shared), under the rules in apply.py and cards.py. Nothing is ever deleted.
-- Head office's tables (stores, tills, till tokens, enrolment codes, and the web shop feed's:
-- webshop_shops with their webhook secrets, receipts, orders, refunds) are not readable at all;
-- office_actions, head office's own audit of what it did by hand; its staff table only as far as
-- a store's own employees go (the end of this file).
-- No functions, no triggers.

-- Start from nothing, so an upgrade drops whatever an older version of this file granted.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {group};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {group};
GRANT USAGE ON SCHEMA public TO {group};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {group};

-- Policies of the versions with a login role per store (store_roles).
DROP POLICY IF EXISTS store_self ON store_roles;
DROP POLICY IF EXISTS store_count ON order_lines;
DROP POLICY IF EXISTS store_write ON line_returns;
DROP POLICY IF EXISTS store_open ON accounts;
DROP POLICY IF EXISTS store_move ON accounts;
DROP POLICY IF EXISTS store_own ON ledger;
DROP POLICY IF EXISTS store_own ON card_holds;
DROP POLICY IF EXISTS store_expired ON card_holds;
DROP POLICY IF EXISTS store_scope ON changes;

-- store-owned, append-only (a refused or flagged event's facts never change; a store manager only
-- records its settlement: who, when, what was done)
GRANT SELECT, INSERT ON quarantine, reviews, returns, return_lines, refunds, exchanges, till_day_closes TO {group};
GRANT UPDATE (resolved_at, resolved_by, resolution) ON quarantine, reviews TO {group};
ALTER TABLE quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE returns ENABLE ROW LEVEL SECURITY;
ALTER TABLE return_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
ALTER TABLE exchanges ENABLE ROW LEVEL SECURITY;
ALTER TABLE till_day_closes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_own ON quarantine;
DROP POLICY IF EXISTS store_own ON reviews;
DROP POLICY IF EXISTS store_own ON returns;
DROP POLICY IF EXISTS store_own ON return_lines;
DROP POLICY IF EXISTS store_own ON refunds;
DROP POLICY IF EXISTS store_own ON exchanges;
DROP POLICY IF EXISTS store_own ON till_day_closes;
CREATE POLICY store_own ON quarantine FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON reviews FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON returns FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON return_lines FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON refunds FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON exchanges FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON till_day_closes FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});

-- store-owned, updated in place: events (their result), pickups and claims (status forward only)
GRANT SELECT, INSERT ON events TO {group};
GRANT UPDATE (status, result) ON events TO {group};
GRANT SELECT, INSERT, UPDATE ON pickups, warranty_claims TO {group};
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE pickups ENABLE ROW LEVEL SECURITY;
ALTER TABLE warranty_claims ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_own ON events;
DROP POLICY IF EXISTS store_own ON pickups;
DROP POLICY IF EXISTS store_own ON warranty_claims;
CREATE POLICY store_own ON events FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON pickups FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON warranty_claims FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});

-- customers' notices (central/notices): a store's push adds its own, pending and untried, in the
-- transaction that puts a pickup on the shelf; it reads none back (the customer's address stays
-- central) and marks none sent or failed: only the service's sender does (no UPDATE granted)
GRANT INSERT ON notices TO {group};
ALTER TABLE notices ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_enqueue ON notices;
CREATE POLICY store_enqueue ON notices FOR INSERT TO {group} WITH CHECK (store_id = {me} AND state = 'pending' AND attempts = 0 AND recipient IS NULL AND sent_at IS NULL);

-- online orders: every store reads them; only the pickup store marks one received
GRANT SELECT ON orders TO {group};
GRANT UPDATE (received_on, updated_at) ON orders TO {group};
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON orders;
DROP POLICY IF EXISTS store_received ON orders;
CREATE POLICY store_read ON orders FOR SELECT TO {group} USING (channel = 'online' OR store_id = {me});
CREATE POLICY store_received ON orders FOR UPDATE TO {group} USING (pickup_store_id = {me}) WITH CHECK (pickup_store_id = {me});

-- their lines and who brought back what: read only (the counts are the service's)
GRANT SELECT ON order_lines, line_returns TO {group};
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE line_returns ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON order_lines;
DROP POLICY IF EXISTS store_read ON line_returns;
CREATE POLICY store_read ON order_lines FOR SELECT TO {group} USING (channel = 'online' OR store_id = {me});
CREATE POLICY store_read ON line_returns FOR SELECT TO {group} USING (true);

-- card accounts: every store reads the balances (a card is spent anywhere); a store opens only a
-- card it issued, with nothing on it (value arrives through the ledger, the service's)
GRANT SELECT, INSERT ON accounts TO {group};
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON accounts;
DROP POLICY IF EXISTS store_opens_empty ON accounts;
CREATE POLICY store_read ON accounts FOR SELECT TO {group} USING (true);
CREATE POLICY store_opens_empty ON accounts FOR INSERT TO {group} WITH CHECK (issued_store_id = {me} AND balance = 0 AND held = 0 AND seq = 0);

-- the ledger and holds: a store reads its own entries and holds, and writes neither
GRANT SELECT ON ledger, card_holds TO {group};
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE card_holds ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON ledger;
DROP POLICY IF EXISTS store_read ON card_holds;
CREATE POLICY store_read ON ledger FOR SELECT TO {group} USING (store_id = {me});
CREATE POLICY store_read ON card_holds FOR SELECT TO {group} USING (store_id = {me});

-- the chain's catalogue (head office imports it): every store reads all of it, writes none
GRANT SELECT ON catalogue_products, catalogue_variants TO {group};

-- the change log: a store reads and writes its own scope and the everyone scope
GRANT SELECT, INSERT ON changes TO {group};
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_scope ON changes;
CREATE POLICY store_scope ON changes FOR ALL TO {group} USING (scope = {me} OR scope = '00000000-0000-0000-0000-000000000000') WITH CHECK (scope = {me} OR scope = '00000000-0000-0000-0000-000000000000');

-- head office's staff: a store reads its own employees (its tills pull them) and records only the
-- PIN one of them chose with a set-up code (the code burnt with it); never a name, role, number,
-- store or active flag, never a new employee, never another store's
GRANT SELECT ON staff TO {group};
GRANT UPDATE (pin_hash, setup_code_hash, setup_code_expires_at, updated_at) ON staff TO {group};
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_own ON staff;
CREATE POLICY store_own ON staff FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
