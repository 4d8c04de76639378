import { inTransaction, type Db, type DbClient } from './pool';

/** A request field the data refuses, named the way a client writes it: `components[2].productId`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Why a write did not happen. The db layer cannot speak HTTP (it may not import api/), so it
 * says what went wrong and the API maps each kind to its status: invalid → 422,
 * conflict → 409, notFound → 404.
 */
export type Refusal =
  | { kind: 'invalid'; code: string; detail: string; errors: FieldProblem[] }
  | { kind: 'conflict'; code: string; detail: string; errors: FieldProblem[] }
  | { kind: 'notFound'; what: string; id: string };

export type Outcome<T> = { ok: T } | { refused: Refusal };

class WriteRefused extends Error {
  override name = 'WriteRefused';
  constructor(readonly refusal: Refusal) {
    super(refusal.kind === 'notFound' ? `${refusal.what} ${refusal.id} does not exist` : refusal.detail);
  }
}

/** Stop the surrounding `refusableTransaction`: everything it wrote so far is rolled back. */
export function refuse(refusal: Refusal): never {
  throw new WriteRefused(refusal);
}

/** 422: the request names data that does not fit (an unknown id, a cycle, a bad period). */
export function invalid(errors: FieldProblem[], code = 'VALIDATION_FAILED'): Refusal {
  const first = errors[0];
  const detail = errors.length === 1 && first ? `${first.field}: ${first.message}` : `${errors.length} fields are invalid`;
  return { kind: 'invalid', code, detail, errors };
}

export function conflict(code: string, detail: string, errors: FieldProblem[] = []): Refusal {
  return { kind: 'conflict', code, detail, errors };
}

export function notFound(what: string, id: string): Refusal {
  return { kind: 'notFound', what, id };
}

/**
 * Run `work` in one transaction and report a refusal as a value: either all of it is written or,
 * when `work` calls `refuse`, none of it.
 */
export async function refusableTransaction<T>(db: Db, work: (client: DbClient) => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: await inTransaction(db, work) };
  } catch (error) {
    if (error instanceof WriteRefused) return { refused: error.refusal };
    throw error;
  }
}

/** True when `error` is Postgres refusing a duplicate on the named unique constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown };
  return pgError.code === '23505' && pgError.constraint === constraint;
}
