import { useEffect, useState } from 'react';
import { crm } from '../api/crm-client';
import { errorMessage } from '../api/client';
import { segmentsApi } from '../api/segments-client';
import { buildFieldCatalog, type FieldCatalog } from './field-catalog';

export type CatalogState =
  | { status: 'loading' }
  /** `warning` says what could not be loaded; the catalog then lacks those fields (never blocks editing). */
  | { status: 'ready'; catalog: FieldCatalog; warning: string | null };

/** The builder's field catalog: the allowlist plus this workspace's attribute definitions and topics. */
export function useFieldCatalog(): CatalogState {
  const [state, setState] = useState<CatalogState>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    void Promise.allSettled([crm.listAttributeDefinitions(), segmentsApi.listTopics()]).then(([definitions, topics]) => {
      if (!current) return;
      const missing = [
        definitions.status === 'rejected' ? `custom attributes (${errorMessage(definitions.reason)})` : null,
        topics.status === 'rejected' ? `topics (${errorMessage(topics.reason)})` : null,
      ].filter(Boolean);
      setState({
        status: 'ready',
        catalog: buildFieldCatalog(
          definitions.status === 'fulfilled' ? definitions.value.items : [],
          topics.status === 'fulfilled' ? topics.value.items : [],
        ),
        warning: missing.length > 0 ? `Could not load ${missing.join(' and ')}.` : null,
      });
    });
    return () => {
      current = false;
    };
  }, []);
  return state;
}
