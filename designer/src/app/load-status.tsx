import type { Loaded } from '../contacts/use-loaded';
import { FormError } from './form-error';

/** "Loading…" while `loaded` loads, why it failed if it did, nothing once it is ready. */
export function LoadStatus({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.status === 'loading') return <p className="muted">Loading…</p>;
  if (loaded.status === 'failed') return <FormError message={`Could not load ${what}: ${loaded.message}`} />;
  return null;
}
