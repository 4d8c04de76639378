import { useSyncExternalStore } from 'react';

/** Client-side routing by pathname: history.pushState plus one event, no router library. */
const NAVIGATE_EVENT = 'campaign-studio:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query, re-rendering on every navigation. */
export function useLocation(): URL {
  const href = useSyncExternalStore(subscribe, snapshot);
  return new URL(href, window.location.origin);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type Route =
  | { page: 'flows' }
  | { page: 'editor'; flowId: string | null; newName: string | null }
  | { page: 'outbox' }
  | { page: 'contacts' }
  | { page: 'contact'; contactId: string }
  | { page: 'import' }
  | { page: 'segments' }
  | { page: 'segment'; segmentId: string | null }
  | { page: 'not-found' };

export function matchRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/flows') return { page: 'flows' };
  if (path === '/outbox') return { page: 'outbox' };
  if (path === '/contacts') return { page: 'contacts' };
  if (path === '/import') return { page: 'import' };
  if (path === '/segments') return { page: 'segments' };
  if (path === '/segments/new') return { page: 'segment', segmentId: null };
  const segment = /^\/segments\/([^/]+)$/.exec(path);
  if (segment?.[1]) return { page: 'segment', segmentId: decodeURIComponent(segment[1]) };
  const contact = /^\/contacts\/([^/]+)$/.exec(path);
  if (contact?.[1]) return { page: 'contact', contactId: decodeURIComponent(contact[1]) };
  if (path === '/flows/new') return { page: 'editor', flowId: null, newName: url.searchParams.get('name') };
  const flow = /^\/flows\/([^/]+)$/.exec(path);
  if (flow?.[1]) return { page: 'editor', flowId: decodeURIComponent(flow[1]), newName: null };
  return { page: 'not-found' };
}
