-- Up Migration
-- Commerce (issue 4): what the products, price/discount list, sales order and opportunity APIs
-- need beyond 0002. Adds no table; only a flag, the indexes their lookups probe and the
-- uniqueness the APIs promise.

-- An opportunity's expected revenue is either typed in or derived from its products (the sum of
-- their amounts). The flag remembers which, so replacing the products re-derives a derived value
-- and never overwrites one a salesperson entered.
ALTER TABLE opportunities ADD COLUMN expected_revenue_from_products boolean NOT NULL DEFAULT false;
CREATE INDEX opportunities_stage ON opportunities (stage, created_at);
CREATE INDEX opportunities_company ON opportunities (company_id, created_at);
CREATE INDEX opportunities_owner ON opportunities (owner_id, created_at);
CREATE INDEX opportunity_products_opportunity ON opportunity_products (opportunity_id);
CREATE INDEX opportunity_competitors_opportunity ON opportunity_competitors (opportunity_id);

-- "Which bundles contain X" (cycle checks walk the component graph upwards from a bundle).
CREATE INDEX product_components_component ON product_components (component_id);

-- Price resolution: lists valid on a date holding one product.
CREATE INDEX price_lists_validity ON price_lists (valid_from, valid_to);
CREATE INDEX price_list_items_product ON price_list_items (product_id);
CREATE INDEX discount_lists_validity ON discount_lists (valid_from, valid_to);
CREATE INDEX discount_list_items_product ON discount_list_items (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX discount_list_items_family ON discount_list_items (family) WHERE family IS NOT NULL;
-- One discount per (list, target, quantity tier): two would make "the best discount" ambiguous to edit.
CREATE UNIQUE INDEX discount_list_items_product_tier ON discount_list_items (discount_list_id, product_id, min_quantity) WHERE product_id IS NOT NULL;
CREATE UNIQUE INDEX discount_list_items_family_tier ON discount_list_items (discount_list_id, family, min_quantity) WHERE family IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS opportunities_stage, opportunities_company, opportunities_owner,
  opportunity_products_opportunity, opportunity_competitors_opportunity, product_components_component,
  price_lists_validity, price_list_items_product, discount_lists_validity, discount_list_items_product,
  discount_list_items_family, discount_list_items_product_tier, discount_list_items_family_tier;
ALTER TABLE opportunities DROP COLUMN expected_revenue_from_products;
