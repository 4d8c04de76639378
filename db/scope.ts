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
