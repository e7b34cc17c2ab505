-- Row-level security for the central PostgreSQL database (run by security.install_rls, as the
-- owner of the tables, after the central migrations).
--
-- Each store connects with its own login role, a member of the group role {group}; store_roles
-- says which store a role is. A store writes only its own rows and reads only what it needs: its
-- own events, returns, pickups, claims, holds and reviews; online orders and their returned
-- quantities (any store may take an online order back); card balances (a card is spent anywhere).
-- Shared rows a store may change (an order line's returned quantity, a card's balance) are open
-- column by column, and the CHECK constraints bound them. No functions, no triggers.
--
-- {me} is: (SELECT sr.store_id FROM store_roles sr WHERE sr.role_name = current_user)

GRANT USAGE ON SCHEMA public TO {group};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {group};

-- who am I: a role sees its own row only
GRANT SELECT ON store_roles TO {group};
ALTER TABLE store_roles ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_self ON store_roles;
CREATE POLICY store_self ON store_roles FOR SELECT TO {group} USING (role_name = current_user);

-- store-owned, append-only (a refused or flagged event's facts never change; a store manager only
-- records its settlement: who, when, what was done)
GRANT SELECT, INSERT ON quarantine, reviews, returns, return_lines, refunds, exchanges, ledger TO {group};
GRANT UPDATE (resolved_at, resolved_by, resolution) ON quarantine, reviews TO {group};
ALTER TABLE quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE returns ENABLE ROW LEVEL SECURITY;
ALTER TABLE return_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
ALTER TABLE exchanges ENABLE ROW LEVEL SECURITY;
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_own ON quarantine;
DROP POLICY IF EXISTS store_own ON reviews;
DROP POLICY IF EXISTS store_own ON returns;
DROP POLICY IF EXISTS store_own ON return_lines;
DROP POLICY IF EXISTS store_own ON refunds;
DROP POLICY IF EXISTS store_own ON exchanges;
DROP POLICY IF EXISTS store_own ON ledger;
CREATE POLICY store_own ON quarantine FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON reviews FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON returns FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON return_lines FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON refunds FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON exchanges FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_own ON ledger FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});

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

-- online orders: every store reads them; only the pickup store marks one received
GRANT SELECT ON orders TO {group};
GRANT UPDATE (received_on, updated_at) ON orders TO {group};
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON orders;
DROP POLICY IF EXISTS store_received ON orders;
CREATE POLICY store_read ON orders FOR SELECT TO {group} USING (channel = 'online' OR store_id = {me});
CREATE POLICY store_received ON orders FOR UPDATE TO {group} USING (pickup_store_id = {me}) WITH CHECK (pickup_store_id = {me});

-- their lines: read, and count units back (CHECK: never more back than sold)
GRANT SELECT ON order_lines TO {group};
GRANT UPDATE (quantity_returned) ON order_lines TO {group};
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON order_lines;
DROP POLICY IF EXISTS store_count ON order_lines;
CREATE POLICY store_read ON order_lines FOR SELECT TO {group} USING (channel = 'online' OR store_id = {me});
CREATE POLICY store_count ON order_lines FOR UPDATE TO {group} USING (channel = 'online' OR store_id = {me}) WITH CHECK (channel = 'online' OR store_id = {me});

-- who brought back what of a line: everyone reads (to link both receipts), each writes its own
GRANT SELECT, INSERT ON line_returns TO {group};
ALTER TABLE line_returns ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON line_returns;
DROP POLICY IF EXISTS store_write ON line_returns;
CREATE POLICY store_read ON line_returns FOR SELECT TO {group} USING (true);
CREATE POLICY store_write ON line_returns FOR INSERT TO {group} WITH CHECK (store_id = {me});

-- card accounts: balances are read and moved by any store (CHECK: never below zero); a store
-- opens only the cards it issued
GRANT SELECT, INSERT ON accounts TO {group};
GRANT UPDATE (balance, held, seq, updated_at) ON accounts TO {group};
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_read ON accounts;
DROP POLICY IF EXISTS store_open ON accounts;
DROP POLICY IF EXISTS store_move ON accounts;
CREATE POLICY store_read ON accounts FOR SELECT TO {group} USING (true);
CREATE POLICY store_open ON accounts FOR INSERT TO {group} WITH CHECK (issued_store_id = {me});
CREATE POLICY store_move ON accounts FOR UPDATE TO {group} USING (true) WITH CHECK (true);

-- holds: a store's own, plus any expired one (released by whoever finds it)
GRANT SELECT, INSERT, UPDATE ON card_holds TO {group};
ALTER TABLE card_holds ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_own ON card_holds;
DROP POLICY IF EXISTS store_expired ON card_holds;
CREATE POLICY store_own ON card_holds FOR ALL TO {group} USING (store_id = {me}) WITH CHECK (store_id = {me});
CREATE POLICY store_expired ON card_holds FOR ALL TO {group} USING (status = 'held' AND expires_at < now()) WITH CHECK (status = 'released');

-- the change log: a store reads and writes its own scope and the everyone scope
GRANT SELECT, INSERT ON changes TO {group};
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS store_scope ON changes;
CREATE POLICY store_scope ON changes FOR ALL TO {group} USING (scope = {me} OR scope = '00000000-0000-0000-0000-000000000000') WITH CHECK (scope = {me} OR scope = '00000000-0000-0000-0000-000000000000');
