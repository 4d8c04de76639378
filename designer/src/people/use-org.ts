import { useCallback, useState } from 'react';
import { peopleApi, type Store, type Team } from '../api/people-client';
import { useLoaded, type Loaded } from '../contacts/use-loaded';

/** The stores and teams every tab of the People screen names and offers in its pickers. */
export interface Org {
  stores: Store[];
  teams: Team[];
}

/** Loads the stores and teams; `reload` after adding one. */
export function useOrg(): { org: Loaded<Org>; reload: () => void } {
  const [version, setVersion] = useState(0);
  const org = useLoaded(async () => {
    const [stores, teams] = await Promise.all([peopleApi.listStores(), peopleApi.listTeams()]);
    return { stores: stores.items, teams: teams.items };
  }, [version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { org, reload };
}

/** A store's name for a table cell; an id the list does not hold is shown as is. */
export function storeName(org: Org, id: string | null): string {
  if (id === null) return '—';
  return org.stores.find((store) => store.id === id)?.name ?? id;
}

export function teamName(org: Org, id: string | null): string {
  if (id === null) return '—';
  return org.teams.find((team) => team.id === id)?.name ?? id;
}
