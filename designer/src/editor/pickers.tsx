import { crm } from '../api/crm-client';
import { peopleApi } from '../api/people-client';
import { segmentsApi } from '../api/segments-client';
import type { FieldEditorProps } from './field-editor';
import { RemoteSelect, type RemoteOption } from './remote-select';

/** Loaders of the inspector's pickers: module-level, so each picker loads its list once. */
export const loadTeams = async (): Promise<RemoteOption[]> => (await peopleApi.listTeams()).items.map((team) => ({ value: team.id, label: team.name }));

export const loadPeople = async (): Promise<RemoteOption[]> =>
  (await peopleApi.listUsers()).items.filter((user) => !user.disabled).map((user) => ({ value: user.id, label: `${user.name} (${user.role})` }));

export const loadTopics = async (): Promise<RemoteOption[]> => (await segmentsApi.listTopics()).items.map((topic) => ({ value: topic.code, label: `${topic.name} (${topic.code})` }));

export const loadContactLists = async (): Promise<RemoteOption[]> =>
  (await segmentsApi.listContactLists()).items.map((list) => ({ value: list.id, label: `${list.name} (${list.memberCount.toLocaleString('en')})` }));

const loadProducts = async (): Promise<RemoteOption[]> =>
  (await crm.listProducts({ active: true, limit: 500 })).items.map((product) => ({ value: product.id, label: `${product.code} · ${product.name}` }));

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The convert node's product: a choice among the active products, by code. */
export function ProductPicker({ inputId, value, problems, onChange }: FieldEditorProps) {
  return <RemoteSelect id={inputId} value={text(value)} invalid={problems.length > 0} load={loadProducts} noun="product" emptyLabel="— The campaign's product —" onChange={onChange} />;
}

/** The workspace's attribute definitions (key, label, type), for questions and update operations. */
export const loadAttributeDefinitions = async () => (await crm.listAttributeDefinitions()).items;
