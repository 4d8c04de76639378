/**
 * The contact fields an audience rule may name. Allowlisted here (pure, shared with the
 * designer's pickers) and mapped to SQL columns in `db/`; custom attributes are addressed as
 * `attributes.<key>`.
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'date';

export interface AudienceField {
  label: string;
  type: FieldType;
}

export const CONTACT_FIELDS = {
  email: { label: 'E-mail', type: 'string' },
  phone: { label: 'Phone', type: 'string' },
  firstName: { label: 'First name', type: 'string' },
  lastName: { label: 'Last name', type: 'string' },
  gender: { label: 'Gender', type: 'string' },
  title: { label: 'Title', type: 'string' },
  language: { label: 'Language', type: 'string' },
  city: { label: 'City', type: 'string' },
  country: { label: 'Country', type: 'string' },
  createdAt: { label: 'Created', type: 'date' },
} as const satisfies Record<string, AudienceField>;

export type ContactField = keyof typeof CONTACT_FIELDS;

export const ATTRIBUTE_PREFIX = 'attributes.';

export const RULE_OPERATORS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'exists'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** Attribute keys are identifiers so they can be shown, indexed and quoted safely. */
export const ATTRIBUTE_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function isContactField(field: string): field is ContactField {
  return Object.prototype.hasOwnProperty.call(CONTACT_FIELDS, field);
}

/** True when `field` is an allowlisted column or a well-formed `attributes.<key>`. */
export function isAudienceField(field: string): boolean {
  if (isContactField(field)) return true;
  return (
    field.startsWith(ATTRIBUTE_PREFIX) &&
    ATTRIBUTE_KEY_PATTERN.test(field.slice(ATTRIBUTE_PREFIX.length))
  );
}
