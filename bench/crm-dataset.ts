import type { Db } from '../db/pool';

export interface DatasetFigures {
  contacts: number;
  orders: number;
  lines: number;
  seconds: number;
}

const COLOURS = `ARRAY['blue','red','green','black','white','yellow']`;
const CITIES = `ARRAY['Bucharest','Cluj','Ljubljana','Budapest','Milano','Madrid','Dublin','Iasi']`;

/**
 * A CRM-sized dataset generated inside Postgres (generate_series, seeded random): `contacts`
 * contacts with typed custom attributes, ~5 % without e-mail, a product catalogue, and about
 * one order per contact with one to three lines over the last three years. Set-based SQL, so
 * a million contacts take seconds, not minutes of client round trips.
 */
export async function generateCrmDataset(db: Db, contacts: number): Promise<DatasetFigures> {
  const started = performance.now();
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `INSERT INTO products (code, name, kind, family)
     SELECT 'P' || lpad(i::text, 4, '0'), 'Product ' || i, 'product',
            (ARRAY['network','storage','software','services','printers'])[1 + i % 5]
     FROM generate_series(1, 200) AS i`,
  );
  await db.query(
    `INSERT INTO contacts (email, first_name, last_name, gender, language, city, country, customer_code, attributes)
     SELECT CASE WHEN i % 20 = 0 THEN NULL ELSE 'c' || i || '@bench.test' END,
            'First' || i, 'Last' || i,
            (ARRAY['female','male','other'])[1 + i % 3],
            (ARRAY['en','ro','sl','hu','it','es'])[1 + i % 6],
            (${CITIES})[1 + i % 8], 'EU', 'C' || lpad(i::text, 8, '0'),
            jsonb_build_object(
              'age', 18 + (random() * 60)::int,
              'favouriteColour', (${COLOURS})[1 + (random() * 5)::int],
              'shoeSize', 35 + (random() * 12)::int,
              'decisionMaker', random() < 0.2,
              'newsletter', random() < 0.5)
     FROM generate_series(1, $1::int) AS i`,
    [contacts],
  );
  await db.query(
    `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount)
     SELECT 'O' || row_number() OVER (), id, now() - (random() * interval '1095 days'), 0
     FROM contacts WHERE customer_code LIKE 'C%' AND random() < 0.95`,
  );
  await db.query(
    `WITH catalogue AS (SELECT array_agg(id ORDER BY code) AS ids, array_agg(family ORDER BY code) AS families FROM products)
     INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount)
     SELECT o.id, x.n, c.ids[x.k], c.families[x.k], 1 + (random() * 4)::int, round((10 + random() * 990)::numeric, 2)
     FROM sales_orders o
     CROSS JOIN catalogue c
     CROSS JOIN LATERAL (
       SELECT n, 1 + floor(random() * 200)::int AS k FROM generate_series(1, 1 + (random() * 2)::int + (o.ordered_at IS NULL)::int) AS n
     ) x`,
  );
  await db.query(
    `UPDATE sales_orders o SET total_amount = s.total
     FROM (SELECT order_id, sum(amount) AS total FROM sales_lines GROUP BY order_id) s WHERE s.order_id = o.id`,
  );
  await db.query('ANALYZE contacts, sales_orders, sales_lines, products');
  const counts = await db.query<{ orders: string; lines: string }>(
    'SELECT (SELECT count(*) FROM sales_orders) AS orders, (SELECT count(*) FROM sales_lines) AS lines',
  );
  return {
    contacts,
    orders: Number(counts.rows[0]!.orders),
    lines: Number(counts.rows[0]!.lines),
    seconds: (performance.now() - started) / 1000,
  };
}
