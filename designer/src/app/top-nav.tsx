import { Link } from './link';
import type { Route } from './router';

/** The bar on every page: product name, Flows, Contacts, Segments, Import, Outbox, and the API docs served by the API. */
export function TopNav({ route }: { route: Route }) {
  const current = (page: Route['page']) => (route.page === page ? 'page' : undefined);
  return (
    <header className="top-nav">
      <Link href="/" className="top-nav__brand">
        Campaign Studio
      </Link>
      <nav aria-label="Main">
        <Link href="/" aria-current={current('flows') ?? current('editor')}>
          Flows
        </Link>
        <Link href="/contacts" aria-current={current('contacts') ?? current('contact')}>
          Contacts
        </Link>
        <Link href="/segments" aria-current={current('segments') ?? current('segment')}>
          Segments
        </Link>
        <Link href="/import" aria-current={current('import')}>
          Import
        </Link>
        <Link href="/outbox" aria-current={current('outbox')}>
          Outbox
        </Link>
        <a href="/docs">API docs</a>
      </nav>
    </header>
  );
}
