import { isAudienceField, type AudienceField } from './audience-fields';

/** Company fields a segment may name as `company.<field>` (the contact's company). */
export const COMPANY_FIELDS = {
  kind: { label: 'Company kind', type: 'string' },
  name: { label: 'Company name', type: 'string' },
  city: { label: 'Company city', type: 'string' },
  country: { label: 'Company country', type: 'string' },
  industry: { label: 'Company industry', type: 'string' },
} as const satisfies Record<string, AudienceField>;
export type CompanyField = keyof typeof COMPANY_FIELDS;

export const COMPANY_PREFIX = 'company.';

/** Contact columns that only segments (not the flat audience rules) name. */
export const EXTRA_CONTACT_FIELDS = {
  abcClass: { label: 'ABC class', type: 'string' },
  customerCode: { label: 'Customer code', type: 'string' },
  position: { label: 'Position', type: 'string' },
} as const satisfies Record<string, AudienceField>;
export type ExtraContactField = keyof typeof EXTRA_CONTACT_FIELDS;

/** True when `field` names a company field (`company.kind`, ...). */
export function isCompanyField(field: string): boolean {
  return field.startsWith(COMPANY_PREFIX) && Object.prototype.hasOwnProperty.call(COMPANY_FIELDS, field.slice(COMPANY_PREFIX.length));
}

/** True when `field` is one of the segment-only contact columns (`abcClass`, ...). */
export function isExtraContactField(field: string): field is ExtraContactField {
  return Object.prototype.hasOwnProperty.call(EXTRA_CONTACT_FIELDS, field);
}

/** True when a segment condition may name `field`: the audience allowlist plus company and extra fields. */
export function isSegmentField(field: string): boolean {
  return isAudienceField(field) || isCompanyField(field) || isExtraContactField(field);
}
