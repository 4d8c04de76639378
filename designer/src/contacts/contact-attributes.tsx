import type { AttributeDefinition } from '../api/crm-client';
import { attributeRows } from './attribute-format';
import type { Loaded } from './use-loaded';

/**
 * A contact's custom attributes under their definitions' labels, formatted by type. Without
 * definitions (not loaded, or failed) the keys and raw values still show.
 */
export function ContactAttributes({ attributes, definitions }: { attributes: Record<string, unknown>; definitions: Loaded<{ items: AttributeDefinition[] }> }) {
  const rows = attributeRows(attributes, definitions.status === 'ready' ? definitions.value.items : []);
  return (
    <section className="contact-section" aria-labelledby="contact-attributes-title">
      <h2 id="contact-attributes-title">Attributes</h2>
      {definitions.status === 'failed' && <p className="field__hint">Attribute labels could not be loaded ({definitions.message}); keys are shown instead.</p>}
      {rows.length === 0 ? (
        <p className="muted">No custom attributes.</p>
      ) : (
        <dl className="contact-facts">
          {rows.map((row) => (
            <div key={row.key} className="contact-facts__row">
              <dt title={row.defined ? `attributes.${row.key}` : 'Not a defined attribute'}>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
