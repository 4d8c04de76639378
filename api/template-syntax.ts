import Handlebars from 'handlebars';
import type { ProblemItem } from '../contracts/problem';

/**
 * Parse problems in a template's Handlebars, one per field, with the line the parser stopped
 * at. Checked when the template is saved, so a typo is caught by its author, not by a campaign
 * run hours later that fails at its generate step.
 */
export function templateSyntaxProblems(fields: Record<string, string>): ProblemItem[] {
  return Object.entries(fields).flatMap(([field, source]) => {
    try {
      Handlebars.precompile(source);
      return [];
    } catch (error) {
      return [{ field, ...describeParseError(error) }];
    }
  });
}

function describeParseError(error: unknown): { line?: number; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const lines = raw.split('\n');
  // "Parse error on line 2:\n<excerpt>\n----^\nExpecting 'CLOSE', got 'EOF'"
  const parse = /^Parse error on line (\d+):$/.exec(lines[0] ?? '');
  if (parse) return { line: Number(parse[1]), message: `Handlebars parse error on line ${parse[1]}: ${lines[lines.length - 1] ?? ''}` };
  // Block mismatches carry the position as properties: "each doesn't match if - 1:3".
  const lineNumber = (error as { lineNumber?: unknown }).lineNumber;
  const line = typeof lineNumber === 'number' ? lineNumber : undefined;
  return { ...(line === undefined ? {} : { line }), message: `Handlebars error${line === undefined ? '' : ` on line ${line}`}: ${raw}` };
}
