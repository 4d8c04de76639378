-- Up Migration
-- Contacts and leads (issue 4): typed custom attributes and the paging of leads. Adds no table.

-- A date attribute read as a date, or NULL when the stored text is not one (it never errors, so
-- one bad value cannot break a segment). Text → date casts are only STABLE (they depend on
-- DateStyle), so they cannot sit in an index; this builds the date from its digits with IMMUTABLE
-- functions instead. The segment compiler compares `attribute_date(c.attributes ->> key)` and
-- each date definition indexes the same expression (db/attribute-definitions.ts), so range
-- conditions use that index. Only the leading YYYY-MM-DD counts ('2024-11-30T10:00:00Z' is
-- 2024-11-30), as the compiler always did. The nested CASE keeps make_date away from values that
-- would make it raise (month 13, day 31 of a 30-day month, year 0).
CREATE FUNCTION attribute_date(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])' AND left(value, 4) <> '0000' THEN
    CASE WHEN extract(month FROM make_date(left(value, 4)::int, substr(value, 6, 2)::int, 1) + (substr(value, 9, 2)::int - 1))
              = substr(value, 6, 2)::int
      THEN make_date(left(value, 4)::int, substr(value, 6, 2)::int, 1) + (substr(value, 9, 2)::int - 1)
    END
  END
$$;

-- Leads page in (created_at, id) order, with or without a status filter (leads_status of 0002
-- serves the filtered listing; this one the unfiltered).
CREATE INDEX leads_created_at ON leads (created_at, id);

-- Down Migration
DROP INDEX IF EXISTS leads_created_at;
-- CASCADE: the expression indexes of date definitions are built on this function.
DROP FUNCTION IF EXISTS attribute_date(text) CASCADE;
