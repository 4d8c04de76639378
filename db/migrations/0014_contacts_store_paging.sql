-- Up Migration
-- An agent (or anyone bound to a store) pages through their store's contacts in creation order
-- (db/contacts.ts, keyset on created_at, id): this index makes each page O(page), instead of
-- reading the whole store's rows to sort them.
CREATE INDEX contacts_store_created ON contacts (store_id, created_at, id);

-- Down Migration
DROP INDEX contacts_store_created;
