import type { Principal } from '../api/auth-client';
import { UserMenu } from '../auth/user-menu';
import { Link } from './link';
import { navItemsFor } from './navigation';
import type { Route } from './routes';

/**
 * The bar on every page: product name, the sections the signed-in person may open (from their
 * permissions, see navigation.ts) and their menu. Without a principal (the session still being
 * asked for) only the bar itself, so nothing jumps when it arrives.
 */
export function TopNav({ route, principal }: { route: Route; principal?: Principal }) {
  return (
    <header className="top-nav">
      <Link href="/" className="top-nav__brand">
        Campaign Studio
      </Link>
      {principal && (
        <>
          <nav aria-label="Main">
            {navItemsFor(principal.permissions).map((item) =>
              item.pages.length === 0 ? (
                <a key={item.href} href={item.href}>
                  {item.label}
                </a>
              ) : (
                <Link key={item.href} href={item.href} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
                  {item.label}
                </Link>
              ),
            )}
          </nav>
          <span className="top-nav__spacer" />
          <UserMenu principal={principal} />
        </>
      )}
    </header>
  );
}
