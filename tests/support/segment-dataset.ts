import type { Db } from '../../db/pool';

/** A small CRM dataset for segment tests, kept in JS too so a reference evaluator can read it. */
export interface DatasetOrder {
  day: string;
  total: number;
  lines: { productCode: string | null; family: string | null }[];
}
export interface DatasetContact {
  id?: string;
  email: string;
  language: string;
  attributes: Record<string, unknown>;
  abcClass: 'A' | 'B' | 'C' | null;
  companyKind: 'client' | 'prospect' | 'partner' | null;
  orders: DatasetOrder[];
  events: { type: 'open' | 'click'; day: string }[];
  topics: { code: string; status: 'subscribed' | 'unsubscribed' | 'pending' }[];
}

export const PRODUCTS = [
  { code: 'SW-24', family: 'switches' },
  { code: 'RT-9', family: 'routers' },
  { code: 'LIC-1', family: null },
] as const;
export const TOPICS = ['network-equipment', 'newsletter'] as const;
export const BOUNDARY_DAYS = ['2024-01-01', '2024-03-15', '2024-06-01', '2024-08-20', '2024-12-31'] as const;

/** Deterministic pseudo-random numbers (mulberry32): the dataset is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDataset(size = 40, seed = 4): DatasetContact[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // One day in four falls on a range boundary the tests use, so inclusive/exclusive edges are exercised.
  const day = () => next() < 0.25 ? pick(BOUNDARY_DAYS) : `2024-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
  return Array.from({ length: size }, (_, index) => {
    const attributes: Record<string, unknown> = {};
    const age = pick(['none', 'number', 'number', 'text']);
    if (age === 'number') attributes.age = 20 + Math.floor(next() * 40);
    if (age === 'text') attributes.age = String(20 + Math.floor(next() * 40));
    if (next() < 0.8) attributes.colour = pick(['blue', 'red', 'green']);
    const orders = Array.from({ length: Math.floor(next() * 4) }, () => ({
      day: day(),
      total: 10 * (1 + Math.floor(next() * 50)),
      lines: Array.from({ length: 1 + Math.floor(next() * 2) }, () =>
        next() < 0.7 ? { productCode: pick(PRODUCTS).code, family: null } : { productCode: null, family: pick(['switches', 'cables']) },
      ),
    }));
    return {
      email: `p${index}@seg.test`,
      language: pick(['en', 'de', 'ro']),
      attributes,
      abcClass: pick(['A', 'B', 'C', null] as const),
      companyKind: pick(['client', 'prospect', 'partner', null] as const),
      orders,
      events: Array.from({ length: Math.floor(next() * 3) }, () => ({ type: pick(['open', 'click'] as const), day: day() })),
      topics: TOPICS.filter(() => next() < 0.5).map((code) => ({ code, status: pick(['subscribed', 'unsubscribed', 'pending'] as const) })),
    };
  });
}

/** Write the dataset (times at noon UTC so whole-day ranges agree in any server time zone). */
export async function insertDataset(db: Db, contacts: DatasetContact[]): Promise<void> {
  const productIds = new Map<string, string>();
  for (const product of PRODUCTS) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO products (code, name, kind, family) VALUES ($1, $1, 'product', $2) RETURNING id`,
      [product.code, product.family],
    );
    productIds.set(product.code, rows[0]!.id);
  }
  const topicIds = new Map<string, string>();
  for (const code of TOPICS) {
    const { rows } = await db.query<{ id: string }>(`INSERT INTO topics (code, name) VALUES ($1, $1) RETURNING id`, [code]);
    topicIds.set(code, rows[0]!.id);
  }
  let orderNumber = 0;
  for (const contact of contacts) {
    let companyId: string | null = null;
    if (contact.companyKind) {
      const { rows } = await db.query<{ id: string }>(`INSERT INTO companies (name, kind) VALUES ($1, $2) RETURNING id`, [`Co ${contact.email}`, contact.companyKind]);
      companyId = rows[0]!.id;
    }
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contacts (email, language, attributes, abc_class, company_id) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
      [contact.email, contact.language, JSON.stringify(contact.attributes), contact.abcClass, companyId],
    );
    contact.id = rows[0]!.id;
    for (const order of contact.orders) {
      const { rows: orderRows } = await db.query<{ id: string }>(
        `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) VALUES ($1, $2, $3::date + time '12:00' AT TIME ZONE 'UTC', $4) RETURNING id`,
        [`SO-${++orderNumber}`, contact.id, order.day, order.total],
      );
      for (const [lineNo, line] of order.lines.entries()) {
        await db.query(`INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount) VALUES ($1, $2, $3, $4, 1, 10)`, [
          orderRows[0]!.id,
          lineNo + 1,
          line.productCode ? productIds.get(line.productCode) : null,
          line.family,
        ]);
      }
    }
    for (const event of contact.events) {
      await db.query(`INSERT INTO events (contact_id, type, at) VALUES ($1, $2, $3::date + time '12:00' AT TIME ZONE 'UTC')`, [contact.id, event.type, event.day]);
    }
    for (const topic of contact.topics) {
      await db.query(`INSERT INTO subscriptions (topic_id, contact_id, status) VALUES ($1, $2, $3)`, [topicIds.get(topic.code), contact.id, topic.status]);
    }
  }
}
