import type { AttributeType } from '../../../contracts/attribute-definition';
import { UpdateOperationSchema, type UpdateOperation } from '../../../flow/nodes/update';

export type OperationKind = UpdateOperation['kind'];

/** Each kind of operation with its title, as the node's schema names them ("Set an attribute"...). */
export const OPERATION_KINDS: readonly { kind: OperationKind; title: string }[] = UpdateOperationSchema.anyOf.map((member) => ({
  kind: member.properties.kind.const as OperationKind,
  title: member.title ?? String(member.properties.kind.const),
}));

/** A fresh operation of `kind`, its fields empty for the designer to fill in. */
export function newOperation(kind: OperationKind): UpdateOperation {
  switch (kind) {
    case 'setAttribute':
      return { kind, key: '', value: '' };
    case 'clearAttribute':
      return { kind, key: '' };
    case 'subscribe':
    case 'unsubscribe':
      return { kind, topic: '' };
    case 'addToList':
      return { kind, listId: '' };
    case 'logEvent':
      return { kind, eventKind: 'campaign_note', title: '' };
  }
}

/** What an attribute definition's type makes of typed text: a number, yes/no, or the text itself (strings, dates, list choices). */
export function attributeValue(text: string, type: AttributeType | undefined): string | number | boolean {
  switch (type) {
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}
