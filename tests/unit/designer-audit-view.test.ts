import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, auditQuery, NO_FILTERS } from '../../designer/src/audit/audit-query';
import { DIFF_VALUE_MAX, diffLines } from '../../designer/src/audit/diff-lines';

describe('the audit screen’s query', () => {
  it('leaves blank filters out and pages only when asked', () => {
    expect(auditQuery(NO_FILTERS)).toEqual({});
    expect(auditQuery(NO_FILTERS, {})).toEqual({ limit: AUDIT_PAGE_SIZE });
    expect(auditQuery({ ...NO_FILTERS, entity: ' flow ', action: 'run.start' }, { before: '120' })).toEqual({ entity: 'flow', action: 'run.start', limit: AUDIT_PAGE_SIZE, before: '120' });
  });

  it('turns the two dates into whole days of the reader’s time zone, `to` included', () => {
    const query = auditQuery({ ...NO_FILTERS, from: '2026-03-02', to: '2026-03-04' });
    const from = new Date(query.from!);
    const to = new Date(query.to!);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours(), from.getMinutes()]).toEqual([2026, 2, 2, 0, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds()]).toEqual([2026, 2, 4, 23, 59, 59]);
    expect(auditQuery({ ...NO_FILTERS, from: '2026-13-45', to: 'yesterday' })).toEqual({});
  });
});

describe('an audit diff in a table cell', () => {
  it("writes the API's `{ field: [before, after] }` one change a line", () => {
    expect(diffLines({ role: ['agent', 'designer'], storeId: [null, 'S1'], disabled: [false, true] })).toEqual(['role: agent → designer', 'storeId: null → S1', 'disabled: false → true']);
  });

  it('writes a before/after diff one field a line', () => {
    expect(diffLines({ before: { role: 'agent', storeId: 'S1' }, after: { role: 'designer', disabled: true } })).toEqual([
      'role: agent → designer',
      'storeId: S1 → (removed)',
      'disabled: true',
    ]);
    expect(diffLines({ before: null, after: { name: 'Spring sale' } })).toEqual(['name: Spring sale']);
  });

  it('writes any other diff a key a line, cut when long, and nothing for none', () => {
    expect(diffLines({ rows: 120, filters: { q: 'ana' }, tags: ['a', 'b', 'c'] })).toEqual(['rows: 120', 'filters: {"q":"ana"}', 'tags: ["a","b","c"]']);
    const [line] = diffLines({ body: 'x'.repeat(500) });
    expect(line).toHaveLength('body: '.length + DIFF_VALUE_MAX);
    expect(line!.endsWith('…')).toBe(true);
    expect(diffLines('paused')).toEqual(['paused']);
    expect(diffLines(null)).toEqual([]);
  });
});
