-- Up Migration
-- The campaign catalogue (issue 10, seed 004): each campaign has a code, a validity period, the
-- product it promotes (and the price list to price it from), the agents' call script and an
-- owner. Campaigns made before this have none of them: every new column may be empty, and an
-- empty validity bound means "no limit on that side".
ALTER TABLE campaigns
  ADD COLUMN code          text,
  ADD COLUMN valid_from    date,
  ADD COLUMN valid_to      date,
  ADD COLUMN product_id    uuid REFERENCES products (id),
  ADD COLUMN price_list_id uuid REFERENCES price_lists (id),
  ADD COLUMN script        text,
  ADD COLUMN owner_id      uuid REFERENCES users (id),
  ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT campaigns_period CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from),
  -- A price list is only ever the one used for the promoted product.
  ADD CONSTRAINT campaigns_price_list_product CHECK (price_list_id IS NULL OR product_id IS NOT NULL);
-- Codes are what people type (RET045): unique whatever their case.
CREATE UNIQUE INDEX campaigns_code_key ON campaigns (lower(code)) WHERE code IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS campaigns_code_key;
ALTER TABLE campaigns
  DROP CONSTRAINT campaigns_price_list_product, DROP CONSTRAINT campaigns_period,
  DROP COLUMN updated_at, DROP COLUMN owner_id, DROP COLUMN script, DROP COLUMN price_list_id,
  DROP COLUMN product_id, DROP COLUMN valid_to, DROP COLUMN valid_from, DROP COLUMN code;
