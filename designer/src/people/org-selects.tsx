import type { Role } from '../../../contracts/permissions';
import { ROLE_LABELS, ROLES } from '../auth/roles';
import type { Org } from './use-org';

/** A picker's value: '' stands for "none" (no store, no team). */
export const NONE = '';

export function RoleSelect({ label, value, onChange, disabled }: { label: string; value: Role; onChange: (role: Role) => void; disabled?: boolean }) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as Role)}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}

export function StoreSelect({ label, org, value, onChange, disabled }: { label: string; org: Org; value: string; onChange: (storeId: string) => void; disabled?: boolean }) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
      <option value={NONE}>No store</option>
      {org.stores.map((store) => (
        <option key={store.id} value={store.id}>
          {store.name} ({store.code})
        </option>
      ))}
    </select>
  );
}

/** Teams, each named with its store, so two "Sales" teams of two stores can be told apart. */
export function TeamSelect({ label, org, value, onChange, disabled }: { label: string; org: Org; value: string; onChange: (teamId: string) => void; disabled?: boolean }) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
      <option value={NONE}>No team</option>
      {org.teams.map((team) => {
        const store = org.stores.find((candidate) => candidate.id === team.storeId);
        return (
          <option key={team.id} value={team.id}>
            {store ? `${team.name} (${store.name})` : team.name}
          </option>
        );
      })}
    </select>
  );
}

/** '' → null, for the API's nullable ids. */
export function idOrNull(value: string): string | null {
  return value === NONE ? null : value;
}
