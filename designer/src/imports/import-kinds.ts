import type { JobImportKind } from '../api/crm-client';

/**
 * What the import page can load, and for each CSV kind the fields a column may fill. The field
 * names are the API's (api/imports/*-csv.ts; tests/unit/designer-import-mapping.test.ts keeps
 * the two lists equal); labels and aliases are for people and for guessing the mapping. Every
 * kind's mapping is sent as the upload's `mapping` field, so any column may be ignored.
 */

export type ImportKind = JobImportKind | 'customer-codes';

/** A field a CSV column can be imported into; `aliases` are other headers that mean it. */
export interface ImportTarget {
  value: string;
  label: string;
  aliases?: readonly string[];
}

/** At least one of `anyOf` must receive a column, or the server refuses every line. */
export interface MappingRequirement {
  anyOf: readonly string[];
  message: string;
}

export interface CsvImportKind {
  kind: JobImportKind;
  label: string;
  description: string;
  fields: readonly ImportTarget[];
  required: readonly MappingRequirement[];
}

const EMAIL: ImportTarget = { value: 'email', label: 'E-mail', aliases: ['emailaddress', 'mail', 'courriel'] };
const PHONE: ImportTarget = { value: 'phone', label: 'Phone', aliases: ['telephone', 'tel', 'mobile', 'phonenumber', 'telefon'] };
const ADDRESS_LINE: ImportTarget = { value: 'addressLine', label: 'Address', aliases: ['address', 'street', 'streetaddress', 'adresse'] };
const POSTAL_CODE: ImportTarget = { value: 'postalCode', label: 'Postal code', aliases: ['postcode', 'zip', 'zipcode', 'plz', 'cap'] };
const CITY: ImportTarget = { value: 'city', label: 'City', aliases: ['town', 'ort', 'ville'] };
const COUNTRY: ImportTarget = { value: 'country', label: 'Country', aliases: ['countrycode', 'land', 'pays'] };
const CUSTOMER_CODE: ImportTarget = { value: 'customerCode', label: 'Customer code', aliases: ['customerno', 'customernumber', 'customerid', 'clientcode', 'clientno'] };

export const CONTACTS: CsvImportKind = {
  kind: 'contacts',
  label: 'Contacts',
  description: 'People, matched to existing contacts by e-mail or customer code: matches are updated, the rest created.',
  fields: [
    EMAIL,
    CUSTOMER_CODE,
    { value: 'firstName', label: 'First name', aliases: ['givenname', 'forename', 'prenom', 'vorname'] },
    { value: 'lastName', label: 'Last name', aliases: ['surname', 'familyname', 'nom', 'nachname'] },
    { value: 'gender', label: 'Gender', aliases: ['sex'] },
    { value: 'title', label: 'Title', aliases: ['salutation'] },
    { value: 'position', label: 'Position', aliases: ['jobtitle', 'job', 'role', 'function'] },
    { value: 'language', label: 'Language', aliases: ['lang', 'locale'] },
    { value: 'timeZone', label: 'Time zone', aliases: ['tz'] },
    PHONE,
    ADDRESS_LINE,
    POSTAL_CODE,
    CITY,
    COUNTRY,
  ],
  required: [{ anyOf: ['email', 'customerCode'], message: 'Map a column to E-mail or Customer code: every contact needs one of them.' }],
};

export const COMPANIES: CsvImportKind = {
  kind: 'companies',
  label: 'Companies',
  description: 'Clients, prospects, partners and competitors, merged by company code.',
  fields: [
    { value: 'code', label: 'Company code', aliases: ['companycode', 'companyno', 'companyid'] },
    { value: 'name', label: 'Name', aliases: ['companyname', 'company'] },
    { value: 'kind', label: 'Kind', aliases: ['type', 'companytype', 'category'] },
    { value: 'vatNumber', label: 'VAT number', aliases: ['vat', 'vatid', 'taxid', 'taxnumber'] },
    { value: 'industry', label: 'Industry', aliases: ['sector', 'branch'] },
    EMAIL,
    PHONE,
    ADDRESS_LINE,
    POSTAL_CODE,
    CITY,
    COUNTRY,
  ],
  required: [{ anyOf: ['name'], message: 'Map a column to Name: every company needs one.' }],
};

export const SALES: CsvImportKind = {
  kind: 'sales',
  label: 'Sales',
  description: 'Purchase history, one line per sales line, grouped into orders by order number.',
  fields: [
    { value: 'orderNumber', label: 'Order number', aliases: ['order', 'orderno', 'orderid', 'invoice', 'invoicenumber'] },
    CUSTOMER_CODE,
    EMAIL,
    { value: 'orderedAt', label: 'Order date', aliases: ['date', 'orderdate', 'ordered', 'purchasedate'] },
    { value: 'productCode', label: 'Product code', aliases: ['product', 'sku', 'item', 'itemcode', 'article'] },
    { value: 'family', label: 'Product family', aliases: ['productfamily', 'productgroup', 'group', 'category'] },
    { value: 'quantity', label: 'Quantity', aliases: ['qty', 'count', 'units'] },
    { value: 'amount', label: 'Amount', aliases: ['total', 'value', 'price', 'revenue'] },
    { value: 'storeCode', label: 'Store code', aliases: ['store', 'shop', 'storeid', 'branchcode'] },
  ],
  required: [
    { anyOf: ['orderNumber'], message: 'Map a column to Order number.' },
    { anyOf: ['orderedAt'], message: 'Map a column to Order date.' },
    { anyOf: ['quantity'], message: 'Map a column to Quantity.' },
    { anyOf: ['amount'], message: 'Map a column to Amount.' },
    { anyOf: ['customerCode', 'email'], message: 'Map a column to Customer code or E-mail: every sale names its customer.' },
  ],
};

export const CSV_IMPORT_KINDS: readonly CsvImportKind[] = [CONTACTS, COMPANIES, SALES];

/** The choices of the page, in order: the three CSV kinds and the customer-code file. */
export const IMPORT_CHOICES: readonly { kind: ImportKind; label: string; description: string }[] = [
  ...CSV_IMPORT_KINDS,
  {
    kind: 'customer-codes',
    label: 'Customer-code file',
    description: 'A text file of customer codes, one per line (no header): makes a contact list of the customers it names.',
  },
];

export function csvImportKind(kind: ImportKind): CsvImportKind | undefined {
  return CSV_IMPORT_KINDS.find((candidate) => candidate.kind === kind);
}
