/**
 * Which contacts (and their tasks and history) a caller may see. Every query that reads them
 * takes a scope and puts it in its WHERE clause, so counts, paging and exports agree with it.
 * `store` with a null id sees nothing: an agent placed in no store is shown no one.
 */
export type Scope = { readonly kind: 'all' } | { readonly kind: 'store'; readonly storeId: string | null };

export const ALL_CONTACTS: Scope = { kind: 'all' };

/**
 * The SQL condition limiting `column` (a contacts.store_id expression) to the scope, with its
 * one parameter at `$${index}`; `TRUE` (and no parameter) for an unscoped caller.
 */
export function scopeCondition(scope: Scope, column: string, index: number): { sql: string; params: unknown[] } {
  if (scope.kind === 'all') return { sql: 'TRUE', params: [] };
  // A null store id compares as NULL: the condition is never true, the caller sees no one.
  return { sql: `${column} = $${index}::uuid`, params: [scope.storeId] };
}

/**
 * `scopeCondition` for a statement that collects its parameters in `params` as it is built:
 * appends the scope's parameter (if any) and returns the condition over `column`.
 */
export function scopeWhere(scope: Scope, column: string, params: unknown[]): string {
  const condition = scopeCondition(scope, column, params.length + 1);
  params.push(...condition.params);
  return condition.sql;
}

/**
 * Whether a contact in `storeId` would be inside the scope: a store-bound caller may only put a
 * contact in their own store, or it would leave their sight (and land in another store's).
 */
export function scopeAdmitsStore(scope: Scope, storeId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return scope.storeId !== null && storeId !== null && scope.storeId.toLowerCase() === storeId.toLowerCase();
}

/** The scope as an audit row records what an export was limited to. */
export function describeScope(scope: Scope): { store: string | null } | 'all' {
  return scope.kind === 'all' ? 'all' : { store: scope.storeId };
}
