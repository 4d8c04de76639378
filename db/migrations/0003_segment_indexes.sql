-- Up Migration
-- Indexes for the segment compiler's common paths (issue 4). Attribute equality and list
-- membership use the GIN index from 0001 (containment, jsonb_path_ops). Range queries on typed
-- attributes would need one expression index per key; those are not created automatically yet
-- (see db/segments/README.md) — the paths below cover purchase history, engagement and consent.

-- "Opened / clicked (any campaign) in a range": type first, then the contact and time.
CREATE INDEX IF NOT EXISTS events_type_contact ON events (type, contact_id, at);
-- "Subscribed to topic X": the EXISTS probes (contact, topic) with the status filter.
CREATE INDEX IF NOT EXISTS subscriptions_contact_status ON subscriptions (contact_id, status, topic_id);
-- Purchase conditions read the order lines of one contact's orders.
CREATE INDEX IF NOT EXISTS sales_lines_order ON sales_lines (order_id);
-- ABC recomputation and "customer" conditions aggregate revenue per contact.
CREATE INDEX IF NOT EXISTS sales_orders_contact_amount ON sales_orders (contact_id) INCLUDE (total_amount, ordered_at);
-- List sources probe (list, contact) — the primary key — and the reverse for a contact's lists.
CREATE INDEX IF NOT EXISTS contact_list_members_contact ON contact_list_members (contact_id);

-- Down Migration
DROP INDEX IF EXISTS events_type_contact, subscriptions_contact_status, sales_lines_order,
  sales_orders_contact_amount, contact_list_members_contact;
