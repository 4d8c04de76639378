/** History items per request: enough to fill the screen, then "Load older". */
export const HISTORY_PAGE_SIZE = 25;

/**
 * How each kind of history item is shown: a short label and a glyph. Unknown kinds (a logged
 * event's own kind, say `visit`) still show, labelled from their name.
 */
const KINDS: Record<string, { label: string; icon: string }> = {
  campaign_joined: { label: 'Campaign', icon: '⚑' },
  message: { label: 'Message', icon: '✉' },
  engagement: { label: 'Engagement', icon: '↩' },
  task_created: { label: 'Task', icon: '☐' },
  task_closed: { label: 'Task closed', icon: '☑' },
  opportunity_created: { label: 'Opportunity', icon: '◆' },
  opportunity_won: { label: 'Won', icon: '★' },
  opportunity_lost: { label: 'Lost', icon: '✕' },
  consent: { label: 'Consent', icon: '✓' },
  lead_created: { label: 'Lead', icon: '＋' },
  lead_converted: { label: 'Lead converted', icon: '⇢' },
  note: { label: 'Note', icon: '✎' },
  call: { label: 'Call', icon: '☎' },
};

export function historyKind(kind: string): { label: string; icon: string } {
  const known = KINDS[kind];
  if (known) return known;
  const words = kind.replace(/_/g, ' ').trim();
  return { label: words.charAt(0).toUpperCase() + words.slice(1) || 'Event', icon: '•' };
}

/** Kinds whose detail is a whole message: folded away until asked for, its facts from `data`. */
export const MESSAGE_KINDS = new Set(['message']);

/** Details longer than this are folded too, so one long note does not push the rest away. */
export const FOLD_AFTER_CHARS = 280;
