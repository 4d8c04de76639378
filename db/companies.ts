import type { Static } from '@sinclair/typebox';
import type { CompanyInputSchema, CompanyKindSchema, CompanySchema } from '../contracts/company';
import type { Db } from './pool';

export type CompanyKind = Static<typeof CompanyKindSchema>;

export type CompanyInput = Static<typeof CompanyInputSchema>;

export type Company = Static<typeof CompanySchema>;

export const COMPANY_COLUMNS = 'id, name, kind, code, industry, email, phone, city, country, created_at AS "createdAt"';

/** Insert a company; a customer code already used is reported, not thrown, so the API can answer 409. */
export async function createCompany(db: Db, input: CompanyInput): Promise<{ company: Company } | { duplicateCode: true }> {
  const { rows } = await db.query<Company>(
    `INSERT INTO companies (name, kind, code, industry, email, phone, city, country)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (code) WHERE code IS NOT NULL DO NOTHING RETURNING ${COMPANY_COLUMNS}`,
    [input.name, input.kind ?? 'prospect', input.code ?? null, input.industry ?? null, input.email ?? null, input.phone ?? null, input.city ?? null, input.country ?? null],
  );
  const company = rows[0];
  return company ? { company } : { duplicateCode: true };
}

/** One company, or undefined when the id names none. */
export async function getCompany(db: Db, id: string): Promise<Company | undefined> {
  const { rows } = await db.query<Company>(`SELECT ${COMPANY_COLUMNS} FROM companies WHERE id = $1`, [id]);
  return rows[0];
}

/** A page of companies by name, optionally filtered by a name/code search and a kind. */
export async function listCompanies(
  db: Db,
  query: { limit: number; offset: number; search?: string; kind?: CompanyKind },
): Promise<{ items: Company[]; total: number }> {
  const pattern = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `($1::text IS NULL OR name ILIKE $1 OR code ILIKE $1) AND ($2::text IS NULL OR kind = $2)`;
  const params = [pattern, query.kind ?? null];
  const [page, count] = await Promise.all([
    db.query<Company>(`SELECT ${COMPANY_COLUMNS} FROM companies WHERE ${where} ORDER BY lower(name), id LIMIT $3 OFFSET $4`, [...params, query.limit, query.offset]),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM companies WHERE ${where}`, params),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}
