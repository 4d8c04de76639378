/**
 * What is wrong with a template, pinned to the part at fault (`variants[1].html`) and, for a
 * syntax error, its line: the API returns these as the items of a 422 TEMPLATE_INVALID.
 */
export interface TemplateProblem {
  field: string;
  line?: number;
  message: string;
}

export const TEMPLATE_INVALID = 'TEMPLATE_INVALID';
