/**
 * Text Postgres refuses to store: `text` columns take no NUL character, and neither `text` nor
 * `jsonb` takes a lone UTF-16 surrogate (half of a pair, which has no UTF-8 form). Checked on
 * the way in, so such input is the client's mistake (a 4xx naming the field) rather than a failed
 * statement (a 500); replaced where the text is ours to store anyway (an import's report).
 */

const NUL = '\u0000';
/** With the `u` flag a surrogate pair is one code point: only a lone half is `\p{Cs}`. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_ALL = /\p{Cs}/gu;

/** Why Postgres would refuse this text, as a message to follow a field name; undefined when it stores it. */
export function unstorableTextProblem(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone surrogate (broken UTF-16)';
  return undefined;
}

/** The text with each character Postgres refuses replaced by U+FFFD, the replacement character. */
export function storableText(text: string): string {
  return text.replaceAll(NUL, '\ufffd').replace(LONE_SURROGATE_ALL, '\ufffd');
}
