import type { Outcome, Refusal } from '../db/write-refusal';
import { conflict, notFound, type ProblemError, unprocessable } from './problem';

/** The problem+json a db-layer refusal answers with: invalid → 422, conflict → 409, notFound → 404. */
export function refusalProblem(refusal: Refusal): ProblemError {
  switch (refusal.kind) {
    case 'invalid':
      return unprocessable(refusal.code, refusal.detail, refusal.errors);
    case 'conflict':
      return conflict(refusal.code, refusal.detail, refusal.errors);
    case 'notFound':
      return notFound(refusal.what, refusal.id);
  }
}

/** The written value, or the refusal thrown as its problem for the error handler to send. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if ('refused' in outcome) throw refusalProblem(outcome.refused);
  return outcome.ok;
}
