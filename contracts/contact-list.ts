import { Type } from '@sinclair/typebox';
import { DateTimeSchema, UuidSchema } from './common';

/** A static contact list: a manual pick, or made from a customer-code file. */
export const ContactListSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  source: Type.Union([Type.Literal('manual'), Type.Literal('customer_codes')], { description: 'How the list was made' }),
  memberCount: Type.Integer({ minimum: 0 }),
  createdAt: DateTimeSchema,
});

export const ContactListListSchema = Type.Object({ items: Type.Array(ContactListSchema) });
