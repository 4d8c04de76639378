-- Up Migration
-- Branch, update and convert nodes (issue 10). An opportunity a campaign opens names the node
-- that opened it (beside its campaign and run, which it already had) and the price list it was
-- priced from; a member gets at most one per (run, node), however often the node is retried.
ALTER TABLE opportunities ADD COLUMN node_id text;
ALTER TABLE opportunities ADD COLUMN price_list_id uuid REFERENCES price_lists (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX opportunities_run_node_contact ON opportunities (run_id, node_id, contact_id) WHERE node_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS opportunities_run_node_contact;
ALTER TABLE opportunities DROP COLUMN price_list_id, DROP COLUMN node_id;
