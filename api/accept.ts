/**
 * Whether a request's `Accept` header asks for HTML more than for JSON: what a browser
 * navigating to a page sends (`text/html,…,*\/*;q=0.8`), unlike `fetch` or curl. Used to serve
 * the designer's index.html on client-side routes that share a path with an API answer.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) || 0 : 1;
    // HTML must be named: `*/*` alone is what scripts send, and they want JSON.
    if (range === 'text/html') html = Math.max(html, q);
    if (range === 'application/json' || range === 'application/*' || range === '*/*') json = Math.max(json, q);
  }
  return html > 0 && html >= json;
}
