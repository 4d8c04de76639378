import fp from 'fastify-plugin';
import { unstorableTextProblem } from '../../db/storable-text';
import type { ProblemItem } from '../../contracts/problem';
import { ProblemError } from '../problem';
import { fieldPath, invalidFieldsProblem } from '../validation-problem';

/** Every string of a parsed request part (keys too) that Postgres would refuse, named by its path. */
function unstorable(value: unknown, path: string[], found: ProblemItem[]): ProblemItem[] {
  if (typeof value === 'string') {
    const message = unstorableTextProblem(value);
    if (message) found.push({ field: fieldPath(path), message });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorable(item, [...path, String(index)], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const message = unstorableTextProblem(key);
      // Named by the object that holds it: the key itself is what cannot be written back.
      if (message) found.push({ field: fieldPath(path), message: `has a key that ${message}` });
      unstorable(item, [...path, key], found);
    }
  }
  return found;
}

/**
 * Refuses, on every route and before its schema is checked, text Postgres cannot store (a NUL, a
 * lone surrogate) anywhere in the body (422), the query string or the URL's params (400), naming
 * each field — instead of a 500 when the statement fails. One hook, so no route can forget it.
 */
export const storableInputPlugin = fp(
  (app, _options, done) => {
    app.addHook('preValidation', async (request) => {
      for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
        const items = unstorable(value, [], []);
        if (items.length > 0) throw new ProblemError(invalidFieldsProblem(items, part));
      }
    });
    done();
  },
  { name: 'storable-input', fastify: '5.x' },
);
