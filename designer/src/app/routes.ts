import { RESET_PASSWORD_PATH, SIGN_IN_PATH } from '../auth/next-path';

/** The designer's pages and their addresses: pure, so tests read it without a browser (router.ts does the history). */
export type Route =
  | { page: 'home' }
  | { page: 'sign-in' }
  | { page: 'reset-password' }
  | { page: 'flows' }
  | { page: 'editor'; flowId: string | null; newName: string | null }
  | { page: 'outbox' }
  | { page: 'contacts' }
  | { page: 'contact'; contactId: string }
  | { page: 'import' }
  | { page: 'segments' }
  | { page: 'segment'; segmentId: string | null }
  | { page: 'campaigns' }
  | { page: 'tasks' }
  | { page: 'reviews' }
  | { page: 'review'; reviewId: string }
  | { page: 'people' }
  | { page: 'audit' }
  | { page: 'templates' }
  | { page: 'template'; templateId: string | null }
  | { page: 'salutations' }
  | { page: 'budget' }
  | { page: 'plan'; campaignId: string }
  | { page: 'analysis'; campaignId: string }
  | { page: 'reports' }
  | { page: 'report'; reportId: string }
  | { page: 'unit-costs' }
  | { page: 'not-found' };

/** The pages whose address is one fixed path. */
const FIXED_PATHS: Readonly<Record<string, Route>> = {
  '/': { page: 'home' },
  [SIGN_IN_PATH]: { page: 'sign-in' },
  [RESET_PASSWORD_PATH]: { page: 'reset-password' },
  '/flows': { page: 'flows' },
  '/outbox': { page: 'outbox' },
  '/contacts': { page: 'contacts' },
  '/import': { page: 'import' },
  '/segments': { page: 'segments' },
  '/segments/new': { page: 'segment', segmentId: null },
  '/campaigns': { page: 'campaigns' },
  '/tasks': { page: 'tasks' },
  '/reviews': { page: 'reviews' },
  '/people': { page: 'people' },
  '/audit': { page: 'audit' },
  '/templates': { page: 'templates' },
  '/templates/new': { page: 'template', templateId: null },
  '/salutations': { page: 'salutations' },
  '/budget': { page: 'budget' },
  '/reports': { page: 'reports' },
  '/unit-costs': { page: 'unit-costs' },
};

export function matchRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const fixed = FIXED_PATHS[path];
  if (fixed) return fixed;
  const segment = /^\/segments\/([^/]+)$/.exec(path);
  if (segment?.[1]) return { page: 'segment', segmentId: decodeURIComponent(segment[1]) };
  const template = /^\/templates\/([^/]+)$/.exec(path);
  if (template?.[1]) return { page: 'template', templateId: decodeURIComponent(template[1]) };
  const review = /^\/reviews\/([^/]+)$/.exec(path);
  if (review?.[1]) return { page: 'review', reviewId: decodeURIComponent(review[1]) };
  const contact = /^\/contacts\/([^/]+)$/.exec(path);
  if (contact?.[1]) return { page: 'contact', contactId: decodeURIComponent(contact[1]) };
  const report = /^\/reports\/([^/]+)$/.exec(path);
  if (report?.[1]) return { page: 'report', reportId: decodeURIComponent(report[1]) };
  const campaignPage = /^\/campaigns\/([^/]+)\/(plan|analysis)$/.exec(path);
  if (campaignPage?.[1]) return { page: campaignPage[2] === 'plan' ? 'plan' : 'analysis', campaignId: decodeURIComponent(campaignPage[1]) };
  if (path === '/flows/new') return { page: 'editor', flowId: null, newName: url.searchParams.get('name') };
  const flow = /^\/flows\/([^/]+)$/.exec(path);
  if (flow?.[1]) return { page: 'editor', flowId: decodeURIComponent(flow[1]), newName: null };
  return { page: 'not-found' };
}
