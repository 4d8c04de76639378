import type { FastifySchemaValidationError } from 'fastify';
import type { Problem, ProblemItem } from '../contracts/problem';
import { problem } from './problem';

/**
 * Fastify's schema validation errors (Ajv, collected with `allErrors`) as one problem that names
 * every offending field the way a client writes it: `email`, `contacts[3].email`, `limit`.
 * A bad body is 422 (well-formed JSON, wrong content); a bad URL (params, querystring) is 400.
 */
export function validationProblem(errors: FastifySchemaValidationError[], context: string | undefined): Problem {
  const byField = new Map<string, ProblemItem>();
  for (const error of errors) {
    // `anyOf` only says "none of the alternatives matched"; its branches say why.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    // A bad key under `propertyNames` is reported twice; the `propertyNames` error names the key.
    if ((error as { propertyName?: unknown }).propertyName !== undefined) continue;
    const field = fieldOf(error);
    if (!byField.has(field)) byField.set(field, { field, message: messageOf(error) });
  }
  return invalidFieldsProblem([...byField.values()], context);
}

/** The problem naming bad fields of one request part: 422 for the body, 400 for the URL. */
export function invalidFieldsProblem(items: ProblemItem[], context: string | undefined): Problem {
  const where = context === 'body' ? 'request body' : context === 'querystring' ? 'query string' : context === 'params' ? 'URL' : 'request';
  const summary = items.length === 1 ? `${items[0]!.field}: ${items[0]!.message}` : `${items.length} fields are invalid`;
  return problem(context === 'body' ? 422 : 400, 'VALIDATION_FAILED', `The ${where} is not valid (${summary})`, items);
}

/** A field path the way a client writes it: `contacts[3].email` from the steps `contacts`, `3`, `email`. */
export function fieldPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '') || '(root)';
}

function fieldOf(error: FastifySchemaValidationError): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') segments.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') segments.push(params.additionalProperty);
  return fieldPath(segments);
}

function messageOf(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'format':
      return params.format === 'email' ? 'must be a valid e-mail address' : `must be a valid ${String(params.format)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'propertyNames':
      return `has an invalid key "${String(params.propertyName)}": keys are identifiers (letters, digits, _)`;
    case 'additionalProperties':
      return 'is not a known field';
    default:
      return error.message ?? 'is invalid';
  }
}
