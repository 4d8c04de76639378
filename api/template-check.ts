import Handlebars from 'handlebars';
import type { ProblemItem } from '../contracts/problem';
import { ATTRIBUTE_FIELD_PREFIX, TEMPLATE_FIELDS, TEMPLATE_HELPER_NAMES } from '../flow/template-fields';

/**
 * What a piece of Handlebars may name: its fields (full dotted paths) and its helpers. A path
 * that is a prefix of a field (`product` of `product.name`) may be opened by `#with` or tested
 * by `#if`, but not printed.
 */
export interface HandlebarsVocabulary {
  fields: ReadonlySet<string>;
  /** Dotted prefixes under which any one further segment is a field (`contact.attributes.` + a defined key). */
  openPrefixes?: ReadonlyMap<string, ReadonlySet<string>>;
  helpers: ReadonlySet<string>;
}

/** The vocabulary of a message template: flow/template-fields.ts plus the defined contact attributes. */
export function templateVocabulary(attributeKeys: Iterable<string>): HandlebarsVocabulary {
  const prefix = ATTRIBUTE_FIELD_PREFIX.replace(/\.$/, '');
  return {
    fields: new Set(TEMPLATE_FIELDS.map((field) => field.path)),
    openPrefixes: new Map([[prefix, new Set(attributeKeys)]]),
    helpers: TEMPLATE_HELPER_NAMES,
  };
}

/** What a salutation wording may use: the four name fields, and `if`/`unless` around them. */
export const SALUTATION_VOCABULARY: HandlebarsVocabulary = {
  fields: new Set(['firstName', 'lastName', 'title', 'position']),
  helpers: new Set(['if', 'unless']),
};

/**
 * Every problem of one Handlebars text, pinned to `field`: a syntax error with its line, or
 * else each unknown field, helper, partial or data variable with the line it is on. Parse only:
 * nothing runs, so a template is judged by what it names, not by the data of the day.
 */
export function handlebarsProblems(field: string, source: string, vocabulary: HandlebarsVocabulary): ProblemItem[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    return [{ field, ...describeParseError(error) }];
  }
  const problems: ProblemItem[] = [];
  new Walker(field, vocabulary, problems).program(program, [[]]);
  return problems;
}

/**
 * Where a path inside a block resolves from: one entry per enclosing `#with` (its dotted path as
 * segments), or null inside a `#with` of something unknown (already reported: its inside is not
 * judged again, field by field).
 */
type ContextStack = readonly (readonly string[] | null)[];

/** A block parameter (`{{#with product as |p|}}`) names the block's context. */
type BlockParams = ReadonlyMap<string, readonly string[] | null>;

type PathRole = 'print' | 'test';

class Walker {
  constructor(
    private readonly field: string,
    private readonly vocabulary: HandlebarsVocabulary,
    private readonly problems: ProblemItem[],
  ) {}

  program(program: hbs.AST.Program, stack: ContextStack, params: BlockParams = new Map()): void {
    for (const statement of program.body) this.statement(statement, stack, params);
  }

  private report(node: hbs.AST.Node, message: string): void {
    this.problems.push({ field: this.field, line: node.loc.start.line, message });
  }

  private statement(node: hbs.AST.Statement, stack: ContextStack, params: BlockParams): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement, stack, params);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement, stack, params);
      case 'PartialStatement':
      case 'PartialBlockStatement':
        return this.report(node, 'partials ({{> …}}) are not available in messages');
      default:
        // Decorators ({{* …}}) and anything a later Handlebars adds: not part of our language.
        return this.report(node, `${node.type} is not available in messages`);
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, stack: ContextStack, params: BlockParams): void {
    const path = node.path;
    if (path.type !== 'PathExpression') return; // {{"text"}} or {{1}} prints a literal
    const named = path as hbs.AST.PathExpression;
    const hasArguments = node.params.length > 0 || pairsOf(node.hash).length > 0;
    if (hasArguments || this.isHelperName(named)) {
      this.helperCall(named, node.params, node.hash, stack, params);
      return;
    }
    this.path(named, stack, params, 'print');
  }

  private block(node: hbs.AST.BlockStatement, stack: ContextStack, params: BlockParams): void {
    const helper = node.path.original;
    if (!this.isHelperName(node.path)) {
      this.report(node, `unknown helper "${helper}" (blocks may use ${[...this.vocabulary.helpers].filter((name) => BLOCK_HELPERS.has(name)).join(', ')})`);
    } else {
      this.helperArguments(node.params, node.hash, stack, params, helper === 'with' || helper === 'if' || helper === 'unless' ? 'test' : 'print');
    }
    const inner = helper === 'with' ? this.withContext(node, stack, params) : undefined;
    if (inner !== undefined) {
      const names = node.program.blockParams ?? [];
      const innerParams = new Map(params);
      if (names[0] !== undefined) innerParams.set(names[0], inner);
      // A block parameter names the context; without one, paths inside resolve against it.
      this.program(node.program, names.length > 0 ? stack : [...stack, inner], innerParams);
    } else {
      this.program(node.program, stack, params);
    }
    if (node.inverse) this.program(node.inverse, stack, params);
  }

  /** The context `#with x` opens; null when x is not something we know (reported already). */
  private withContext(node: hbs.AST.BlockStatement, stack: ContextStack, params: BlockParams): readonly string[] | null {
    const target = node.params[0];
    if (node.params.length !== 1 || target?.type !== 'PathExpression') {
      this.report(node, '#with takes one field, e.g. {{#with product}}');
      return null;
    }
    const resolved = this.resolve(target as hbs.AST.PathExpression, stack, params);
    return resolved && this.kindOf(resolved) !== 'unknown' ? resolved : null;
  }

  private helperCall(path: hbs.AST.PathExpression, args: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, stack: ContextStack, params: BlockParams): void {
    const known = this.isHelperName(path);
    if (!known) this.report(path, `unknown helper "${path.original}"`);
    // An unknown helper's arguments are judged only as names (what it would do with them is unknown).
    this.helperArguments(args, hash, stack, params, known ? 'print' : 'test');
  }

  private helperArguments(args: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, stack: ContextStack, params: BlockParams, role: PathRole): void {
    for (const arg of [...args, ...pairsOf(hash).map((pair) => pair.value)]) this.expression(arg, stack, params, role);
  }

  private expression(node: hbs.AST.Expression, stack: ContextStack, params: BlockParams, role: PathRole): void {
    if (node.type === 'PathExpression') this.path(node as hbs.AST.PathExpression, stack, params, role);
    else if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.helperCall(sub.path, sub.params, sub.hash, stack, params);
    }
    // Literals (strings, numbers, booleans, null, undefined) are always fine.
  }

  private isHelperName(path: hbs.AST.PathExpression): boolean {
    return !path.data && path.depth === 0 && path.parts.length === 1 && path.original === path.parts[0] && this.vocabulary.helpers.has(path.original);
  }

  private path(node: hbs.AST.PathExpression, stack: ContextStack, params: BlockParams, role: PathRole): void {
    const resolved = this.resolve(node, stack, params);
    if (!resolved) return;
    const kind = this.kindOf(resolved);
    const name = resolved.join('.') || 'this';
    if (kind === 'unknown') this.report(node, `unknown field "${name}"`);
    else if (kind === 'object' && role === 'print') this.report(node, `"${name}" is a group of fields, not a field: name one of its fields, e.g. ${this.exampleUnder(resolved)}`);
  }

  /** The full dotted path a path expression names (undefined when it cannot name one; reported). */
  private resolve(node: hbs.AST.PathExpression, stack: ContextStack, params: BlockParams): readonly string[] | undefined {
    if (node.data) {
      // @root.x is x from the top; loop variables (@index, @key, …) have no loop to belong to.
      if (node.parts[0] === 'root') return node.parts.slice(1);
      this.report(node, `unknown data variable "@${node.parts.join('.')}"`);
      return undefined;
    }
    const first = node.parts[0];
    const explicitThis = /^(this|\.)([./]|$)/.test(node.original);
    if (node.depth === 0 && !explicitThis && first !== undefined && params.has(first)) {
      const named = params.get(first)!;
      return named === null ? undefined : [...named, ...node.parts.slice(1)];
    }
    const index = stack.length - 1 - node.depth;
    if (index < 0) {
      this.report(node, `"${node.original}" climbs out of the template (too many ../)`);
      return undefined;
    }
    const base = stack[index]!;
    return base === null ? undefined : [...base, ...node.parts];
  }

  private kindOf(segments: readonly string[]): 'field' | 'object' | 'unknown' {
    const path = segments.join('.');
    if (segments.length > 0 && this.vocabulary.fields.has(path)) return 'field';
    for (const [prefix, keys] of this.vocabulary.openPrefixes ?? []) {
      if (path === prefix) return 'object';
      if (path.startsWith(`${prefix}.`) && keys.has(path.slice(prefix.length + 1))) return 'field';
    }
    const asPrefix = path === '' ? '' : `${path}.`;
    const opensFields = [...this.vocabulary.fields].some((known) => known.startsWith(asPrefix)) || [...(this.vocabulary.openPrefixes?.keys() ?? [])].some((prefix) => prefix.startsWith(asPrefix));
    return opensFields ? 'object' : 'unknown';
  }

  private exampleUnder(segments: readonly string[]): string {
    const prefix = segments.length === 0 ? '' : `${segments.join('.')}.`;
    return [...this.vocabulary.fields].find((known) => known.startsWith(prefix)) ?? 'a field';
  }
}

/** A call's `key=value` pairs; the parser leaves `hash` out when there are none. */
function pairsOf(hash: hbs.AST.Hash | undefined): hbs.AST.HashPair[] {
  return hash?.pairs ?? [];
}

/** Handlebars' own block helpers; ours (formatDate, …) print a value. */
const BLOCK_HELPERS: ReadonlySet<string> = new Set(['if', 'unless', 'with', 'each']);

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

/** The Handlebars parts of one language variant, as the template checker reads them. */
export interface VariantSource {
  subject: string;
  preheader?: string | null;
  html?: string | null;
  text?: string | null;
}

export type VariantPart = keyof VariantSource;

/**
 * Every problem of a template's variants: each part parsed and walked, a subject on more than
 * one line refused (a header is one line; the renderer would fold it silently). `fieldOf` names
 * a part as the request wrote it (`variants[2].html`, or `body` for the shorthand).
 */
export function variantProblems(variants: readonly VariantSource[], vocabulary: HandlebarsVocabulary, fieldOf: (index: number, part: VariantPart) => string): ProblemItem[] {
  return variants.flatMap((variant, index) => {
    const problems: ProblemItem[] = [];
    const subjectLines = variant.subject.split(/\r\n|\r|\n/);
    if (subjectLines.length > 1) problems.push({ field: fieldOf(index, 'subject'), line: 2, message: 'a subject must be one line' });
    for (const part of ['subject', 'preheader', 'html', 'text'] as const) {
      const source = variant[part];
      if (typeof source === 'string' && source !== '') problems.push(...handlebarsProblems(fieldOf(index, part), source, vocabulary));
    }
    return problems;
  });
}
